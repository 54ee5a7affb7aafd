using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Server.Tests.Volunteers;

/// <summary>On the day: check-in and check-out, hours confirmed by staff into a service record and the credit record, corrections, stars and certificates.</summary>
public sealed class ServiceHoursTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new(settings: new Dictionary<string, string?>
    {
        // Small thresholds so that one shift earns a star.
        ["Volunteers:StarThresholdHours:0"] = "2",
        ["Volunteers:StarThresholdHours:1"] = "10",
    });

    public async Task InitializeAsync() => await SetUpAsync(_f);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<Assignment> ServedAsync()
    {
        var activity = await ActivityAsync(_f);
        var shift = await ShiftAsync(_f, activity, Today, 10, 13);
        await VolunteerAsync(_f, "v1");
        var a = await Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });
        _f.Clock.Advance(Duration.FromMinutes(50)); // 09:50
        await Client(_f, "resident:v1").CheckInAsync(new CheckInRequest { Name = a.Name });
        _f.Clock.Advance(Duration.FromMinutes(10 + 150)); // 12:30
        return await Client(_f, "resident:v1").CheckOutAsync(new CheckOutRequest { Name = a.Name });
    }

    [Fact]
    public async Task Hours_come_from_check_in_and_out_and_confirming_them_makes_a_service_record_a_credit_event_and_stars()
    {
        var a = await ServedAsync();

        var record = await Client(_f, Office).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name });

        Assert.Equal(2.5, record.Hours);
        Assert.Equal("staff/li", record.ConfirmedBy);
        Assert.Equal("学校操场周末开放", record.Service);
        var credit = await new CreditService.CreditServiceClient(_f.Channel("resident:v1")).GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/v1/creditRecord" });
        var good = Assert.Single(credit.Events);
        Assert.Equal(CreditEvent.Types.Kind.VolunteerService, good.Kind);
        Assert.Equal(record.Name, good.Source);
        var me = await Client(_f, "resident:v1").GetVolunteerAsync(new GetVolunteerRequest { Name = "residents/v1/volunteer" });
        Assert.Equal(2.5, me.ConfirmedHours);
        Assert.Equal(1, me.StarLevel);
        Assert.Equal(10, me.NextStarHours);
        var account = await TimeAccountAsync("v1");
        Assert.Equal((150, 150), (account.BalanceMinutes, account.DepositedMinutes));
        var twice = await Assert.ThrowsAsync<RpcException>(() => Client(_f, Office).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name }).ResponseAsync);
        Assert.Equal("HOURS_ALREADY_CONFIRMED", Reason(twice));
    }

    [Fact]
    public async Task Only_staff_over_the_activity_confirm_and_without_a_check_in_they_state_the_hours()
    {
        var activity = await ActivityAsync(_f);
        var shift = await ShiftAsync(_f, activity, Today, 10, 13);
        await VolunteerAsync(_f, "v1");
        var a = await Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });
        _f.Clock.Advance(Duration.FromHours(5));

        Assert.Equal("NOT_ALLOWED", Reason(await Assert.ThrowsAsync<RpcException>(() => Client(_f, "resident:v1").ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name }).ResponseAsync)));
        Assert.Equal("NOT_IN_SCOPE", Reason(await Assert.ThrowsAsync<RpcException>(() => Client(_f, OtherOffice).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name }).ResponseAsync)));
        Assert.Equal("NOT_CHECKED_IN", Reason(await Assert.ThrowsAsync<RpcException>(() => Client(_f, Office).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name }).ResponseAsync)));
        var stated = await Client(_f, Office).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name, Hours = 3 });
        Assert.Equal(3, stated.Hours);
    }

    [Fact]
    public async Task A_correction_needs_a_reason_and_changes_the_hours_only_when_granted()
    {
        var a = await ServedAsync();
        var record = await Client(_f, Office).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name });
        var me = Client(_f, "resident:v1");

        var noReason = await Assert.ThrowsAsync<RpcException>(() => me.RequestHoursCorrectionAsync(new RequestHoursCorrectionRequest { Name = record.Name, Hours = 3 }).ResponseAsync);
        Assert.Equal("reason", Assert.Single(FieldViolations(noReason)).Field);
        var asked = await me.RequestHoursCorrectionAsync(new RequestHoursCorrectionRequest { Name = record.Name, Hours = 3, Reason = "签退晚了半小时" });
        Assert.Equal(ServiceRecord.Types.CorrectionState.Pending, asked.CorrectionState);
        Assert.Equal("CORRECTION_PENDING", Reason(await Assert.ThrowsAsync<RpcException>(() =>
            me.RequestHoursCorrectionAsync(new RequestHoursCorrectionRequest { Name = record.Name, Hours = 4, Reason = "再改" }).ResponseAsync)));
        var granted = await Client(_f, Office).DecideHoursCorrectionAsync(new DecideHoursCorrectionRequest { Name = record.Name, Grant = true });

        Assert.Equal(3, granted.Hours);
        Assert.Equal("staff/li", granted.CorrectionDecidedBy);
        var list = await me.ListServiceRecordsAsync(new ListServiceRecordsRequest { Parent = "residents/v1/volunteer" });
        Assert.Equal(3, list.ConfirmedHours);
        // The time account follows: 2.5 hours at confirmation, the half hour more when granted.
        var entries = await new TimeBankService.TimeBankServiceClient(_f.Channel("resident:v1"))
            .ListTimeEntriesAsync(new ListTimeEntriesRequest { Parent = "residents/v1/timeAccount" });
        Assert.Equal(new long[] { 150, 30 }, entries.TimeEntries.OrderBy(e => e.Sequence).Select(e => e.Minutes).ToArray());
        Assert.Equal(180, (await TimeAccountAsync("v1")).BalanceMinutes);
    }

    private Task<TimeAccount> TimeAccountAsync(string resident) =>
        new TimeBankService.TimeBankServiceClient(_f.Channel("resident:" + resident))
            .GetTimeAccountAsync(new GetTimeAccountRequest { Name = $"residents/{resident}/timeAccount" }).ResponseAsync;

    [Fact]
    public async Task A_certificate_names_the_hours_and_the_issuer_and_anyone_verifies_it_by_number_with_the_name_masked()
    {
        var a = await ServedAsync();
        await Client(_f, Office).ConfirmHoursAsync(new ConfirmHoursRequest { Name = a.Name });
        var none = await Assert.ThrowsAsync<RpcException>(() => Client(_f, OtherOffice).IssueCertificateAsync(new IssueCertificateRequest
        {
            Parent = "residents/v1/volunteer",
            Certificate = new Certificate { Content = "学校开放", Organisation = "七宝镇", PersonInCharge = "王主任" },
        }).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(none));

        var issued = await Client(_f, Office).IssueCertificateAsync(new IssueCertificateRequest
        {
            Parent = "residents/v1/volunteer",
            Certificate = new Certificate { Content = "学校操场周末开放现场服务", Organisation = "莘庄镇人民政府", PersonInCharge = "张主任" },
        });
        var verified = await Client(_f, null).VerifyCertificateAsync(new VerifyCertificateRequest { Name = issued.Name });

        Assert.Equal(2.5, issued.Hours);
        Assert.Equal("志愿者v1", issued.VolunteerName);
        Assert.Equal("志****", verified.VolunteerName);
        Assert.Equal("", verified.Volunteer);
        Assert.Equal("莘庄镇人民政府", verified.Organisation);
        Assert.Equal(issued.Number, verified.Number);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client(_f, null).VerifyCertificateAsync(new VerifyCertificateRequest { Name = "certificates/vs-20260610-nothere" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
