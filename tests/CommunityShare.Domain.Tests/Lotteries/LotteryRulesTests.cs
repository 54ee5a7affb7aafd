using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Lotteries;

/// <summary>
/// <see cref="LotteryRules"/>: the application window (opening N days before the close, closing at
/// the release of the slot's date) and the weights. Dates are released 7 days ahead at 08:00 unless a
/// test says otherwise.
/// </summary>
public class LotteryRulesTests
{
    private static readonly LotteryRules ThreeDays = new()
    {
        Enabled = true,
        ApplicationDays = 3,
        HostAreaWeight = 200,
        SeniorWeight = 150,
    };

    [Fact]
    public void Applications_for_a_date_close_when_it_is_released_and_open_the_set_number_of_days_before()
    {
        var window = ThreeDays.ApplicationWindow(Date(2026, 6, 13), Rules, Shanghai);

        Assert.Equal(At("2026-06-03 08:00", Shanghai), window.Start);
        Assert.Equal(At("2026-06-06 08:00", Shanghai), window.End);
        Assert.Equal(Rules.ReleaseOf(Date(2026, 6, 13), Shanghai), window.End);
    }

    [Fact]
    public void The_window_is_half_open_to_the_tick()
    {
        var window = ThreeDays.ApplicationWindow(Date(2026, 6, 13), Rules, Shanghai);
        var open = At("2026-06-03 08:00", Shanghai);
        var close = At("2026-06-06 08:00", Shanghai);

        Assert.False(window.Contains(open - Duration.Epsilon));
        Assert.True(window.Contains(open));
        Assert.True(window.Contains(close - Duration.Epsilon));
        Assert.False(window.Contains(close));
    }

    [Fact]
    public void Across_a_clock_change_the_window_keeps_local_times()
    {
        // London springs forward on 2026-03-29: a window that spans the change opens at 08:00 GMT and closes at 08:00 BST.
        var before = ThreeDays.ApplicationWindow(Date(2026, 4, 4), Rules, London);
        var spanning = ThreeDays.ApplicationWindow(Date(2026, 4, 6), Rules, London);

        Assert.Equal(Duration.FromHours(72), before.End - before.Start);
        Assert.Equal(Utc("2026-03-27T08:00:00Z"), spanning.Start);
        Assert.Equal(Utc("2026-03-30T07:00:00Z"), spanning.End);
        Assert.Equal(Duration.FromHours(71), spanning.End - spanning.Start);
    }

    [Fact]
    public void Host_area_and_senior_weights_multiply()
    {
        var slot = new LocalDateTime(2026, 6, 13, 9, 0);

        Assert.Equal(new ApplicantWeight(100, false, false), ThreeDays.WeightOf(false, Date(1990, 1, 1), slot));
        Assert.Equal(new ApplicantWeight(200, true, false), ThreeDays.WeightOf(true, Date(1990, 1, 1), slot));
        Assert.Equal(new ApplicantWeight(150, false, true), ThreeDays.WeightOf(false, Date(1950, 1, 1), slot));
        Assert.Equal(new ApplicantWeight(300, true, true), ThreeDays.WeightOf(true, Date(1950, 1, 1), slot));
        Assert.Equal(3.0, ThreeDays.WeightOf(true, Date(1950, 1, 1), slot).Value);
    }

    [Fact]
    public void Weights_round_down_to_hundredths()
    {
        var rules = ThreeDays with { HostAreaWeight = 125, SeniorWeight = 125 };

        Assert.Equal(156, rules.WeightOf(true, Date(1950, 1, 1), new LocalDateTime(2026, 6, 13, 9, 0)).Hundredths);
    }

    [Fact]
    public void A_resident_is_a_senior_from_their_sixtieth_birthday_on_the_slots_date()
    {
        var birth = Date(1966, 6, 13);

        Assert.False(ThreeDays.WeightOf(false, birth, new LocalDateTime(2026, 6, 12, 21, 0)).Senior);
        Assert.True(ThreeDays.WeightOf(false, birth, new LocalDateTime(2026, 6, 13, 8, 0)).Senior);
    }

    [Fact]
    public void Senior_hours_limit_the_senior_weight_to_the_slots_that_start_in_them()
    {
        var mornings = ThreeDays with { SeniorFrom = new LocalTime(8, 0), SeniorUntil = new LocalTime(11, 0) };
        var senior = Date(1950, 1, 1);

        Assert.False(mornings.WeightOf(false, senior, new LocalDateTime(2026, 6, 13, 7, 0)).Senior);
        Assert.True(mornings.WeightOf(false, senior, new LocalDateTime(2026, 6, 13, 8, 0)).Senior);
        Assert.True(mornings.WeightOf(false, senior, new LocalDateTime(2026, 6, 13, 10, 30)).Senior);
        Assert.False(mornings.WeightOf(false, senior, new LocalDateTime(2026, 6, 13, 11, 0)).Senior);
        var evenings = ThreeDays with { SeniorFrom = new LocalTime(18, 0), SeniorUntil = LocalTime.Midnight };
        Assert.True(evenings.WeightOf(false, senior, new LocalDateTime(2026, 6, 13, 21, 0)).Senior);
        Assert.False(evenings.WeightOf(false, senior, new LocalDateTime(2026, 6, 13, 17, 0)).Senior);
    }

    [Fact]
    public void A_weight_of_one_is_no_preference()
    {
        var none = ThreeDays with { HostAreaWeight = 100, SeniorWeight = 100 };

        Assert.Equal(new ApplicantWeight(100, false, false), none.WeightOf(true, Date(1950, 1, 1), new LocalDateTime(2026, 6, 13, 9, 0)));
    }

    [Fact]
    public void Every_setting_out_of_range_is_told_at_once()
    {
        var violations = new Violations();
        var rules = new LotteryRules
        {
            Enabled = true,
            ApplicationDays = 0,
            HostAreaWeight = 50,
            SeniorWeight = 1001,
            SeniorFrom = new LocalTime(12, 0),
            SeniorUntil = new LocalTime(9, 0),
            HouseholdCap = -1,
        };

        rules.Validate(violations, "facility.rules.lottery");

        Assert.Equal(
            [
                "facility.rules.lottery.application_days", "facility.rules.lottery.host_area_weight", "facility.rules.lottery.senior_weight",
                "facility.rules.lottery.senior_end_time", "facility.rules.lottery.household_cap",
            ],
            violations.Items.Select(v => v.Field).ToArray());
        Assert.All(violations.Items, v => Assert.Equal(Reasons.OutOfRange, v.Reason));
    }

    [Fact]
    public void Rules_that_are_off_are_not_checked()
    {
        var violations = new Violations();

        (LotteryRules.Off with { ApplicationDays = -5 }).Validate(violations, "lottery");

        Assert.False(violations.Any);
    }
}
