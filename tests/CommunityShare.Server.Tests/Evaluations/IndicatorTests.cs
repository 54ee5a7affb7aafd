using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Complaints;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Bookings;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Complaint = CommunityShare.Domain.Complaints.Complaint;
using ComplaintStep = CommunityShare.Domain.Complaints.ComplaintStep;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Evaluations;

/// <summary>
/// Indicators on known data: a school with a court (1 place) and a hall (10 places), both open
/// 08:00–22:00, a 2-hour blackout, and in the week of 1–7 June 2026 four bookings that were checked
/// in, recorded as a no-show by staff, released as a no-show by the platform, and one cancelled.
/// </summary>
public sealed class IndicatorTests : IAsyncLifetime
{
    private static readonly LocalDate Monday = new(2026, 6, 1);
    private readonly ServerFixture _f = new(settings: new Dictionary<string, string?> { ["Bookings:NoShowSweepSeconds"] = "3600" });

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        await _f.AddResidentAsync("r2", "310112101001", "王建国");
        await FacilityAsync(_f, "court-x", OpenDaily("莘庄篮球场", 1));
        await FacilityAsync(_f, "hall-x", OpenDaily("莘庄活动室", 10));
        At(Monday, 9);
        await _f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = "facilities/court-x",
            Blackout = new Blackout
            {
                StartTime = ToTimestamp(At(Monday.PlusDays(2), 10, move: false)),
                EndTime = ToTimestamp(At(Monday.PlusDays(2), 12, move: false)),
                Reason = Blackout.Types.Reason.Maintenance,
            },
        });
        var checkedIn = await BookAsync("r1", "court-x", Monday.PlusDays(1), 10);
        var markedByStaff = await BookAsync("r1", "court-x", Monday.PlusDays(1), 14, hours: 2);
        var released = await BookAsync("r2", "court-x", Monday.PlusDays(3), 10);
        var hall = await BookAsync("r2", "hall-x", Monday.PlusDays(4), 18, party: 4);
        var cancelled = await BookAsync("r1", "hall-x", Monday.PlusDays(5), 9, party: 2);
        await _f.Bookings("resident:r1").CancelBookingAsync(new CancelBookingRequest { Name = cancelled.Name });

        At(Monday.PlusDays(1), 9, 50);
        await _f.Bookings("resident:r1").CheckInBookingAsync(new CheckInBookingRequest { Name = checkedIn.Name, CheckInCode = checkedIn.CheckInCode });
        At(Monday.PlusDays(1), 14, 10);
        await _f.Bookings("staff:zhao:institution=school-1").MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = markedByStaff.Name });
        At(Monday.PlusDays(3), 10, 20);
        await using (var scope = _f.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None));
        }
        At(Monday.PlusDays(4), 17, 45);
        await _f.Bookings("staff:zhao:institution=school-1").CheckInBookingAsync(new CheckInBookingRequest { Name = hall.Name, CheckInCode = hall.CheckInCode });
        _f.Clock.Reset(ServerFixture.DefaultNow);
        _ = released;

        // Two complaints about the court filed in the week: one answered in 2 working days and upheld (rated 2),
        // one filed on Friday and answered on Monday (1 working day), not upheld (rated 4).
        var filed0 = At(Monday, 8, move: false);
        await _f.WithDbAsync(async db =>
        {
            var upheld = Complaint("c1", At(Monday.PlusDays(1), 10, move: false));
            Keep(db, upheld, upheld.Respond("已安排维修", "staff/zhao", At(Monday.PlusDays(3), 11, move: false)),
                upheld.Close(ComplaintOutcome.Upheld, "属实", "staff/li", At(Monday.PlusDays(3), 15, move: false)),
                upheld.Rate(2, "", At(Monday.PlusDays(3), 16, move: false)));
            var notUpheld = Complaint("c2", At(Monday.PlusDays(4), 16, move: false));
            Keep(db, notUpheld, notUpheld.Respond("已核实", "staff/zhao", At(Monday.PlusDays(7), 9, move: false)),
                notUpheld.Close(ComplaintOutcome.NotUpheld, "不属实", "staff/li", At(Monday.PlusDays(7), 15, move: false)),
                notUpheld.Rate(4, "", At(Monday.PlusDays(7), 16, move: false)));
            // Prov-1 runs the court from Wednesday 3 June under a contract of the Xinzhuang office, promising 100 hours a week.
            db.Providers.Add(new CommunityShare.Domain.Providers.Provider("prov-1", "闵行体育管理有限公司", CommunityShare.Domain.Providers.ProviderKind.Company, "91310112MA1G000001", "310112", "", filed0));
            db.Providers.Add(new CommunityShare.Domain.Providers.Provider("prov-2", "七宝文体服务社", CommunityShare.Domain.Providers.ProviderKind.SocialOrganisation, "91310112MA1G000002", "310112", "", filed0));
            var contract = new CommunityShare.Domain.Providers.ServiceContract("c1", "prov-1", new CommunityShare.Domain.Providers.ContractTerms("莘庄篮球场管理承包", CommunityShare.Domain.Providers.ContractKind.ManagementContract, "310112101",
                Monday.PlusDays(2), new LocalDate(2026, 12, 31), 2_130_000m, ["court-x"], new CommunityShare.Domain.Providers.ServiceLevels(100, 5, 4, 0.3)), filed0);
            contract.Activate(Monday, filed0);
            db.ServiceContracts.Add(contract);
            // Outside the week: not counted.
            Keep(db, Complaint("c3", At(Monday.PlusDays(8), 10, move: false)));
            await db.SaveChangesAsync();
            return 0;
        });
    }

    private static Complaint Complaint(string id, Instant filed) =>
        new(id, "residents/r1", false, ComplaintTarget.Facility, "court-x", "court-x", "school-1", null, "310112101001", "310112101", "篮筐损坏",
            ComplaintLevel.Operator, filed, filed + NodaTime.Duration.FromDays(7));

    private static void Keep(CommunityShare.Server.Data.CommunityShareDb db, Complaint complaint, params ComplaintStep[] steps)
    {
        db.Complaints.Add(complaint);
        db.ComplaintSteps.AddRange(steps);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Instant At(LocalDate date, int hour, int minute = 0, bool move = true)
    {
        var instant = date.At(new LocalTime(hour, minute)).InZoneStrictly(Shanghai).ToInstant();
        if (move)
        {
            _f.Clock.Reset(instant);
        }
        return instant;
    }

    private async Task<Booking> BookAsync(string resident, string facility, LocalDate date, int hour, int hours = 1, int party = 1) =>
        await _f.Bookings("resident:" + resident).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/" + facility,
            Booking = Slot(date, hour, hours, party),
        });

    private EvaluationService.EvaluationServiceClient Evaluations(string actor = "staff:admin") => new(_f.Channel(actor));

    private static GetIndicatorsRequest Week(string subject = "institutions/school-1") => new()
    {
        Subject = subject,
        StartDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 1 },
        EndDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 7 },
    };

    private static Indicator Of(IndicatorSet set, Indicator.Types.Kind kind) => set.Indicators.Single(i => i.Kind == kind);

    [Fact]
    public async Task The_weeks_indicators_are_exact_with_their_inputs()
    {
        var set = await Evaluations().GetIndicatorsAsync(Week());

        // Open: court 7 × 14 h less the 2-hour blackout, hall 7 × 14 h; promised: the published windows, 196 h.
        var open = Of(set, Indicator.Types.Kind.OpenHours);
        Assert.Equal((194.0, 196.0), (open.Numerator, open.Denominator));
        Assert.Equal(Math.Round(194 / 196.0, 6), open.Value);
        // Offered: 96 h × 1 place + 98 h × 10 places; booked: 1 + 2 + 1 court hours and 1 h × 4 in the hall (the cancelled one not).
        var use = Of(set, Indicator.Types.Kind.UseRate);
        Assert.Equal((8.0, 1076.0), (use.Numerator, use.Denominator));
        // Four bookings started: two checked in and one no-show recorded at the door; the released one was not settled by staff.
        var door = Of(set, Indicator.Types.Kind.CheckInHandling);
        Assert.Equal((3.0, 4.0, 0.75), (door.Numerator, door.Denominator, door.Value));
        // Two were missed, both recorded as no-shows (one by staff, one by the release).
        var noShow = Of(set, Indicator.Types.Kind.NoShowHandling);
        Assert.Equal((2.0, 2.0, 1.0), (noShow.Numerator, noShow.Denominator, noShow.Value));
        // Two complaints in 4 bookings: 500 per 1,000, one upheld: 250; answered in 2 and 1 working days; rated 2 and 4.
        Assert.Equal((2.0, 4.0, 500.0), Triple(Of(set, Indicator.Types.Kind.ComplaintsPerThousand)));
        Assert.Equal((1.0, 4.0, 250.0), Triple(Of(set, Indicator.Types.Kind.UpheldPerThousand)));
        Assert.Equal((3.0, 2.0, 1.5), Triple(Of(set, Indicator.Types.Kind.ResponseWorkingDays)));
        Assert.Equal((6.0, 2.0, 3.0), Triple(Of(set, Indicator.Types.Kind.Satisfaction)));
        Assert.Equal("2026-06-01/2026-06-07", $"{set.StartDate.Year}-{set.StartDate.Month:00}-{set.StartDate.Day:00}/"
                                              + $"{set.EndDate.Year}-{set.EndDate.Month:00}-{set.EndDate.Day:00}");
    }

    [Fact]
    public async Task A_week_with_nothing_booked_says_no_data_rather_than_zero()
    {
        var request = Week();
        request.StartDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 18 };
        request.EndDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 24 };
        var set = await Evaluations().GetIndicatorsAsync(request);

        Assert.Equal(0.0, Of(set, Indicator.Types.Kind.UseRate).Value);
        Assert.False(Of(set, Indicator.Types.Kind.CheckInHandling).HasValue);
        Assert.Equal("NO_BOOKINGS_DUE", Of(set, Indicator.Types.Kind.CheckInHandling).NoDataReason);
        Assert.Equal("NO_MISSED_BOOKINGS", Of(set, Indicator.Types.Kind.NoShowHandling).NoDataReason);
    }

    [Fact]
    public async Task Its_own_staff_and_office_see_the_indicators_others_do_not()
    {
        Assert.NotEmpty((await Evaluations("staff:zhao:institution=school-1").GetIndicatorsAsync(Week())).Indicators);
        Assert.NotEmpty((await Evaluations("staff:li:office=310112101").GetIndicatorsAsync(Week())).Indicators);
        var other = await Assert.ThrowsAsync<RpcException>(() => Evaluations("staff:qian:institution=school-2").GetIndicatorsAsync(Week()).ResponseAsync);
        Assert.Equal(("NOT_IN_SCOPE", StatusCode.PermissionDenied), (Reason(other), other.StatusCode));
        var resident = await Assert.ThrowsAsync<RpcException>(() => Evaluations("resident:r1").GetIndicatorsAsync(Week()).ResponseAsync);
        Assert.Equal("NOT_ALLOWED", Reason(resident));
    }

    [Fact]
    public async Task Bad_periods_and_subjects_are_told_at_once()
    {
        var request = Week("schools/x");
        request.EndDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 1 };
        var e = await Assert.ThrowsAsync<RpcException>(() => Evaluations().GetIndicatorsAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(new[] { "end_date", "subject" }, FieldViolations(e).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task An_evaluation_keeps_its_snapshot_is_adjusted_with_a_reason_confirmed_and_published()
    {
        var client = Evaluations();
        var created = await client.CreateEvaluationAsync(new CreateEvaluationRequest
        {
            Evaluation = new Evaluation { Subject = "institutions/school-1", StartDate = Week().StartDate, EndDate = Week().EndDate },
            RequestId = "eval-1",
        });
        Assert.Equal(Evaluation.Types.State.Draft, created.State);
        var again = await client.CreateEvaluationAsync(new CreateEvaluationRequest
        {
            Evaluation = new Evaluation { Subject = "institutions/school-1", StartDate = Week().StartDate, EndDate = Week().EndDate },
            RequestId = "eval-1",
        });
        Assert.Equal(created.Name, again.Name);
        var twice = await Assert.ThrowsAsync<RpcException>(() => client.CreateEvaluationAsync(new CreateEvaluationRequest
        {
            Evaluation = new Evaluation { Subject = "institutions/school-1", StartDate = Week().StartDate, EndDate = Week().EndDate },
        }).ResponseAsync);
        Assert.Equal("ALREADY_EVALUATED", Reason(twice));

        // Default scheme: open 194/196 → 97.96 points, use 8/1076 ÷ 0.6 → 1.24, door (0.75 − 0.5) ÷ 0.45 → 55.56, no-shows 100,
        // 500 complaints and 250 upheld per 1,000 → 0 and 0, 1.5 working days → 100, satisfaction 3 → 50.
        var expected = (20 * Points(194 / 196.0, 0.5, 1.0) + 15 * Points(8 / 1076.0, 0, 0.6) + 10 * Points(0.75, 0.5, 0.95) + 10 * 100
                        + 10 * 0 + 10 * 0 + 10 * 100 + 15 * 50) / 100;
        Assert.Equal(Math.Round(expected, 2), created.ComputedScore, 2);
        Assert.Equal(Evaluation.Types.Grade.Fail, created.Grade);
        Assert.Equal(0, created.ProposedReward);

        // A booking checked in later does not change the snapshot.
        var tooFar = await Assert.ThrowsAsync<RpcException>(() => client.AdjustEvaluationAsync(new AdjustEvaluationRequest
        {
            Name = created.Name, Adjustment = 12, Reason = "",
        }).ResponseAsync);
        Assert.Equal(new[] { "adjustment", "reason" }, FieldViolations(tooFar).Select(v => v.Field));
        var stale = await Assert.ThrowsAsync<RpcException>(() => client.AdjustEvaluationAsync(new AdjustEvaluationRequest
        {
            Name = created.Name, Adjustment = 5, Reason = "暑期加开夜场", Etag = "\"7\"",
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var adjusted = await client.AdjustEvaluationAsync(new AdjustEvaluationRequest
        {
            Name = created.Name, Adjustment = 10, Reason = "暑期加开夜场，居民反映良好", Etag = created.Etag,
        });
        Assert.Equal(Math.Round(created.ComputedScore + 10, 2), adjusted.Score, 2);
        Assert.Equal("暑期加开夜场，居民反映良好", Assert.Single(adjusted.Adjustments).Reason);

        // The school's staff do not see a draft; the public does not see it until it is published.
        var draft = await Assert.ThrowsAsync<RpcException>(() =>
            Evaluations("staff:zhao:institution=school-1").GetEvaluationAsync(new GetEvaluationRequest { Name = created.Name }).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(draft));
        var confirmed = await client.ConfirmEvaluationAsync(new ConfirmEvaluationRequest { Name = created.Name });
        Assert.Equal(Evaluation.Types.State.Confirmed, confirmed.State);
        Assert.Equal(confirmed.Score, (await Evaluations("staff:zhao:institution=school-1").GetEvaluationAsync(new GetEvaluationRequest { Name = created.Name })).Score);
        Assert.Empty((await Evaluations(null!).ListEvaluationsAsync(new ListEvaluationsRequest())).Evaluations);
        var late = await Assert.ThrowsAsync<RpcException>(() => client.AdjustEvaluationAsync(new AdjustEvaluationRequest
        {
            Name = created.Name, Adjustment = 1, Reason = "再调",
        }).ResponseAsync);
        Assert.Equal("STATE_DOES_NOT_ALLOW", Reason(late));

        var published = await client.PublishEvaluationAsync(new PublishEvaluationRequest { Name = created.Name, RequestId = "pub-1" });
        Assert.Equal(Evaluation.Types.State.Published, published.State);
        var shown = Assert.Single((await Evaluations(null!).ListEvaluationsAsync(new ListEvaluationsRequest())).Evaluations);
        Assert.Equal((created.Name, 8, published.Score), (shown.Name, shown.Indicators.Count, shown.Score));
        Assert.Equal(published.Etag, (await client.PublishEvaluationAsync(new PublishEvaluationRequest { Name = created.Name, RequestId = "pub-1" })).Etag);
    }

    [Fact]
    public async Task A_period_not_yet_over_is_not_evaluated_and_an_office_does_not_evaluate_an_institution()
    {
        var open = await Assert.ThrowsAsync<RpcException>(() => Evaluations().CreateEvaluationAsync(new CreateEvaluationRequest
        {
            Evaluation = new Evaluation
            {
                Subject = "institutions/school-1",
                StartDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 1 },
                EndDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 30 },
            },
        }).ResponseAsync);
        Assert.Equal("PERIOD_NOT_OVER", FieldViolations(open).Single().Reason);
        var office = await Assert.ThrowsAsync<RpcException>(() => Evaluations("staff:li:office=310112101").CreateEvaluationAsync(new CreateEvaluationRequest
        {
            Evaluation = new Evaluation { Subject = "institutions/school-1", StartDate = Week().StartDate, EndDate = Week().EndDate },
        }).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(office));
    }

    [Fact]
    public async Task The_openness_index_ranks_the_school_with_its_inputs()
    {
        var rows = (await Evaluations(null!).ListOpennessIndexAsync(new ListOpennessIndexRequest
        {
            Place = "places/310112",
            StartDate = Week().StartDate,
            EndDate = Week().EndDate,
        })).Rows;
        var school = Assert.Single(rows);
        // Reference: 11 places × 98 h; offered 1076 place-hours; use 8/1076 ÷ 0.6; quality: 250 upheld per 1,000 → 0, satisfaction 3 → 0.5.
        Assert.Equal((1076.0, 1078.0, 1, 1, 1), (school.PlaceHoursOffered, school.ReferencePlaceHours, school.Rank, school.RankInKind, school.RankInTown));
        Assert.Equal(0.25, school.Quality);
        var expected = (0.5 * (1076 / 1078.0) + 0.3 * (8 / 1076.0 / 0.6) + 0.2 * 0.25) * 100;
        Assert.Equal(Math.Round(expected, 1), school.Index, 1);
        Assert.Equal(("places/310112101", Institution.Types.Kind.School), (school.Town, school.InstitutionKind));
    }

    [Fact]
    public async Task A_contracts_indicators_cover_its_scope_within_its_term_and_its_provider_sees_them()
    {
        var set = await Evaluations("staff:p1:provider=prov-1").GetIndicatorsAsync(Week("providers/prov-1/contracts/c1"));

        // Clipped to 3–7 June: the court's 5 × 14 h less the 2-hour blackout, against 100 h a week × 5/7.
        Assert.Equal((3, 7), (set.StartDate.Day, set.EndDate.Day));
        Assert.Equal((68.0, Math.Round(500 / 7.0, 4)), (Of(set, Indicator.Types.Kind.OpenHours).Numerator, Of(set, Indicator.Types.Kind.OpenHours).Denominator));
        // One booking (Thursday's, released as a no-show) and one complaint (Friday's; Tuesday's came before the term).
        Assert.Equal((1.0, 68.0), (Of(set, Indicator.Types.Kind.UseRate).Numerator, Of(set, Indicator.Types.Kind.UseRate).Denominator));
        Assert.Equal((0.0, 1.0, 0.0), Triple(Of(set, Indicator.Types.Kind.CheckInHandling)));
        Assert.Equal((1.0, 1.0, 1000.0), Triple(Of(set, Indicator.Types.Kind.ComplaintsPerThousand)));
        Assert.Equal((4.0, 1.0, 4.0), Triple(Of(set, Indicator.Types.Kind.Satisfaction)));

        var other = await Assert.ThrowsAsync<RpcException>(() =>
            Evaluations("staff:p2:provider=prov-2").GetIndicatorsAsync(Week("providers/prov-1/contracts/c1")).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(other));
        var before = Week("providers/prov-1/contracts/c1");
        before.StartDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 1 };
        before.EndDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 31 };
        var outside = await Assert.ThrowsAsync<RpcException>(() => Evaluations().GetIndicatorsAsync(before).ResponseAsync);
        Assert.Equal("OUTSIDE_CONTRACT_TERM", Reason(outside));
    }

    [Fact]
    public async Task The_contracting_office_evaluates_its_contract_and_the_provider_reads_it_once_confirmed()
    {
        var request = new CreateEvaluationRequest
        {
            Evaluation = new Evaluation { Subject = "providers/prov-1/contracts/c1", StartDate = Week().StartDate, EndDate = Week().EndDate },
        };
        var qibao = await Assert.ThrowsAsync<RpcException>(() => Evaluations("staff:wang:office=310112102").CreateEvaluationAsync(request).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(qibao));
        var provider = await Assert.ThrowsAsync<RpcException>(() => Evaluations("staff:p1:provider=prov-1").CreateEvaluationAsync(request).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(provider));

        var office = Evaluations("staff:li:office=310112101");
        var made = await office.CreateEvaluationAsync(request);
        Assert.Equal(("providers/prov-1/contracts/c1", "莘庄篮球场管理承包", "places/310112101"), (made.Subject, made.SubjectDisplayName, made.Place));
        // Reward: the grade's share of the value for the 5 days evaluated of the 212-day term.
        var share = made.Grade switch
        {
            Evaluation.Types.Grade.Excellent => 5, Evaluation.Types.Grade.Good => 3, Evaluation.Types.Grade.Pass => 1, _ => 0,
        };
        Assert.Equal((double)Math.Round(Math.Round(2_130_000m * 5 / 212, 2) * share / 100m, 2), made.ProposedReward);

        var draft = await Assert.ThrowsAsync<RpcException>(() =>
            Evaluations("staff:p1:provider=prov-1").GetEvaluationAsync(new GetEvaluationRequest { Name = made.Name }).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(draft));
        await office.ConfirmEvaluationAsync(new ConfirmEvaluationRequest { Name = made.Name, Etag = made.Etag });
        var seen = await Evaluations("staff:p1:provider=prov-1").ListEvaluationsAsync(new ListEvaluationsRequest { Subject = "providers/prov-1/contracts/c1" });
        Assert.Equal(made.Name, Assert.Single(seen.Evaluations).Name);
        Assert.Empty((await Evaluations("staff:p2:provider=prov-2").ListEvaluationsAsync(new ListEvaluationsRequest())).Evaluations);
    }

    private static (double, double, double) Triple(Indicator i) => (i.Numerator, i.Denominator, i.Value);

    private static double Points(double value, double zeroAt, double fullAt) =>
        Math.Round(Math.Clamp((value - zeroAt) / (fullAt - zeroAt), 0, 1) * 100, 2);
}
