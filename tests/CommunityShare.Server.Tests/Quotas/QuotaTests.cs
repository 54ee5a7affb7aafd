using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Quotas;

/// <summary>The district's quotas through the API: the default limits bite inside the booking guard, households share theirs, residents see what is left.</summary>
public sealed class QuotaTests : IAsyncLifetime
{
    // Wednesday 2026-06-10 09:00 now; bookings next week (Monday 06-15 on), so no earlier week counts.
    private static readonly LocalDate Monday = new(2026, 6, 15);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        var rules = DefaultRules();
        rules.BookingHorizonDays = 30;
        var court = OpenDaily("篮球场", 1, rules);
        court.Kind = Facility.Types.Kind.Court;
        await FacilityAsync(_f, "court", court);
        var room = OpenDaily("活动室", 100, rules);
        room.Kind = Facility.Types.Kind.MeetingRoom;
        await FacilityAsync(_f, "room", room);
        foreach (var r in new[] { "father", "mother", "alone" })
        {
            await _f.AddResidentAsync(r, "310112101001");
        }
        foreach (var r in new[] { "father", "mother" })
        {
            await new ResidentService.ResidentServiceClient(_f.Channel("staff:li:office=310112101")).UpdateResidentAsync(new UpdateResidentRequest
            {
                Resident = new Resident { Name = "residents/" + r, Household = "310112101001-h7" },
                UpdateMask = new FieldMask { Paths = { "household" } },
            });
        }
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private AsyncUnaryCall<Booking> Book(string resident, string facility, LocalDate date, int hour, int hours = 1) =>
        _f.Bookings("resident:" + resident).CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/" + facility, Booking = Slot(date, hour, hours) });

    [Fact]
    public async Task A_fifth_peak_booking_in_a_week_is_refused_with_its_figures_and_an_off_peak_one_is_not()
    {
        for (var d = 0; d < 4; d++)
        {
            await Book("alone", "room", Monday.PlusDays(d), 19);
        }

        var fifth = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "QUOTA_REACHED", () => Book("alone", "room", Monday.PlusDays(4), 19));
        await Book("alone", "room", Monday.PlusDays(4), 10);

        var info = fifth.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!;
        Assert.Equal(("peak-per-resident-week", "4", "4", "Resident", "Week"),
            (info.Metadata["quota"], info.Metadata["limit"], info.Metadata["used"], info.Metadata["scope"], info.Metadata["period"]));
    }

    [Fact]
    public async Task A_household_shares_its_twelve_hours_of_sport_a_week_whoever_books()
    {
        await Book("father", "court", Monday, 8, 2);
        await Book("mother", "court", Monday.PlusDays(1), 8, 2);
        await Book("father", "court", Monday.PlusDays(2), 8, 2);
        await Book("mother", "court", Monday.PlusDays(3), 8, 2);
        await Book("father", "court", Monday.PlusDays(4), 8, 2);

        await Book("mother", "court", Monday.PlusDays(5), 10, 2); // 12 hours: the limit, not past it

        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "QUOTA_REACHED", () => Book("father", "court", Monday.PlusDays(6), 10, 1));
        await Book("alone", "court", Monday.PlusDays(6), 12, 2); // another household
        var usage = await new QuotaService.QuotaServiceClient(_f.Channel("resident:father")).GetQuotaUsageAsync(new GetQuotaUsageRequest
        {
            Resident = "residents/father",
            Date = new Google.Type.Date { Year = 2026, Month = 6, Day = 17 },
        });

        var sport = usage.Lines.Single(l => l.Rule.Id == "sports-hours-per-household-week");
        Assert.Equal((12.0, 12), (sport.Used, sport.Rule.Limit));
        Assert.Equal("310112101001-h7", usage.Household);
    }

    [Fact]
    public async Task Only_the_office_puts_residents_in_households_and_the_district_sets_the_policy()
    {
        await Rpc.NotAllowedAsync(() => new ResidentService.ResidentServiceClient(_f.Channel("resident:alone")).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = "residents/alone", Household = "x1" },
            UpdateMask = new FieldMask { Paths = { "household" } },
        }));
        await Rpc.InvalidAsync(() => new ResidentService.ResidentServiceClient(_f.Channel("staff:li:office=310112101")).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = "residents/alone", Household = "Not An Id" },
            UpdateMask = new FieldMask { Paths = { "household" } },
        }), ("resident.household", "INVALID_FORMAT"));
        var quotas = new QuotaService.QuotaServiceClient(_f.Channel("staff:admin"));
        var policy = await quotas.GetQuotaPolicyAsync(new GetQuotaPolicyRequest());
        var bad = policy.Clone();
        bad.Rules[0].Period = QuotaRule.Types.Period.Week;
        bad.Rules[1].Kinds.Add(99);
        bad.Peak[0].Days.Clear();
        await Rpc.InvalidAsync(() => quotas.UpdateQuotaPolicyAsync(new UpdateQuotaPolicyRequest { QuotaPolicy = bad }),
            ("quota_policy.rules[0].period", "OUT_OF_RANGE"), ("quota_policy.rules[1].kinds[0]", "OUT_OF_RANGE"), ("quota_policy.peak[0].days", "REQUIRED"));
        var strict = policy.Clone();
        strict.Rules.Clear();
        strict.Rules.Add(new QuotaRule { Id = "one-active", Scope = QuotaRule.Types.Scope.Resident, Measure = QuotaRule.Types.Measure.ActiveBookings, Limit = 1 });
        var saved = await quotas.UpdateQuotaPolicyAsync(new UpdateQuotaPolicyRequest { QuotaPolicy = strict });

        await Book("alone", "room", Monday, 10);
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "QUOTA_REACHED", () => Book("alone", "room", Monday, 12));
        Assert.Equal(["one-active"], saved.Rules.Select(r => r.Id));
        Assert.Equal("Asia/Shanghai", saved.TimeZone);
        Assert.Equal(2, saved.Peak.Count);
    }
}
