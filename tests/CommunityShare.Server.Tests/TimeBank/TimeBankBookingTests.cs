using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Rpc;
using static CommunityShare.Server.Tests.TimeBank.TimeBankCalls;

namespace CommunityShare.Server.Tests.TimeBank;

/// <summary>
/// Passes at work in booking: an extra-booking pass lets one booking past the district's weekly
/// quota; a priority pass lets one booking in up to its lead before the day's general release. A pass
/// is spent only when it is what lets the booking through, and only once.
/// </summary>
public sealed class TimeBankBookingTests : IAsyncLifetime
{
    private static readonly LocalDate Today = ServerFixture.DefaultNow.InZone(Shanghai).Date; // Wednesday 2026-06-10, 09:00
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 100));
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        // One booking a week per resident, whatever the kind or hour.
        await new QuotaService.QuotaServiceClient(_f.Channel()).UpdateQuotaPolicyAsync(new UpdateQuotaPolicyRequest
        {
            QuotaPolicy = new QuotaPolicy
            {
                TimeZone = "Asia/Shanghai",
                Rules =
                {
                    new QuotaRule
                    {
                        Id = "one-a-week", Scope = QuotaRule.Types.Scope.Resident, Measure = QuotaRule.Types.Measure.Bookings,
                        Period = QuotaRule.Types.Period.Week, Limit = 1,
                    },
                },
            },
        });
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private AsyncUnaryCall<Booking> Book(LocalDate date, int hour, string facility = "hall") =>
        _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/" + facility, Booking = Slot(date, hour) });

    private async Task<Redemption> PassAsync(string name) =>
        (await Bank(_f, "resident:r1").ListRedemptionsAsync(new ListRedemptionsRequest { Parent = "residents/r1" })).Redemptions.Single(r => r.Name == name);

    [Fact]
    public async Task An_extra_booking_pass_lets_one_booking_past_the_weekly_quota()
    {
        await Book(Today.PlusDays(1), 10);
        await FailsAsync(StatusCode.FailedPrecondition, "QUOTA_REACHED", () => Book(Today.PlusDays(1), 14));
        await DepositAsync(_f, "r1", 60);
        var pass = await RedeemAsync(_f, "r1", "extra-booking");

        var extra = await Book(Today.PlusDays(1), 14);

        var used = await PassAsync(pass.Name);
        Assert.Equal((Redemption.Types.State.Used, extra.Name), (used.State, used.UsedFor));
        // Spent: the next one is over the quota again.
        await FailsAsync(StatusCode.FailedPrecondition, "QUOTA_REACHED", () => Book(Today.PlusDays(1), 16));
    }

    [Fact]
    public async Task An_extra_booking_pass_is_not_spent_when_something_else_stands_in_the_way_or_nothing_does()
    {
        await DepositAsync(_f, "r1", 60);
        var pass = await RedeemAsync(_f, "r1", "extra-booking");

        // Within the quota: the pass is kept.
        await Book(Today.PlusDays(1), 10);
        Assert.Equal(Redemption.Types.State.Available, (await PassAsync(pass.Name)).State);

        // Over the quota and the slot is taken (court-x holds one party): refused, the pass kept.
        await _f.Bookings("resident:other").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Today.PlusDays(2), 10) });
        var e = await FailsAsync(StatusCode.FailedPrecondition, "SLOT_FULL", () => Book(Today.PlusDays(2), 10, "court-x"));
        Assert.Contains("QUOTA_REACHED", RuleReasons(e));
        Assert.Equal(Redemption.Types.State.Available, (await PassAsync(pass.Name)).State);
    }

    [Fact]
    public async Task A_priority_pass_lets_one_booking_in_before_general_release_within_its_lead()
    {
        // Released 7 days ahead at 08:00: the 18th opens on the 11th at 08:00, 23 hours from now; the 19th in 47 hours.
        var early = Today.PlusDays(8);
        var e = await FailsAsync(StatusCode.FailedPrecondition, "TOO_FAR_AHEAD", () => Book(early, 10));
        await DepositAsync(_f, "r1", 120);
        var pass = await RedeemAsync(_f, "r1", "priority-window");

        await FailsAsync(StatusCode.FailedPrecondition, "TOO_FAR_AHEAD", () => Book(Today.PlusDays(9), 10));
        var booked = await Book(early, 10);

        Assert.Equal(Booking.Types.State.Confirmed, booked.State);
        var used = await PassAsync(pass.Name);
        Assert.Equal((Redemption.Types.State.Used, booked.Name), (used.State, used.UsedFor));
        await FailsAsync(StatusCode.FailedPrecondition, "TOO_FAR_AHEAD", () => Book(early, 12));
    }

    [Fact]
    public async Task A_used_priority_pass_cannot_be_reversed_and_an_expired_one_does_not_open_the_window()
    {
        await DepositAsync(_f, "r1", 240);
        var first = await RedeemAsync(_f, "r1", "priority-window");
        await Book(Today.PlusDays(8), 10);
        await FailsAsync(StatusCode.FailedPrecondition, "REDEMPTION_USED", () =>
            Bank(_f, TimeBankTests.Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = first.Entry, Reason = "退回" }));

        var second = await RedeemAsync(_f, "r1", "priority-window");
        _f.Clock.Advance(NodaTime.Duration.FromDays(91));
        try
        {
            var later = _f.Clock.GetCurrentInstant().InZone(Shanghai).Date.PlusDays(8);
            await FailsAsync(StatusCode.FailedPrecondition, "TOO_FAR_AHEAD", () => Book(later, 10));
            Assert.Equal(Redemption.Types.State.Expired, (await PassAsync(second.Name)).State);
        }
        finally
        {
            _f.Clock.Reset(ServerFixture.DefaultNow);
        }
    }
}
