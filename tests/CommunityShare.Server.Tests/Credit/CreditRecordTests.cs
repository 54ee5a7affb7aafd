using CommunityShare.Contracts.V1;
using CommunityShare.Server.Bookings;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using Duration = NodaTime.Duration;

namespace CommunityShare.Server.Tests.Credit;

/// <summary>
/// The credit record through the API: no-shows (recorded by staff or released automatically), late
/// cancellations and kept bookings written with the booking's change; reports by institutions;
/// standing with its reason and end; appeals heard by the town's office; the district's policy.
/// </summary>
public sealed class CreditRecordTests : IAsyncLifetime
{
    private const string School1 = "staff:zhao:institution=school-1";
    private const string Xinzhuang = "staff:li:office=310112101";
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 100));
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        await _f.AddResidentAsync("r2", "310112102001", "王建国");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private CreditService.CreditServiceClient Credit(string actor) => new(_f.Channel(actor));

    private Task<CreditRecord> RecordAsync(string actor, string resident = "r1") =>
        Credit(actor).GetCreditRecordAsync(new GetCreditRecordRequest { Name = $"residents/{resident}/creditRecord" }).ResponseAsync;

    private async Task<Booking> BookAsync(LocalDate date, int hour, string resident = "r1", string facility = "hall") =>
        await _f.Bookings("resident:" + resident).CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/" + facility, Booking = Slot(date, hour) });

    private void At(LocalDate date, int hour, int minute = 0) => _f.Clock.Reset(date.At(new LocalTime(hour, minute)).InZoneStrictly(Shanghai).ToInstant());

    private async Task<int> ReleaseNoShowsAsync()
    {
        await using var scope = _f.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Two_no_shows_make_approval_necessary_for_30_days_with_the_reason_and_end_told()
    {
        var first = await BookAsync(Tomorrow, 10);
        var second = await BookAsync(Tomorrow, 14);
        var kept = await BookAsync(Tomorrow, 18);
        At(Tomorrow, 10, 20);
        await _f.Bookings(School1).MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = first.Name });
        At(Tomorrow, 14, 16);
        var released = await ReleaseNoShowsAsync();
        At(Tomorrow, 17, 50);
        await _f.Bookings("resident:r1").CheckInBookingAsync(new CheckInBookingRequest { Name = kept.Name, CheckInCode = kept.CheckInCode });

        var record = await RecordAsync("resident:r1");

        Assert.Equal(1, released);
        Assert.False(record.GoodStanding);
        var consequence = Assert.Single(record.ActiveConsequences);
        Assert.Equal(Consequence.Types.Kind.ApprovalRequired, consequence.Kind);
        Assert.Equal("approval-after-2-no-shows", consequence.Rule);
        Assert.Equal(Tomorrow.At(new LocalTime(14, 16)).InZoneStrictly(Shanghai).ToInstant() + Duration.FromDays(30),
            CommunityShare.Contracts.ProtoTime.ToInstant(consequence.EndTime));
        Assert.Equal(2, consequence.Events.Count);
        Assert.Equal(
            [
                (CreditEvent.Types.Kind.KeptBooking, "residents/r1", kept.Name),
                (CreditEvent.Types.Kind.NoShow, "system", second.Name),
                (CreditEvent.Types.Kind.NoShow, "staff/zhao", first.Name),
            ],
            record.Events.Select(e => (e.Kind, e.RecordedBy, e.Source)));
        Assert.Equal((2, 1), (record.StrikesCounting, record.GoodEvents));
        var secondNow = await _f.Bookings("resident:r1").GetBookingAsync(new GetBookingRequest { Name = second.Name });
        Assert.Equal(Booking.Types.State.NoShow, secondNow.State);
    }

    [Fact]
    public async Task A_late_cancellation_is_recorded_an_early_one_is_not()
    {
        var early = await BookAsync(Tomorrow, 10);
        var late = await BookAsync(Tomorrow, 14);
        await _f.Bookings("resident:r1").CancelBookingAsync(new CancelBookingRequest { Name = early.Name });
        At(Tomorrow, 13, 0);
        await _f.Bookings("resident:r1").CancelBookingAsync(new CancelBookingRequest { Name = late.Name });

        var record = await RecordAsync("resident:r1");

        var entry = Assert.Single(record.Events);
        Assert.Equal((CreditEvent.Types.Kind.LateCancellation, late.Name, true), (entry.Kind, entry.Source, entry.Strike));
        Assert.True(record.GoodStanding);
        Assert.NotNull(entry.ExpireTime);
    }

    [Fact]
    public async Task Who_sees_the_record_the_resident_and_the_home_office_all_of_it_other_staff_what_arose_with_them()
    {
        var atHall = await BookAsync(Tomorrow, 10);
        var atQibao = await BookAsync(Tomorrow, 10, facility: "court-q");
        At(Tomorrow, 10, 30);
        await ReleaseNoShowsAsync();

        var own = await RecordAsync("resident:r1");
        var home = await RecordAsync(Xinzhuang);
        var qibao = await RecordAsync("staff:wang:office=310112102");

        Assert.Equal(2, own.Events.Count);
        Assert.True(own.Complete && home.Complete);
        Assert.Equal(2, home.Events.Count);
        Assert.False(qibao.Complete);
        Assert.Equal([atQibao.Name], qibao.Events.Select(e => e.Source));
        Assert.Single(qibao.ActiveConsequences); // the standing is shown whole: it decides requests everywhere
        await Rpc.NotAllowedAsync(() => Credit("resident:r2").GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/r1/creditRecord" }));
        _ = atHall;
    }

    [Fact]
    public async Task An_institution_reports_damage_with_evidence_at_its_own_resident_s_booking_only()
    {
        var booking = await BookAsync(Tomorrow, 10);
        var before = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "NOT_STARTED_YET", () => Credit(School1).CreateCreditEventAsync(Report(booking.Name)));
        At(Tomorrow, 11, 30);

        await Rpc.InvalidAsync(() => Credit(School1).CreateCreditEventAsync(new CreateCreditEventRequest
        {
            Parent = "residents/r1",
            CreditEvent = new CreditEvent { Kind = CreditEvent.Types.Kind.NoShow },
        }), ("credit_event.kind", "OUT_OF_RANGE"), ("credit_event.evidence", "REQUIRED"), ("credit_event.source", "REQUIRED"));
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Credit("staff:qian:institution=school-2").CreateCreditEventAsync(Report(booking.Name)));
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "MISMATCH", () => Credit(School1).CreateCreditEventAsync(Report(booking.Name, "r2")));
        var reported = await Credit(School1).CreateCreditEventAsync(Report(booking.Name));

        Assert.Equal((CreditEvent.Types.Kind.Damage, "staff/zhao", "球网被剪断，有监控录像"), (reported.Kind, reported.RecordedBy, reported.Evidence));
        Assert.NotNull(before);
    }

    private static CreateCreditEventRequest Report(string booking, string resident = "r1") => new()
    {
        Parent = "residents/" + resident,
        CreditEvent = new CreditEvent { Kind = CreditEvent.Types.Kind.Damage, Source = booking, Evidence = " 球网被剪断，有监控录像 " },
    };

    [Fact]
    public async Task An_appeal_is_heard_by_the_town_s_office_once_and_a_granted_one_lifts_what_rested_on_the_entry()
    {
        await BookAsync(Tomorrow, 10);
        var second = await BookAsync(Tomorrow, 14);
        At(Tomorrow, 14, 30);
        await ReleaseNoShowsAsync();
        var record = await RecordAsync("resident:r1");
        Assert.False(record.GoodStanding);
        var entry = record.Events.Single(e => e.Source == second.Name);

        var appeal = await Credit("resident:r1").CreateAppealAsync(new CreateAppealRequest
        {
            Parent = "residents/r1",
            Appeal = new Appeal { Event = entry.Name, Statement = "下午场馆停电，无法入场" },
        });
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "ALREADY_APPEALED", () => Credit("resident:r1").CreateAppealAsync(new CreateAppealRequest
        {
            Parent = "residents/r1",
            Appeal = new Appeal { Event = entry.Name, Statement = "再次申诉" },
        }));
        var queue = await Credit(Xinzhuang).ListAppealsAsync(new ListAppealsRequest { Parent = "residents/-", State = Appeal.Types.State.Pending });
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE",
            () => Credit(School1).DecideAppealAsync(new DecideAppealRequest { Name = appeal.Name, Grant = true, Decision = "同意" }));
        await Rpc.InvalidAsync(() => Credit(Xinzhuang).DecideAppealAsync(new DecideAppealRequest { Name = appeal.Name, Grant = true }), ("decision", "REQUIRED"));
        var decided = await Credit(Xinzhuang).DecideAppealAsync(new DecideAppealRequest { Name = appeal.Name, Grant = true, Decision = "经核实当天停电" });
        var after = await RecordAsync("resident:r1");
        var told = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1" });

        Assert.Equal([appeal.Name], queue.Appeals.Select(a => a.Name));
        Assert.Equal((Appeal.Types.State.Granted, "staff/li", "places/310112101001"), (decided.State, decided.DecidedBy, decided.Place));
        Assert.True(after.GoodStanding);
        Assert.NotNull(after.Events.Single(e => e.Name == entry.Name).VoidTime);
        Assert.Contains(told.OutboxMessages, m => m.Template == "credit.appeal_decided" && m.Text.Contains("经核实当天停电", StringComparison.Ordinal));
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW",
            () => Credit(Xinzhuang).DecideAppealAsync(new DecideAppealRequest { Name = appeal.Name, Grant = false, Decision = "改判" }));
    }

    [Fact]
    public async Task The_district_sets_the_policy_and_standing_follows_it()
    {
        var policy = await Credit("resident:r1").GetCreditPolicyAsync(new GetCreditPolicyRequest());
        var booking = await BookAsync(Tomorrow, 10);
        At(Tomorrow, 10, 30);
        await ReleaseNoShowsAsync();
        var strict = policy.Clone();
        strict.Rules.Clear();
        strict.Rules.Add(new CreditPolicy.Types.Rule
        {
            Id = "bar-after-1-no-show",
            Counts = { CreditEvent.Types.Kind.NoShow },
            Threshold = 1,
            WindowDays = 30,
            Consequence = Consequence.Types.Kind.BarredFromAll,
            DurationDays = 7,
        });

        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Credit(Xinzhuang).UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest { CreditPolicy = strict }));
        var bad = strict.Clone();
        bad.StrikeLifetimeDays = 0;
        bad.Rules[0].Counts.Add(CreditEvent.Types.Kind.KeptBooking);
        bad.Rules[0].Threshold = 0;
        await Rpc.InvalidAsync(() => Credit("staff:admin").UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest { CreditPolicy = bad }),
            ("credit_policy.strike_lifetime_days", "OUT_OF_RANGE"), ("credit_policy.rules[0].counts", "OUT_OF_RANGE"), ("credit_policy.rules[0].threshold", "OUT_OF_RANGE"));
        var updated = await Credit("staff:admin").UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest { CreditPolicy = strict });
        await Rpc.StaleEtagAsync(() => Credit("staff:admin").UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest { CreditPolicy = strict }));
        var record = await RecordAsync("resident:r1");

        Assert.Equal(4, policy.Rules.Count);
        Assert.Equal(["bar-after-1-no-show"], (await Credit("resident:r2").GetCreditPolicyAsync(new GetCreditPolicyRequest())).Rules.Select(r => r.Id));
        Assert.NotEqual(policy.Etag, updated.Etag);
        Assert.Equal(Consequence.Types.Kind.BarredFromAll, Assert.Single(record.ActiveConsequences).Kind);
        _ = booking;
    }

    [Fact]
    public async Task The_release_runs_by_itself_in_the_background()
    {
        await using var f = new ServerFixture(settings: new Dictionary<string, string?> { ["Bookings:NoShowSweepSeconds"] = "1" });
        await TownAsync(f);
        await SchoolAsync(f);
        await FacilityAsync(f, "court", OpenDaily("篮球场", 1));
        await f.AddResidentAsync("r1", "310112101001");
        var booking = await f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(Tomorrow, 10) });
        f.Clock.Reset(Tomorrow.At(new LocalTime(10, 16)).InZoneStrictly(Shanghai).ToInstant());

        var state = Booking.Types.State.Confirmed;
        for (var i = 0; i < 100 && state == Booking.Types.State.Confirmed; i++)
        {
            await Task.Delay(100);
            state = (await f.Bookings("resident:r1").GetBookingAsync(new GetBookingRequest { Name = booking.Name })).State;
        }

        Assert.Equal(Booking.Types.State.NoShow, state);
    }
}
