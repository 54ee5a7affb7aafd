using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Domain.Residents;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Lotteries;

/// <summary><see cref="LotteryApplication"/>: withdrawn only before the close; drawn once, as a win with its booking or a loss with its reasons.</summary>
public class LotteryApplicationTests
{
    private static readonly Instant Close = At("2026-06-06 08:00", Shanghai);

    private static LotteryApplication Application() =>
        new("a1", "court-1", "r1", Between("2026-06-13 09:00", "2026-06-13 10:00", Shanghai), 2, new ApplicantWeight(200, true, false),
            "8b9d06fbbb5203ad", At("2026-06-03 08:00", Shanghai), Close, "residents/r1", ProxyConsent.Own, SomeCreateTime);

    private static RankedEntrant Ranked(int rank) => new(new DrawEntrant("8b9d06fbbb5203ad", 200, 2, null), rank, 0.25, 0.5);

    [Fact]
    public void An_application_can_be_withdrawn_until_the_tick_before_the_close()
    {
        var application = Application();

        application.Withdraw(Close - Duration.Epsilon);

        Assert.Equal(LotteryApplicationState.Withdrawn, application.State);
        Assert.Equal(2, application.Version);
    }

    [Fact]
    public void At_the_close_the_draw_decides_it()
    {
        var application = Application();

        var refused = Assert.Throws<Problem>(() => application.Withdraw(Close));

        Assert.Equal(Reasons.ApplicationsClosed, refused.Reason);
        Assert.Equal("2026-06-06T00:00:00Z", refused.Metadata["close_time"]);
    }

    [Fact]
    public void A_won_application_records_its_draw_and_its_booking()
    {
        var application = Application();

        application.Win(Ranked(3), "abcd1234", "b1", Close);

        Assert.Equal(LotteryApplicationState.Won, application.State);
        Assert.Equal((0.25, 0.5, 3, "abcd1234", "b1"), (application.DrawNumber, application.DrawKey, application.Rank, application.HouseholdLabel, application.BookingId));
        Assert.Empty(application.Outcome);
    }

    [Fact]
    public void A_lost_application_records_why_and_is_drawn_only_once()
    {
        var application = Application();

        application.Lose(Ranked(9), null, [new RuleViolation(Reasons.SlotFull, "no places left")], Close);

        Assert.Equal(LotteryApplicationState.Lost, application.State);
        Assert.Equal(Reasons.SlotFull, Assert.Single(application.Outcome).Reason);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => application.Win(Ranked(1), null, "b2", Close)).Reason);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => application.Withdraw(Close - Duration.FromDays(1))).Reason);
    }

    [Fact]
    public void The_draws_id_is_its_slots_start_in_utc()
    {
        Assert.Equal("20260613t0100z", LotteryDraw.IdOf(At("2026-06-13 09:00", Shanghai)));
    }
}
