using NodaTime;

namespace CommunityShare.Domain.Evaluations;

public enum SubjectKind
{
    Institution = 1,

    /// <summary>A provider's service contract: its scope facilities, clipped to its term.</summary>
    Contract = 2,
}

public enum EvaluationState
{
    Draft = 1,
    Confirmed = 2,
    Published = 3,
}

/// <summary>One change of the score by the evaluator, with its written reason; every one is kept.</summary>
public sealed record ScoreAdjustment(double Points, string Reason, string By, Instant Time);

/// <summary>
/// A periodic evaluation of one subject (an institution or a provider contract) for [From, To):
/// the indicators as computed when it was made (a snapshot, never recomputed), the score the scheme
/// gives them, the evaluator's adjustment (within ±<see cref="MaxAdjustment"/>, with a reason), the
/// grade and the proposed reward funding. Draft → confirmed → published; only a draft is adjusted.
/// </summary>
public sealed class Evaluation
{
    public const double MaxAdjustment = 10;
    public const int MaxReasonLength = 500;

    private Evaluation() { }

    public Evaluation(string id, SubjectKind subjectKind, string subjectId, string subjectName, string placeCode, string? authorityPlaceCode,
        DateInterval period, EvaluationScheme scheme, IReadOnlyList<IndicatorValue> indicators, decimal? contractValueForPeriod, string by, Instant now, string? providerId = null)
    {
        Id = id;
        ProviderId = providerId;
        SubjectKind = subjectKind;
        SubjectId = subjectId;
        SubjectName = subjectName;
        PlaceCode = placeCode;
        AuthorityPlaceCode = authorityPlaceCode;
        From = period.Start;
        To = period.End.PlusDays(1);
        SchemeId = scheme.Id;
        Weights = scheme.Weights;
        Grades = scheme.Grades;
        Indicators = indicators;
        ComputedScore = scheme.Score(indicators)
                        ?? throw Problem.Broken(Reasons.NothingToEvaluate, "No indicator has data for this subject and period: there is nothing to evaluate.");
        ContractValueForPeriod = contractValueForPeriod;
        State = EvaluationState.Draft;
        CreatedBy = by;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
        Grade = GradeFor(Score);
        ProposedReward = RewardFor(Grade);
    }

    public string Id { get; private set; } = "";

    public SubjectKind SubjectKind { get; private set; }

    /// <summary>The institution's id, or the contract's id.</summary>
    public string SubjectId { get; private set; } = "";

    public string SubjectName { get; private set; } = "";

    /// <summary>The contract's provider (its staff read the contract's evaluations); null for an institution.</summary>
    public string? ProviderId { get; private set; }

    /// <summary>Where the subject sits (the institution's place; for a contract, its contracting place).</summary>
    public string PlaceCode { get; private set; } = "";

    /// <summary>The contracting office's place for a contract (it evaluates its own contracts); null for an institution (the district's).</summary>
    public string? AuthorityPlaceCode { get; private set; }

    public LocalDate From { get; private set; }

    /// <summary>Exclusive.</summary>
    public LocalDate To { get; private set; }

    public string SchemeId { get; private set; } = "";

    /// <summary>The scheme's weights and grades when the evaluation was made, kept with it.</summary>
    public IReadOnlyList<IndicatorWeight> Weights { get; private set; } = [];

    public IReadOnlyList<GradeBand> Grades { get; private set; } = [];

    public IReadOnlyList<IndicatorValue> Indicators { get; private set; } = [];

    public double ComputedScore { get; private set; }

    public IReadOnlyList<ScoreAdjustment> Adjustments { get; private set; } = [];

    public double Adjustment => Math.Round(Adjustments.Sum(a => a.Points), 2);

    public double Score => Math.Round(Math.Clamp(ComputedScore + Adjustment, 0, 100), 2);

    public Grade Grade { get; private set; }

    /// <summary>The contract value attributed to the evaluated period (the term's value pro rata by days); null for an institution.</summary>
    public decimal? ContractValueForPeriod { get; private set; }

    public decimal ProposedReward { get; private set; }

    public EvaluationState State { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public string? ConfirmedBy { get; private set; }

    public Instant? ConfirmTime { get; private set; }

    public string? PublishedBy { get; private set; }

    public Instant? PublishTime { get; private set; }

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public DateInterval Period => new(From, To.PlusDays(-1));

    /// <summary>Sets the evaluator's adjustment to <paramref name="points"/> in total (kept as a new entry with its reason).</summary>
    public void Adjust(double points, string? reason, string by, Instant now, Violations violations)
    {
        violations.Check(!double.IsFinite(points) || Math.Abs(points) > MaxAdjustment, "adjustment", Reasons.AdjustmentTooLarge,
            $"must be within ±{MaxAdjustment:0} points of the computed score.");
        if (violations.Required(reason, "reason"))
        {
            violations.MaxLength(reason!.Trim(), MaxReasonLength, "reason");
        }
        violations.ThrowIfAny();
        RequireDraft("adjust");
        var change = Math.Round(points - Adjustment, 2);
        Adjustments = [.. Adjustments, new ScoreAdjustment(change, reason!.Trim(), by, now)];
        Grade = GradeFor(Score);
        ProposedReward = RewardFor(Grade);
        Touch(now);
    }

    public void Confirm(string by, Instant now)
    {
        RequireDraft("confirm");
        State = EvaluationState.Confirmed;
        ConfirmedBy = by;
        ConfirmTime = now;
        Touch(now);
    }

    public void Publish(string by, Instant now)
    {
        if (State != EvaluationState.Confirmed)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "Only a confirmed evaluation can be published.",
                new Dictionary<string, string> { ["state"] = State.ToString().ToUpperInvariant() });
        }
        State = EvaluationState.Published;
        PublishedBy = by;
        PublishTime = now;
        Touch(now);
    }

    private void RequireDraft(string action)
    {
        if (State != EvaluationState.Draft)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"Only a draft evaluation can be {(action == "adjust" ? "adjusted" : "confirmed")}.",
                new Dictionary<string, string> { ["state"] = State.ToString().ToUpperInvariant() });
        }
    }

    private void Touch(Instant now)
    {
        UpdateTime = now;
        Version++;
    }

    private Grade GradeFor(double score) => Grades.OrderByDescending(b => b.MinScore).First(b => score >= b.MinScore).Grade;

    private decimal RewardFor(Grade grade)
    {
        var band = Grades.First(b => b.Grade == grade);
        return SubjectKind == SubjectKind.Contract
            ? Math.Round((ContractValueForPeriod ?? 0m) * (decimal)band.ContractSharePercent / 100m, 2)
            : band.InstitutionAmount;
    }
}
