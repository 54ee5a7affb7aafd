using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Complaints;
using Google.Protobuf;
using Grpc.Core;
using CommunityShare.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Rpc;
using ProtoComplaint = CommunityShare.Contracts.V1.Complaint;
using Kind = CommunityShare.Contracts.V1.Complaint.Types.TargetKind;
using Level = CommunityShare.Contracts.V1.Complaint.Types.Level;
using State = CommunityShare.Contracts.V1.Complaint.Types.State;

namespace CommunityShare.Server.Tests.Complaints;

/// <summary>
/// Complaints through the API: routing, deadlines in working days across the Dragon Boat holiday,
/// escalation by the sweep, who sees what (anonymity), closing, rating, every step kept.
/// </summary>
public sealed class ComplaintTests : IAsyncLifetime
{
    public const string InstitutionStaff = "staff:zhao:institution=school-1";
    public const string OtherInstitution = "staff:qian:institution=school-2";
    public const string Xinzhuang = "staff:li:office=310112101";
    public const string Qibao = "staff:wang:office=310112102";
    public const string Supervisor = "staff:chen:supervisor=310112";
    public const string District = "staff:admin";
    private readonly ServerFixture _f = new(settings: new Dictionary<string, string?> { ["Complaints:EscalationSweepSeconds"] = "3600" });
    private string _schoolAccount = "";
    private string _officeAccount = "";

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        await _f.AddResidentAsync("r2", "310112101001", "王建国");
        // Staff with accounts, so that notices have somewhere to go.
        await _f.CreateAccountAsync("school1-staff", "Complaint-pass-2026", null, new RoleAssignment(Role.InstitutionStaff, "school-1"));
        await _f.CreateAccountAsync("xinzhuang-staff", "Complaint-pass-2026", null, new RoleAssignment(Role.StreetOfficeStaff, "310112101"));
        (_schoolAccount, _officeAccount) = await _f.WithDbAsync(async db => (
            await db.Users.Where(u => u.UserName == "school1-staff").Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.UserName == "xinzhuang-staff").Select(u => u.Id).SingleAsync()));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ComplaintService.ComplaintServiceClient Client(string actor) => new(_f.Channel(actor));

    private static Instant At(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    private AsyncUnaryCall<ProtoComplaint> File(string actor = "resident:r1", Kind kind = Kind.Facility, string target = "facilities/court-x",
        bool anonymous = false, string place = "", string description = "篮球场灯坏了三天，晚上无法使用。", ByteString? photo = null) =>
        Client(actor).FileComplaintAsync(new FileComplaintRequest
        {
            Complaint = new ProtoComplaint { TargetKind = kind, Target = target, Anonymous = anonymous, Place = place, Description = description },
            Photo = photo ?? ByteString.Empty,
        });

    private async Task<int> SweepAsync()
    {
        await using var scope = _f.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ComplaintDesk>().EscalateOverdueAsync(default);
    }

    private Task<ProtoComplaint> GetAsync(string name, string actor = District) =>
        Client(actor).GetComplaintAsync(new GetComplaintRequest { Name = name }).ResponseAsync;

    private Task<List<global::CommunityShare.Server.Notifications.OutboxMessage>> MessagesAsync(string recipient) =>
        _f.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Recipient == recipient).ToListAsync());

    [Fact]
    public async Task Five_working_days_across_dragon_boat_then_office_then_district()
    {
        _f.Clock.Reset(At(6, 15, 10));
        var complaint = await File();
        // 06-16, 17, 18, (19–21 端午), 22, 23: due at the end of 06-23.
        Assert.Equal(At(6, 24, 0), complaint.DueTime.ToInstant());
        Assert.Equal((Level.Operator, State.Open), (complaint.Level, complaint.State));
        Assert.Equal("institutions/school-1", complaint.Institution);
        Assert.Equal("places/310112101", complaint.Office);

        _f.Clock.Reset(At(6, 22, 18));
        Assert.Equal(0, await SweepAsync());
        _f.Clock.Reset(At(6, 23, 23, 59));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(Level.Operator, (await GetAsync(complaint.Name)).Level);

        _f.Clock.Reset(At(6, 24, 0, 5));
        Assert.Equal(1, await SweepAsync());
        var atOffice = await GetAsync(complaint.Name);
        Assert.Equal(Level.Office, atOffice.Level);
        Assert.True(atOffice.Overdue is false);
        // Five working days from 06-24 (Wed): 25, 26, 29, 30, 07-01.
        Assert.Equal(At(7, 2, 0), atOffice.DueTime.ToInstant());
        Assert.Contains(await MessagesAsync("accounts/" + _officeAccount), m => m.Template == ComplaintDesk.EscalatedTemplate);
        Assert.Contains(await MessagesAsync("residents/r1"), m => m.Template == ComplaintDesk.EscalatedTemplate);

        // The institution has lost it: only the office or above may answer now.
        await FailsAsync(StatusCode.PermissionDenied, "NOT_RESPONSIBLE", () =>
            Client(InstitutionStaff).RespondToComplaintAsync(new RespondToComplaintRequest { Name = complaint.Name, Response = "已修好" }));

        _f.Clock.Reset(At(7, 2, 9));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(Level.District, (await GetAsync(complaint.Name)).Level);
        _f.Clock.Reset(At(8, 1, 9));
        Assert.Equal(0, await SweepAsync());

        var steps = (await Client(District).ListComplaintStepsAsync(new ListComplaintStepsRequest { Parent = complaint.Name })).Steps;
        Assert.Equal([ComplaintStep.Types.Kind.Filed, ComplaintStep.Types.Kind.Routed, ComplaintStep.Types.Kind.Escalated, ComplaintStep.Types.Kind.Escalated],
            steps.Select(s => s.Kind));
        Assert.Equal([At(6, 15, 10), At(6, 15, 10), At(6, 24, 0, 5), At(7, 2, 9)], steps.Select(s => s.Time.ToInstant()));
        Assert.Equal("system", steps[2].Actor);
    }

    [Fact]
    public async Task A_shorter_deadline_from_the_district_policy_applies_to_new_complaints()
    {
        _f.Clock.Reset(At(6, 15, 10));
        var policy = await Client(District).UpdateComplaintPolicyAsync(new UpdateComplaintPolicyRequest
        {
            ComplaintPolicy = new ComplaintPolicy { ResponseWorkingDays = 3 },
        });
        Assert.Equal(3, policy.ResponseWorkingDays);
        // 16, 17, 18.
        Assert.Equal(At(6, 19, 0), (await File()).DueTime.ToInstant());
        await InvalidAsync(() => Client(District).UpdateComplaintPolicyAsync(new UpdateComplaintPolicyRequest
            { ComplaintPolicy = new ComplaintPolicy { ResponseWorkingDays = 0 } }), ("complaint_policy.response_working_days", "OUT_OF_RANGE"));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Client(Xinzhuang).UpdateComplaintPolicyAsync(new UpdateComplaintPolicyRequest
            { ComplaintPolicy = new ComplaintPolicy { ResponseWorkingDays = 5 } }));
    }

    [Fact]
    public async Task A_make_up_day_set_by_the_district_counts_toward_the_deadline()
    {
        _f.Clock.Reset(At(6, 15, 10));
        // Say the district works Saturday 06-20 (a made-up change): the deadline comes one day sooner.
        await Client(District).SetCalendarDayAsync(new SetCalendarDayRequest
        {
            CalendarDay = new CalendarDay { Date = new Google.Type.Date { Year = 2026, Month = 6, Day = 20 }, Kind = CalendarDay.Types.Kind.WorkingDay, DisplayName = "调休上班" },
        });
        Assert.Equal(At(6, 23, 0), (await File()).DueTime.ToInstant());
        var days = await Client("resident:r1").ListCalendarDaysAsync(new ListCalendarDaysRequest { Year = 2026 });
        Assert.Contains(days.CalendarDays, d => d.Name == "calendarDays/2026-06-20" && d.Kind == CalendarDay.Types.Kind.WorkingDay);
        Assert.Contains(days.CalendarDays, d => d.Name == "calendarDays/2026-10-01" && d.Kind == CalendarDay.Types.Kind.Holiday);
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Client(Xinzhuang).DeleteCalendarDayAsync(new DeleteCalendarDayRequest { Name = "calendarDays/2026-06-20" }));
        await Client(District).DeleteCalendarDayAsync(new DeleteCalendarDayRequest { Name = "calendarDays/2026-06-20" });
        await NotFoundAsync(() => Client(District).DeleteCalendarDayAsync(new DeleteCalendarDayRequest { Name = "calendarDays/2026-06-20" }));
        await InvalidAsync(() => Client(District).SetCalendarDayAsync(new SetCalendarDayRequest { CalendarDay = new CalendarDay() }),
            ("calendar_day.date", "REQUIRED"), ("calendar_day.kind", "REQUIRED"), ("calendar_day.display_name", "REQUIRED"));
    }

    [Fact]
    public async Task Complaints_go_to_whoever_answers_first()
    {
        var facility = await File();
        Assert.Equal((Level.Operator, "institutions/school-1", "facilities/court-x"), (facility.Level, facility.Institution, facility.Facility));

        var conduct = await File(kind: Kind.StaffConduct, target: "前台工作人员（工号 1023）", place: "facilities/court-q", description: "态度恶劣。");
        Assert.Equal((Level.Office, "places/310112102", ""), (conduct.Level, conduct.Office, conduct.Institution));

        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest
            { Parent = "facilities/court-x", Booking = Slot(ServerFixture.DefaultNow.InZone(Shanghai).Date.PlusDays(1), 10) });
        var decision = await File(kind: Kind.BookingDecision, target: booking.Name, description: "预约被无故取消。");
        Assert.Equal((Level.Operator, "institutions/school-1"), (decision.Level, decision.Institution));
        Assert.Equal(booking.Name, decision.Target);
        // Someone else's booking is not theirs to complain about: it does not exist for them.
        await NotFoundAsync(() => File("resident:r2", Kind.BookingDecision, booking.Name));

        // The responsible staff were told, without who filed it.
        var notices = await MessagesAsync("accounts/" + _schoolAccount);
        Assert.Equal(2, notices.Count(m => m.Template == ComplaintDesk.FiledTemplate));
        var xinzhuang = await Client(Xinzhuang).ListComplaintsAsync(new ListComplaintsRequest());
        Assert.Equal(2, xinzhuang.Complaints.Count);
        var qibao = await Client(Qibao).ListComplaintsAsync(new ListComplaintsRequest());
        Assert.Equal([conduct.Name], qibao.Complaints.Select(c => c.Name));
    }

    [Fact]
    public async Task The_targets_staff_never_learn_who_filed_an_anonymous_complaint()
    {
        _f.Clock.Reset(At(6, 15, 10));
        var complaint = await File(anonymous: true);
        Assert.Equal("residents/r1", complaint.FiledBy);

        var seenByTarget = await GetAsync(complaint.Name, InstitutionStaff);
        Assert.Equal("", seenByTarget.FiledBy);
        Assert.True(seenByTarget.Anonymous);
        Assert.Equal("", (await Client(InstitutionStaff).ListComplaintsAsync(new ListComplaintsRequest())).Complaints.Single().FiledBy);
        // The supervising office and the district may know.
        Assert.Equal("residents/r1", (await GetAsync(complaint.Name, Xinzhuang)).FiledBy);
        Assert.Equal("residents/r1", (await GetAsync(complaint.Name, Supervisor)).FiledBy);

        await Client(InstitutionStaff).RespondToComplaintAsync(new RespondToComplaintRequest { Name = complaint.Name, Response = "已安排维修。" });
        await Client(Xinzhuang).CloseComplaintAsync(new CloseComplaintRequest { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.Upheld, Note = "属实。" });
        await Client("resident:r1").RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 4 });

        var steps = (await Client(InstitutionStaff).ListComplaintStepsAsync(new ListComplaintStepsRequest { Parent = complaint.Name })).Steps;
        Assert.DoesNotContain(steps, s => s.Actor.Contains("r1", StringComparison.Ordinal));
        Assert.Equal("anonymous", steps[0].Actor);
        Assert.Equal("anonymous", steps[^1].Actor);
        // Nothing the institution's staff were sent names, numbers or identifies the filer.
        var sent = await MessagesAsync("accounts/" + _schoolAccount);
        Assert.NotEmpty(sent);
        var mobile = await _f.WithDbAsync(db => db.Set<global::CommunityShare.Server.Residents.ResidentRecord>().Where(r => r.Id == "r1").Select(r => r.Mobile).SingleAsync());
        Assert.All(sent, m => Assert.DoesNotContain("李晓明", m.Text, StringComparison.Ordinal));
        Assert.All(sent, m => Assert.DoesNotContain(mobile, m.Text, StringComparison.Ordinal));
        Assert.All(sent, m => Assert.DoesNotContain("r1", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_those_in_scope_see_answer_and_close()
    {
        var complaint = await File();
        await FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", () => Client("resident:r2").GetComplaintAsync(new GetComplaintRequest { Name = complaint.Name }));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Client(OtherInstitution).GetComplaintAsync(new GetComplaintRequest { Name = complaint.Name }));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Client(Qibao).GetComplaintAsync(new GetComplaintRequest { Name = complaint.Name }));
        // The supervisor sees everything in the district but does not answer.
        await GetAsync(complaint.Name, Supervisor);
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Client(Supervisor).CloseComplaintAsync(new CloseComplaintRequest { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.Upheld, Note = "x" }));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", () =>
            Client("resident:r1").RespondToComplaintAsync(new RespondToComplaintRequest { Name = complaint.Name, Response = "自己答复" }));

        var responded = await Client(InstitutionStaff).RespondToComplaintAsync(new RespondToComplaintRequest { Name = complaint.Name, Response = "已更换灯管。" });
        Assert.Equal(State.Responded, responded.State);
        Assert.NotNull(responded.FirstResponseTime);
        await StaleEtagAsync(() => Client(InstitutionStaff).CloseComplaintAsync(new CloseComplaintRequest
            { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.NotUpheld, Note = "x", Etag = complaint.Etag }));
        var closed = await Client(InstitutionStaff).CloseComplaintAsync(new CloseComplaintRequest
            { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.PartlyUpheld, Note = "灯已修好，照明时间另议。", Etag = responded.Etag });
        Assert.Equal((State.Closed, ProtoComplaint.Types.Outcome.PartlyUpheld), (closed.State, closed.Outcome));
        await FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW", () => Client(Xinzhuang).CloseComplaintAsync(new CloseComplaintRequest
            { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.Upheld, Note = "x" }));
        Assert.Contains(await MessagesAsync("residents/r1"), m => m.Template == ComplaintDesk.ClosedTemplate);
    }

    /// <summary>prov-1 runs court-x under an active contract for 2026 (contracting office Xinzhuang).</summary>
    private async Task ContractAsync()
    {
        var now = _f.Clock.GetCurrentInstant();
        await _f.WithDbAsync(async db =>
        {
            db.Providers.Add(new global::CommunityShare.Domain.Providers.Provider("prov-1", "莘庄体育运营有限公司", global::CommunityShare.Domain.Providers.ProviderKind.Company, "91310112MA1G000001",
                "310112101001", "", now));
            var contract = new global::CommunityShare.Domain.Providers.ServiceContract("contract-1", "prov-1", new global::CommunityShare.Domain.Providers.ContractTerms("篮球场委托运营",
                global::CommunityShare.Domain.Providers.ContractKind.EntrustedService, "310112101", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), 120_000m, ["court-x"],
                global::CommunityShare.Domain.Providers.ServiceLevels.None), now);
            contract.Activate(now.InZone(Shanghai).Date, now);
            db.ServiceContracts.Add(contract);
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task A_facility_run_under_contract_goes_to_its_operator_too_and_providers_answer_for_themselves()
    {
        await ContractAsync();
        const string providerStaff = "staff:p1:provider=prov-1";
        const string otherProvider = "staff:p2:provider=prov-2";
        var complaint = await File(anonymous: true);
        Assert.Equal(("providers/prov-1", "institutions/school-1", Level.Operator), (complaint.Provider, complaint.Institution, complaint.Level));
        var seen = await GetAsync(complaint.Name, providerStaff);
        Assert.Equal("", seen.FiledBy);
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Client(otherProvider).GetComplaintAsync(new GetComplaintRequest { Name = complaint.Name }));
        Assert.Equal(State.Responded, (await Client(providerStaff).RespondToComplaintAsync(new RespondToComplaintRequest { Name = complaint.Name, Response = "运营方已维修。" })).State);
        Assert.Equal([complaint.Name], (await Client(providerStaff).ListComplaintsAsync(new ListComplaintsRequest())).Complaints.Select(c => c.Name));
        Assert.Empty((await Client(otherProvider).ListComplaintsAsync(new ListComplaintsRequest())).Complaints);

        // A facility no contract runs has no operator; a complaint about the provider itself goes to the provider.
        Assert.Equal("", (await File(target: "facilities/court-q")).Provider);
        var aboutProvider = await File(kind: Kind.Provider, target: "providers/prov-1", description: "运营方收费不透明。");
        Assert.Equal(("providers/prov-1", "", Level.Operator, "places/310112101"),
            (aboutProvider.Provider, aboutProvider.Institution, aboutProvider.Level, aboutProvider.Office));
        await GetAsync(aboutProvider.Name, providerStaff);
        await NotFoundAsync(() => File(kind: Kind.Provider, target: "providers/nobody"));
    }

    [Fact]
    public async Task Of_many_concurrent_closes_exactly_one_wins_and_one_closed_step_is_kept()
    {
        var complaint = await File();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await Client(i % 2 == 0 ? District : Xinzhuang).CloseComplaintAsync(new CloseComplaintRequest
                    { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.Upheld, Note = $"第{i}次办结。" });
                return "OK";
            }
            catch (RpcException e)
            {
                return e.StatusCode + " " + Reason(e);
            }
        }));
        Assert.Equal(1, outcomes.Count(o => o == "OK"));
        Assert.All(outcomes.Where(o => o != "OK"), o => Assert.Contains(o, new[] { "Aborted ETAG_MISMATCH", "FailedPrecondition STATE_DOES_NOT_ALLOW" }));
        var steps = (await Client(District).ListComplaintStepsAsync(new ListComplaintStepsRequest { Parent = complaint.Name })).Steps;
        Assert.Single(steps, s => s.Kind == ComplaintStep.Types.Kind.Closed);
    }

    [Fact]
    public async Task Only_the_filer_rates_and_only_after_close_once()
    {
        var complaint = await File();
        await FailsAsync(StatusCode.FailedPrecondition, "COMPLAINT_NOT_CLOSED", () =>
            Client("resident:r1").RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 3 }));
        await Client(District).CloseComplaintAsync(new CloseComplaintRequest { Name = complaint.Name, Outcome = ProtoComplaint.Types.Outcome.NotUpheld, Note = "经核查灯具正常。" });
        await FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", () =>
            Client(District).RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 5 }));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", () =>
            Client("resident:r2").RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 5 }));
        await InvalidAsync(() => Client("resident:r1").RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 6 }), ("satisfaction", "OUT_OF_RANGE"));
        var rated = await Client("resident:r1").RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 2, Comment = "不满意" });
        Assert.Equal(2, rated.Satisfaction);
        await FailsAsync(StatusCode.FailedPrecondition, "ALREADY_RATED", () =>
            Client("resident:r1").RateComplaintAsync(new RateComplaintRequest { Name = complaint.Name, Satisfaction = 3 }));
        var mine = await Client("resident:r1").ListComplaintsAsync(new ListComplaintsRequest { Filer = "me" });
        Assert.Equal([complaint.Name], mine.Complaints.Select(c => c.Name));
        Assert.Empty((await Client("resident:r2").ListComplaintsAsync(new ListComplaintsRequest { Filer = "me" })).Complaints);
        await FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", () => Client("resident:r2").ListComplaintsAsync(new ListComplaintsRequest()));
    }

    [Fact]
    public async Task Filing_tells_every_problem_at_once_and_checks_the_photo()
    {
        await InvalidAsync(() => Client("resident:r1").FileComplaintAsync(new FileComplaintRequest
            {
                Complaint = new ProtoComplaint { Description = new string('很', 2001) },
                Photo = ByteString.CopyFromUtf8("GIF89a not a jpeg"),
            }),
            ("complaint.target_kind", "REQUIRED"), ("complaint.target", "REQUIRED"), ("complaint.description", "TOO_LONG"), ("photo", "PHOTO_NOT_AN_IMAGE"));
        await InvalidAsync(() => File(kind: Kind.StaffConduct, target: "某工作人员"), ("complaint.place", "REQUIRED"));
        var big = new byte[ComplaintPhotoLimit + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        await InvalidAsync(() => File(photo: ByteString.CopyFrom(big)), ("photo", "PHOTO_TOO_LARGE"));
        await NotFoundAsync(() => File(target: "facilities/nowhere"));
        await UnauthenticatedAsync(() => File(actor: null!));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var withPhoto = await File(photo: ByteString.CopyFrom(png));
        Assert.True(withPhoto.HasPhoto);
        var photo = await Client(InstitutionStaff).GetComplaintPhotoAsync(new GetComplaintPhotoRequest { Name = withPhoto.Name + "/photo" });
        Assert.Equal("image/png", photo.ContentType);
        Assert.Equal(png, photo.Data.ToByteArray());
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Client(OtherInstitution).GetComplaintPhotoAsync(new GetComplaintPhotoRequest { Name = withPhoto.Name + "/photo" }));
    }

    private const int ComplaintPhotoLimit = global::CommunityShare.Domain.Complaints.ComplaintPhoto.MaxBytes;

    [Fact]
    public async Task The_queue_puts_overdue_first_then_by_due_time()
    {
        _f.Clock.Reset(At(6, 15, 10));
        var first = await File();
        _f.Clock.Reset(At(6, 16, 10));
        var second = await File(description: "场地地面湿滑。");
        _f.Clock.Reset(At(6, 17, 10));
        var third = await File(description: "开放时间与公示不符。");
        await Client(InstitutionStaff).RespondToComplaintAsync(new RespondToComplaintRequest { Name = first.Name, Response = "已处理。" });
        // 06-25 00:30: second (filed 06-16; 17, 18, 22, 23, 24) is overdue; first (due end of 06-23) was answered; third is due at the end of 06-25.
        _f.Clock.Reset(At(6, 25, 0, 30));
        var queue = (await Client(InstitutionStaff).ListComplaintsAsync(new ListComplaintsRequest())).Complaints;
        Assert.Equal([second.Name, first.Name, third.Name], queue.Select(c => c.Name));
        Assert.True(queue[0].Overdue);
        var overdue = await Client(Xinzhuang).ListComplaintsAsync(new ListComplaintsRequest { OverdueOnly = true });
        Assert.Equal([second.Name], overdue.Complaints.Select(c => c.Name));
        // Paging keeps the order.
        var page1 = await Client(Xinzhuang).ListComplaintsAsync(new ListComplaintsRequest { PageSize = 2 });
        var page2 = await Client(Xinzhuang).ListComplaintsAsync(new ListComplaintsRequest { PageSize = 2, PageToken = page1.NextPageToken });
        Assert.Equal(queue.Select(c => c.Name), page1.Complaints.Concat(page2.Complaints).Select(c => c.Name));
        Assert.Equal("", page2.NextPageToken);
    }

    [Fact]
    public async Task Public_statistics_count_by_office_and_kind_without_personal_data()
    {
        _f.Clock.Reset(At(6, 15, 10));
        var a = await File();
        await File(description: "第二件。");
        await File(kind: Kind.StaffConduct, target: "某工作人员", place: "places/310112102001", description: "态度差。");
        _f.Clock.Reset(At(6, 17, 10));
        await Client(InstitutionStaff).RespondToComplaintAsync(new RespondToComplaintRequest { Name = a.Name, Response = "已修。" });
        await Client(InstitutionStaff).CloseComplaintAsync(new CloseComplaintRequest { Name = a.Name, Outcome = ProtoComplaint.Types.Outcome.Upheld, Note = "属实。" });

        var stats = await new ComplaintService.ComplaintServiceClient(_f.Channel(null)).GetComplaintStatisticsAsync(new GetComplaintStatisticsRequest());
        Assert.Equal(3, stats.TotalFiled);
        var xinzhuang = stats.Rows.Single(r => r.Office == "places/310112101" && r.TargetKind == Kind.Facility);
        Assert.Equal((2, 1, 1, 1.0, 2.0), (xinzhuang.Filed, xinzhuang.Closed, xinzhuang.Upheld, xinzhuang.UpheldShare, xinzhuang.MedianResponseWorkingDays));
        Assert.Equal("莘庄镇", xinzhuang.OfficeDisplayName);
        var qibao = stats.Rows.Single(r => r.Office == "places/310112102");
        Assert.Equal((Kind.StaffConduct, 1, -1.0), (qibao.TargetKind, qibao.Filed, qibao.MedianResponseWorkingDays));
        var text = stats.ToString();
        Assert.DoesNotContain("r1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("灯", text, StringComparison.Ordinal);
        var onlyQibao = await Client("resident:r2").GetComplaintStatisticsAsync(new GetComplaintStatisticsRequest { Place = "places/310112102" });
        Assert.Equal(1, onlyQibao.TotalFiled);
    }
}
