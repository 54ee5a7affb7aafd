using CommunityShare.Domain.Evaluations;
using NodaTime;
using NodaTime.Testing;

namespace CommunityShare.Domain.Tests.Evaluations;

/// <summary>Indicators, schemes, scores, grades, rewards and the evaluation's lifecycle: pure arithmetic on known inputs.</summary>
public class EvaluationTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 7, 2, 1, 0));
    private static readonly DateInterval Q2 = new(new LocalDate(2026, 4, 1), new LocalDate(2026, 6, 30));

    private Instant Now => _clock.GetCurrentInstant();

    private static IndicatorValue Of(IReadOnlyList<IndicatorValue> values, IndicatorKind kind) => values.Single(v => v.Kind == kind);

    private static readonly IndicatorInputs Known = new()
    {
        OpenHours = 90,
        PromisedHours = 100,
        PlaceHoursOffered = 200,
        PlaceHoursBooked = 50,
        Bookings = 400,
        BookingsDue = 20,
        BookingsSettledAtDoor = 18,
        MissedBookings = 4,
        NoShowsRecorded = 3,
        Complaints = 2,
        ComplaintsUpheld = 1,
        ResponseWorkingDays = [2, 4],
        Ratings = [4, 5, 3],
    };

    [Fact]
    public void Indicators_are_exact_ratios_with_their_inputs()
    {
        var values = Indicators.Compute(Known);

        Assert.Equal((0.9, 90.0, 100.0), (Of(values, IndicatorKind.OpenHours).Value!.Value, Of(values, IndicatorKind.OpenHours).Numerator,
            Of(values, IndicatorKind.OpenHours).Denominator));
        Assert.Equal(0.25, Of(values, IndicatorKind.UseRate).Value);
        Assert.Equal(0.9, Of(values, IndicatorKind.CheckInHandling).Value);
        Assert.Equal(0.75, Of(values, IndicatorKind.NoShowHandling).Value);
        Assert.Equal(5.0, Of(values, IndicatorKind.ComplaintsPerThousand).Value);
        Assert.Equal(2.5, Of(values, IndicatorKind.UpheldPerThousand).Value);
        Assert.Equal((3.0, 6.0, 2.0), (Of(values, IndicatorKind.ResponseWorkingDays).Value!.Value, Of(values, IndicatorKind.ResponseWorkingDays).Numerator,
            Of(values, IndicatorKind.ResponseWorkingDays).Denominator));
        Assert.Equal(4.0, Of(values, IndicatorKind.Satisfaction).Value);
        Assert.All(values, v => Assert.Equal("", v.Missing));
    }

    [Fact]
    public void Nothing_to_measure_is_no_data_with_its_reason_never_zero()
    {
        var values = Indicators.Compute(new IndicatorInputs { OpenHours = 12, Complaints = 0, ComplaintsUpheld = 0 });

        Assert.Equal(NoData.NoPromise, Of(values, IndicatorKind.OpenHours).Missing);
        Assert.Equal(12, Of(values, IndicatorKind.OpenHours).Numerator);
        Assert.Equal(NoData.NothingOffered, Of(values, IndicatorKind.UseRate).Missing);
        Assert.Equal(NoData.NoBookingsDue, Of(values, IndicatorKind.CheckInHandling).Missing);
        Assert.Equal(NoData.NoMissedBookings, Of(values, IndicatorKind.NoShowHandling).Missing);
        Assert.Equal(NoData.NoBookings, Of(values, IndicatorKind.ComplaintsPerThousand).Missing);
        Assert.Equal(NoData.NoResponses, Of(values, IndicatorKind.ResponseWorkingDays).Missing);
        Assert.Equal(NoData.NoRatings, Of(values, IndicatorKind.Satisfaction).Missing);
        Assert.All(values, v => Assert.Null(v.Value));

        var unrecorded = Indicators.Compute(new IndicatorInputs { Bookings = 10 });
        Assert.Equal(NoData.ComplaintsNotRecorded, Of(unrecorded, IndicatorKind.ComplaintsPerThousand).Missing);
        Assert.Equal(NoData.ComplaintsNotRecorded, Of(unrecorded, IndicatorKind.Satisfaction).Missing);
    }

    [Fact]
    public void Points_are_straight_between_zero_and_full_and_held_beyond_either_way()
    {
        var more = new IndicatorWeight(IndicatorKind.UseRate, 10, 0, 0.6);
        var less = new IndicatorWeight(IndicatorKind.ComplaintsPerThousand, 10, 20, 0);

        Assert.Equal((0, 50, 100, 100), (more.Points(0), more.Points(0.3), more.Points(0.6), more.Points(0.9)));
        Assert.Equal((0, 75, 100), (less.Points(30), less.Points(5), less.Points(0)));
    }

    [Fact]
    public void The_default_scheme_scores_the_known_inputs_exactly()
    {
        var scheme = EvaluationScheme.Default(Now);
        var values = Indicators.Compute(Known);

        // Points: open 80, use 41.67, check-in 88.89, no-show 50, complaints 75, upheld 75, response 87.5, satisfaction 75.
        var expected = (20 * 80 + 15 * (0.25 / 0.6 * 100) + 10 * (0.4 / 0.45 * 100) + 10 * 50 + 10 * 75 + 10 * 75 + 10 * 87.5 + 15 * 75) / 100;
        Assert.Equal(Math.Round(expected, 1), Math.Round(scheme.Score(values)!.Value, 1));
    }

    [Fact]
    public void Indicators_without_data_are_left_out_and_the_other_weights_scaled_up()
    {
        var scheme = EvaluationScheme.Default(Now);
        // Only use rate (0.6 → 100 points) and open hours (1.0 → 100) have data, and check-in (0.5 → 0).
        var values = Indicators.Compute(new IndicatorInputs
        {
            OpenHours = 10, PromisedHours = 10, PlaceHoursOffered = 10, PlaceHoursBooked = 6, BookingsDue = 2, BookingsSettledAtDoor = 1,
        });

        Assert.Equal(Math.Round((20 * 100 + 15 * 100 + 10 * 0) / 45.0, 2), scheme.Score(values));
        Assert.Null(scheme.Score(Indicators.Compute(new IndicatorInputs())));
    }

    [Fact]
    public void A_scheme_reports_every_problem_at_once()
    {
        var violations = new Violations();
        EvaluationScheme.Check("", [
            new(IndicatorKind.UseRate, 60, 0, 0.6),
            new(IndicatorKind.UseRate, 30, 0, 0.6),
            new(IndicatorKind.OpenHours, 120, 1, 1),
        ], [
            new(Grade.Excellent, 90, 5, 1000),
            new(Grade.Good, 95, 3, 500),
            new(Grade.Fail, 10, 0, -1),
        ], violations);

        var fields = violations.Items.Select(v => (v.Field, v.Reason)).ToArray();
        Assert.Contains(("evaluation_scheme.display_name", Reasons.Required), fields);
        Assert.Contains(("evaluation_scheme.indicators[1].kind", Reasons.DuplicateIndicator), fields);
        Assert.Contains(("evaluation_scheme.indicators[2].weight", Reasons.OutOfRange), fields);
        Assert.Contains(("evaluation_scheme.indicators[2].full_at", Reasons.OutOfRange), fields);
        Assert.Contains(("evaluation_scheme.indicators", Reasons.WeightsNot100), fields);
        Assert.Contains(("evaluation_scheme.grades", Reasons.GradesIncomplete), fields);
        Assert.Contains(("evaluation_scheme.grades[2].min_score", Reasons.OutOfRange), fields);
        Assert.Contains(("evaluation_scheme.grades[2].institution_amount", Reasons.OutOfRange), fields);

        var fine = new Violations();
        EvaluationScheme.Check("方案", EvaluationScheme.DefaultWeights, EvaluationScheme.DefaultGrades, fine);
        Assert.False(fine.Any);
    }

    [Fact]
    public void Grades_follow_the_bands_and_a_contract_reward_is_a_share_of_the_periods_value()
    {
        var scheme = EvaluationScheme.Default(Now);
        var perfect = Indicators.Compute(new IndicatorInputs { OpenHours = 10, PromisedHours = 10 });
        var contract = new Evaluation("e1", SubjectKind.Contract, "c1", "莘庄体育中心委托运营", "310112101", "310112101", Q2, scheme, perfect,
            200_000m, "staff/admin", Now);
        Assert.Equal((100.0, Grade.Excellent, 10_000m), (contract.Score, contract.Grade, contract.ProposedReward));

        var half = Indicators.Compute(new IndicatorInputs { OpenHours = 8.5, PromisedHours = 10 }); // 70 points
        var school = new Evaluation("e2", SubjectKind.Institution, "school-1", "莘庄实验学校", "310112101001", null, Q2, scheme, half, null, "staff/admin", Now);
        Assert.Equal((70.0, Grade.Pass, 10_000m), (school.Score, school.Grade, school.ProposedReward));
        Assert.Equal(new LocalDate(2026, 7, 1), school.To);
    }

    [Fact]
    public void An_adjustment_stays_within_ten_points_needs_a_reason_and_is_kept()
    {
        var scheme = EvaluationScheme.Default(Now);
        var values = Indicators.Compute(new IndicatorInputs { OpenHours = 8.5, PromisedHours = 10 });
        var e = new Evaluation("e1", SubjectKind.Institution, "school-1", "莘庄实验学校", "310112101001", null, Q2, scheme, values, null, "staff/admin", Now);

        var problem = Assert.Throws<Problem>(() => e.Adjust(10.5, " ", "staff/admin", Now, new Violations()));
        Assert.Equal(new[] { "adjustment", "reason" }, problem.FieldViolations.Select(v => v.Field));
        Assert.Equal(Reasons.AdjustmentTooLarge, problem.FieldViolations[0].Reason);

        e.Adjust(10, "暑期加开夜场，群众反映良好", "staff/admin", Now, new Violations());
        Assert.Equal((80.0, Grade.Good, 30_000m), (e.Score, e.Grade, e.ProposedReward));
        e.Adjust(-5, "复核后下调", "staff/admin", Now, new Violations());
        Assert.Equal((65.0, Grade.Pass), (e.Score, e.Grade));
        Assert.Equal(new[] { 10.0, -15.0 }, e.Adjustments.Select(a => a.Points));
        Assert.Equal(-5, e.Adjustment);
    }

    [Fact]
    public void Draft_then_confirmed_then_published_and_no_step_out_of_turn()
    {
        var e = new Evaluation("e1", SubjectKind.Institution, "school-1", "莘庄实验学校", "310112101001", null, Q2, EvaluationScheme.Default(Now),
            Indicators.Compute(new IndicatorInputs { OpenHours = 10, PromisedHours = 10 }), null, "staff/admin", Now);

        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => e.Publish("staff/admin", Now)).Reason);
        e.Confirm("staff/admin", Now);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => e.Adjust(1, "x", "staff/admin", Now, new Violations())).Reason);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => e.Confirm("staff/admin", Now)).Reason);
        e.Publish("staff/admin", Now);
        Assert.Equal((EvaluationState.Published, 3), (e.State, e.Version));
    }

    [Fact]
    public void With_nothing_to_measure_there_is_nothing_to_evaluate()
    {
        var problem = Assert.Throws<Problem>(() => new Evaluation("e1", SubjectKind.Institution, "school-1", "莘庄实验学校", "310112101001", null, Q2,
            EvaluationScheme.Default(Now), Indicators.Compute(new IndicatorInputs()), null, "staff/admin", Now));
        Assert.Equal(Reasons.NothingToEvaluate, problem.Reason);
    }

    [Fact]
    public void The_openness_index_weighs_breadth_use_and_quality()
    {
        // Offered half the reference, used at 30 % (half of full use), no upheld complaints and satisfaction 5.
        var full = Openness.Compute(new OpennessInputs(490, 980, 147, 100, 0, [5]));
        Assert.Equal((0.5, 0.5, 1.0), (full.Breadth, full.Use!.Value, full.Quality!.Value));
        Assert.Equal(60.0, full.Index);

        // Nothing offered: breadth 0, use and quality unknown: the index is breadth alone.
        var closed = Openness.Compute(new OpennessInputs(0, 980, 0, 0, 0, []));
        Assert.Equal((0.0, null, null), (closed.Index, closed.Use, closed.Quality));

        // 2 upheld per 100 bookings = 20 per 1,000: quality from complaints floors at 0.
        var poor = Openness.Compute(new OpennessInputs(980, 980, 588, 100, 2, []));
        Assert.Equal((1.0, 1.0, 0.0, 80.0), (poor.Breadth, poor.Use!.Value, poor.Quality!.Value, poor.Index));
    }
}
