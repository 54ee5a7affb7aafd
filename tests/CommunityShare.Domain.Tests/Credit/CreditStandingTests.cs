using CommunityShare.Domain.Credit;
using NodaTime;

namespace CommunityShare.Domain.Tests.Credit;

/// <summary>The default policy: 2 no-shows in 90 days → approval for 30 days; 3 → a 30-day bar on high-demand facilities; strikes expire.</summary>
public class CreditStandingTests
{
    private static readonly Instant Day0 = Instant.FromUtc(2026, 3, 1, 2, 0);
    private int _next;

    private CreditEvent Event(CreditEventKind kind, double day, double? recordedDay = null) =>
        new($"e{++_next}", "r1", kind, Day0 + Duration.FromDays(day), "预约 10:00 未到场", "facilities/f/bookings/b", "310112101001", "system",
            Day0 + Duration.FromDays(recordedDay ?? day));

    private static CreditStanding At(double day, params CreditEvent[] record) =>
        CreditStanding.Evaluate(record, CreditPolicy.Default, Day0 + Duration.FromDays(day));

    [Fact]
    public void A_clean_record_is_good_standing()
    {
        var standing = At(0);

        Assert.True(standing.InGoodStanding);
        Assert.False(standing.RequiresApproval);
        Assert.Null(standing.BarFor(highDemand: true));
    }

    [Fact]
    public void Two_no_shows_within_90_days_require_approval_for_30_days_from_the_second()
    {
        var first = Event(CreditEventKind.NoShow, 0);
        var second = Event(CreditEventKind.NoShow, 89.9);

        var during = At(100, first, second);
        var over = At(89.9 + 30, first, second);

        var consequence = Assert.Single(during.Active);
        Assert.Equal(ConsequenceKind.ApprovalRequired, consequence.Kind);
        Assert.Equal(Day0 + Duration.FromDays(89.9 + 30), consequence.End);
        Assert.Equal([first.Id, second.Id], consequence.EventIds);
        Assert.True(during.RequiresApproval);
        Assert.Null(during.BarFor(highDemand: true));
        Assert.True(over.InGoodStanding);
        Assert.Single(over.Ended);
    }

    [Fact]
    public void No_shows_90_days_apart_or_more_do_not_add_up()
    {
        var standing = At(95, Event(CreditEventKind.NoShow, 0), Event(CreditEventKind.NoShow, 90));

        Assert.True(standing.InGoodStanding);
    }

    [Fact]
    public void Three_no_shows_within_90_days_bar_high_demand_facilities_and_still_need_approval()
    {
        var record = new[] { Event(CreditEventKind.NoShow, 0), Event(CreditEventKind.NoShow, 10), Event(CreditEventKind.NoShow, 20) };

        var standing = At(25, record);

        var bar = standing.BarFor(highDemand: true);
        Assert.NotNull(bar);
        Assert.Equal(Day0 + Duration.FromDays(50), bar.End);
        Assert.Null(standing.BarFor(highDemand: false));
        Assert.True(standing.RequiresApproval); // the second no-show's 30 days of approval still run
        Assert.Equal(ConsequenceKind.BarredFromHighDemand, standing.Active[0].Kind);
    }

    [Fact]
    public void A_voided_entry_no_longer_counts_and_what_rested_on_it_ends()
    {
        var first = Event(CreditEventKind.NoShow, 0);
        var second = Event(CreditEventKind.NoShow, 5);
        second.Void("appeal granted: 场地当天停电", Day0 + Duration.FromDays(6));

        var standing = At(7, first, second);

        Assert.True(standing.InGoodStanding);
        Assert.Equal(1, standing.StrikesCounting);
        Assert.Throws<Problem>(() => second.Void("again", Day0 + Duration.FromDays(7)));
    }

    [Fact]
    public void Strikes_expire_after_the_policy_s_lifetime()
    {
        var policy = CreditPolicy.Default with { StrikeLifetimeDays = 60 };
        var record = new[] { Event(CreditEventKind.NoShow, 0), Event(CreditEventKind.NoShow, 70) };

        var standing = CreditStanding.Evaluate(record, policy, Day0 + Duration.FromDays(75));

        Assert.True(standing.InGoodStanding); // 70 days apart: within the 90-day window, but the first had expired
        Assert.Equal(1, standing.StrikesCounting);
    }

    [Fact]
    public void A_consequence_runs_from_when_the_strike_was_recorded_and_good_events_are_counted_apart()
    {
        var damage = Event(CreditEventKind.Damage, 0, recordedDay: 3);
        var breach = Event(CreditEventKind.RuleBreach, 1, recordedDay: 10);

        var standing = At(11, damage, breach, Event(CreditEventKind.KeptBooking, 2), Event(CreditEventKind.VolunteerService, 4));

        var bar = standing.BarFor(highDemand: false);
        Assert.NotNull(bar);
        Assert.Equal(ConsequenceKind.BarredFromAll, bar.Kind);
        Assert.Equal(Day0 + Duration.FromDays(10), bar.Start);
        Assert.Equal(2, standing.GoodEvents);
    }

    [Fact]
    public void Strikes_used_by_a_consequence_do_not_trigger_it_again()
    {
        var record = new[] { Event(CreditEventKind.NoShow, 0), Event(CreditEventKind.NoShow, 1), Event(CreditEventKind.NoShow, 40) };

        var standing = At(41, record);

        // 0+1 gave 30 days of approval (ended at day 31); 40 alone is not two.
        Assert.DoesNotContain(standing.Active, c => c.Kind == ConsequenceKind.ApprovalRequired);
        Assert.Single(standing.Ended);
    }

    [Fact]
    public void A_policy_out_of_range_reports_every_problem()
    {
        var policy = new CreditPolicy(0, [new ConsequenceRule("x", [CreditEventKind.KeptBooking], 0, 0, ConsequenceKind.ApprovalRequired, 0)]);
        var violations = new Violations();

        policy.Validate(violations, "policy");

        Assert.Equal(["policy.rules[0].counts", "policy.rules[0].duration_days", "policy.rules[0].threshold", "policy.rules[0].window_days",
            "policy.strike_lifetime_days"], violations.Items.Select(v => v.Field).Order());
    }

    [Fact]
    public void An_appeal_is_for_a_strike_is_decided_once_and_granting_it_voids_the_entry()
    {
        var strike = Event(CreditEventKind.NoShow, 0);
        var appeal = new CreditAppeal("a1", strike, "那天我生病住院了", "residents/r1", Day0 + Duration.FromDays(1));

        appeal.Decide(grant: true, "有医院证明", "staff/li", strike, Day0 + Duration.FromDays(2));

        Assert.Equal(AppealState.Granted, appeal.State);
        Assert.True(strike.IsVoid);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => appeal.Decide(false, "x", "staff/li", strike, Day0)).Reason);
        Assert.Equal(Reasons.NotAppealable, Assert.Throws<Problem>(() => new CreditAppeal("a2", Event(CreditEventKind.KeptBooking, 1), "?", "residents/r1", Day0)).Reason);
        Assert.Equal(Reasons.NotAppealable, Assert.Throws<Problem>(() => new CreditAppeal("a3", strike, "?", "residents/r1", Day0)).Reason);
    }
}
