using NodaTime;

namespace CommunityShare.Domain.Evaluations;

/// <summary>The grades an evaluation ends in (优秀, 良好, 合格, 不合格).</summary>
public enum Grade
{
    Excellent = 1,
    Good = 2,
    Pass = 3,
    Fail = 4,
}

/// <summary>
/// How one indicator counts: its weight (of 100), and its points — 0 at <see cref="ZeroAt"/>, 100
/// at <see cref="FullAt"/>, straight in between and held beyond. For indicators where less is
/// better (complaints, response days) <see cref="FullAt"/> is the smaller value.
/// </summary>
public sealed record IndicatorWeight(IndicatorKind Kind, double Weight, double ZeroAt, double FullAt)
{
    public double Points(double value)
    {
        var share = (value - ZeroAt) / (FullAt - ZeroAt);
        return Math.Round(Math.Clamp(share, 0, 1) * 100, 2);
    }
}

/// <summary>
/// A grade from <see cref="MinScore"/> up, and the reward funding it proposes: a share (percent) of
/// the contract value for the evaluated period, or a fixed amount (yuan) for an institution.
/// </summary>
public sealed record GradeBand(Grade Grade, double MinScore, double ContractSharePercent, decimal InstitutionAmount);

/// <summary>
/// The district's evaluation scheme: per indicator a weight and how it maps to points (the weights
/// sum to 100), grade bands and the reward funding per grade. Indicators without data in an
/// evaluation are left out and the others' weights scaled up to 100, and the evaluation says which.
/// </summary>
public sealed class EvaluationScheme
{
    public const int MaxNameLength = 100;

    private EvaluationScheme() { }

    public EvaluationScheme(string id, string name, IReadOnlyList<IndicatorWeight> weights, IReadOnlyList<GradeBand> grades, Instant now)
    {
        Id = id;
        Name = name;
        Weights = weights;
        Grades = grades;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public IReadOnlyList<IndicatorWeight> Weights { get; private set; } = [];

    /// <summary>Highest band first.</summary>
    public IReadOnlyList<GradeBand> Grades { get; private set; } = [];

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public void Update(string name, IReadOnlyList<IndicatorWeight> weights, IReadOnlyList<GradeBand> grades, Instant now)
    {
        Name = name;
        Weights = weights;
        Grades = grades;
        UpdateTime = now;
        Version++;
    }

    /// <summary>The default: 20 open hours, 15 use, 10 check-in, 10 no-show, 10 complaints, 10 upheld, 10 response, 15 satisfaction; 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60.</summary>
    public static EvaluationScheme Default(Instant now) => new("default", "区公共服务绩效评估方案", DefaultWeights, DefaultGrades, now);

    public static readonly IReadOnlyList<IndicatorWeight> DefaultWeights =
    [
        new(IndicatorKind.OpenHours, 20, 0.5, 1.0),
        new(IndicatorKind.UseRate, 15, 0, 0.6),
        new(IndicatorKind.CheckInHandling, 10, 0.5, 0.95),
        new(IndicatorKind.NoShowHandling, 10, 0.5, 1.0),
        new(IndicatorKind.ComplaintsPerThousand, 10, 20, 0),
        new(IndicatorKind.UpheldPerThousand, 10, 10, 0),
        new(IndicatorKind.ResponseWorkingDays, 10, 10, 2),
        new(IndicatorKind.Satisfaction, 15, 1, 5),
    ];

    public static readonly IReadOnlyList<GradeBand> DefaultGrades =
    [
        new(Grade.Excellent, 90, 5, 50_000m),
        new(Grade.Good, 80, 3, 30_000m),
        new(Grade.Pass, 60, 1, 10_000m),
        new(Grade.Fail, 0, 0, 0m),
    ];

    /// <summary>Every problem of a scheme at once, on proto field paths under <paramref name="path"/>.</summary>
    public static void Check(string? name, IReadOnlyList<IndicatorWeight> weights, IReadOnlyList<GradeBand> grades, Violations violations,
        string path = "evaluation_scheme")
    {
        if (violations.Required(name, $"{path}.display_name"))
        {
            violations.MaxLength(name!.Trim(), MaxNameLength, $"{path}.display_name");
        }
        var seen = new HashSet<IndicatorKind>();
        for (var i = 0; i < weights.Count; i++)
        {
            var w = weights[i];
            var at = $"{path}.indicators[{i}]";
            violations.Check(!seen.Add(w.Kind), $"{at}.kind", Reasons.DuplicateIndicator, "appears more than once.");
            violations.Check(!double.IsFinite(w.Weight) || w.Weight is < 0 or > 100, $"{at}.weight", Reasons.OutOfRange, "must be 0 to 100.");
            violations.Check(!double.IsFinite(w.ZeroAt) || !double.IsFinite(w.FullAt) || w.ZeroAt == w.FullAt, $"{at}.full_at", Reasons.OutOfRange,
                "must differ from zero_at (the value that gives 0 points).");
        }
        var sum = weights.Where(w => double.IsFinite(w.Weight)).Sum(w => w.Weight);
        violations.Check(weights.Count == 0 || Math.Abs(sum - 100) > 1e-9, $"{path}.indicators", Reasons.WeightsNot100,
            $"weights must add up to 100 (they add up to {sum:0.##}).");

        var bands = Enum.GetValues<Grade>().Select(g => grades.Where(b => b.Grade == g).ToArray()).ToArray();
        violations.Check(bands.Any(b => b.Length != 1), $"{path}.grades", Reasons.GradesIncomplete,
            "must hold each grade (excellent, good, pass, fail) exactly once.");
        for (var i = 0; i < grades.Count; i++)
        {
            var b = grades[i];
            var at = $"{path}.grades[{i}]";
            violations.Check(!double.IsFinite(b.MinScore) || b.MinScore is < 0 or > 100 || (b.Grade == Grade.Fail && b.MinScore != 0),
                $"{at}.min_score", Reasons.OutOfRange, b.Grade == Grade.Fail ? "must be 0 for the fail grade." : "must be 0 to 100.");
            violations.Check(!double.IsFinite(b.ContractSharePercent) || b.ContractSharePercent is < 0 or > 100, $"{at}.contract_share_percent",
                Reasons.OutOfRange, "must be 0 to 100.");
            violations.Check(b.InstitutionAmount is < 0 or > 100_000_000m, $"{at}.institution_amount", Reasons.OutOfRange, "must be 0 to 100,000,000 yuan.");
        }
        if (bands.All(b => b.Length == 1))
        {
            var ordered = bands.Select(b => b[0]).ToArray();
            for (var i = 1; i < ordered.Length; i++)
            {
                var index = grades.ToList().IndexOf(ordered[i]);
                violations.Check(ordered[i].MinScore >= ordered[i - 1].MinScore, $"{path}.grades[{index}].min_score", Reasons.OutOfRange,
                    $"must be below the {ordered[i - 1].Grade.ToString().ToLowerInvariant()} grade's minimum.");
            }
        }
    }

    /// <summary>The score (0–100, 2 decimals) over the indicators with data, their weights scaled up to 100; null when none has data.</summary>
    public double? Score(IReadOnlyList<IndicatorValue> values)
    {
        var counted = Weights.Where(w => w.Weight > 0)
            .Select(w => (w, v: values.FirstOrDefault(v => v.Kind == w.Kind)))
            .Where(x => x.v is { HasData: true })
            .ToArray();
        var weight = counted.Sum(x => x.w.Weight);
        if (weight <= 0)
        {
            return null;
        }
        return Math.Round(counted.Sum(x => x.w.Weight * x.w.Points(x.v!.Value!.Value)) / weight, 2);
    }

    public GradeBand GradeOf(double score) =>
        Grades.OrderByDescending(b => b.MinScore).First(b => score >= b.MinScore);
}
