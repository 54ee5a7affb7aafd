using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Server.Data;
using CommunityShare.Server.Evaluations;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using DomainEvaluation = CommunityShare.Domain.Evaluations.Evaluation;
using DomainScheme = CommunityShare.Domain.Evaluations.EvaluationScheme;

namespace CommunityShare.Server.Pages.Manage.Evaluations;

/// <summary>
/// The evaluations console (绩效评估) for district staff and contracting offices: the scheme in force,
/// evaluating a subject for a past quarter, and the evaluations the caller may read. Other staff see
/// the evaluations they may read; residents are NOT_ALLOWED.
/// </summary>
public sealed class EvaluationsIndexModel(EvaluationDesk desk, EvaluationSchemes schemes, IClock clock) : AppPageModel, IRedisplay, IFormFields
{
    public IReadOnlyList<DomainEvaluation> Evaluations { get; private set; } = [];

    public IReadOnlyList<(string Name, string DisplayName)> Subjects { get; private set; } = [];

    public IReadOnlyList<string> Quarters { get; private set; } = [];

    public DomainScheme Scheme { get; private set; } = null!;

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Quarter { get; set; }

    [BindProperty]
    public string? RequestId { get; set; }

    /// <summary>The scheme form: one row per indicator, then one per grade (typed text, kept when it comes back).</summary>
    [BindProperty]
    public SchemeForm Edit { get; set; } = new();

    public sealed class SchemeForm
    {
        public string? Name { get; set; }

        public string? Etag { get; set; }

        public List<WeightRow> Weights { get; set; } = [];

        public List<GradeRow> Grades { get; set; } = [];
    }

    public sealed class WeightRow
    {
        public IndicatorKind Kind { get; set; }

        public string? Weight { get; set; }

        public string? ZeroAt { get; set; }

        public string? FullAt { get; set; }
    }

    public sealed class GradeRow
    {
        public Grade Grade { get; set; }

        public string? MinScore { get; set; }

        public string? SharePercent { get; set; }

        public string? Amount { get; set; }
    }

    public bool MayChangeScheme { get; private set; }

    public async Task OnGetAsync()
    {
        RequestId = Guid.NewGuid().ToString();
        await LoadAsync(HttpContext.RequestAborted);
    }

    /// <summary>District staff change the default scheme: every problem on its field, what was typed kept.</summary>
    public async Task<IActionResult> OnPostSchemeAsync()
    {
        var me = RequireMe();
        var violations = new Violations();
        var weights = Edit.Weights.Select((w, i) => new IndicatorWeight(w.Kind,
            Number(w.Weight, $"evaluation_scheme.indicators[{i}].weight", violations),
            Number(w.ZeroAt, $"evaluation_scheme.indicators[{i}].zero_at", violations),
            Number(w.FullAt, $"evaluation_scheme.indicators[{i}].full_at", violations))).ToArray();
        var grades = Edit.Grades.Select((g, i) => new GradeBand(g.Grade,
            Number(g.MinScore, $"evaluation_scheme.grades[{i}].min_score", violations),
            Number(g.SharePercent, $"evaluation_scheme.grades[{i}].contract_share_percent", violations),
            (decimal)Number(g.Amount, $"evaluation_scheme.grades[{i}].institution_amount", violations))).ToArray();
        await schemes.UpdateAsync(me, EvaluationSchemes.DefaultId, Edit.Name, weights, grades, Edit.Etag, violations, HttpContext.RequestAborted);
        return Redirect("/manage/evaluations?saved=scheme");
    }

    private static double Number(string? text, string field, Violations violations)
    {
        var ok = double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                 && double.IsFinite(value);
        violations.Check(!ok, field, Reasons.InvalidFormat, "must be a number.");
        return ok ? value : 0;
    }

    private void FillSchemeForm()
    {
        static string F(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        Edit = new SchemeForm
        {
            Name = Scheme.Name,
            Etag = Grpc.Etags.Of(Scheme.Version),
            Weights = Scheme.Weights.Select(w => new WeightRow { Kind = w.Kind, Weight = F(w.Weight), ZeroAt = F(w.ZeroAt), FullAt = F(w.FullAt) }).ToList(),
            Grades = Scheme.Grades.Select(g => new GradeRow
            {
                Grade = g.Grade, MinScore = F(g.MinScore), SharePercent = F(g.ContractSharePercent), Amount = F((double)g.InstitutionAmount),
            }).ToList(),
        };
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var me = RequireMe();
        var violations = new Violations();
        var quarter = EvaluationDesk.Quarter(Quarter);
        violations.Check(quarter is null, "quarter", Reasons.Required, "choose a quarter.");
        if (quarter is null)
        {
            violations.ThrowIfAny();
        }
        var (from, to) = quarter!.Value;
        // The same key as the gRPC door's, so a form sent twice makes one evaluation.
        var key = RequestLedger.KeyFor(me, "CreateEvaluation", RequestId, new CreateEvaluationRequest
        {
            Evaluation = new CommunityShare.Contracts.V1.Evaluation
            {
                Subject = Subject ?? "",
                StartDate = CommunityShare.Contracts.ProtoTime.ToProtoDate(from),
                EndDate = CommunityShare.Contracts.ProtoTime.ToProtoDate(to.PlusDays(-1)),
            },
        }, violations);
        var made = await desk.CreateAsync(me, Subject, from, to.PlusDays(-1), null, key, violations, HttpContext.RequestAborted);
        return Redirect("/manage/evaluations/" + made.Id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => SchemeField(apiField) ?? apiField switch
    {
        "evaluation.subject" => nameof(Subject),
        "evaluation.start_date" or "evaluation.end_date" or "quarter" => nameof(Quarter),
        _ => null,
    };

    /// <summary>evaluation_scheme.indicators[2].weight → Edit.Weights[2].Weight, and so on.</summary>
    private static string? SchemeField(string apiField)
    {
        var m = System.Text.RegularExpressions.Regex.Match(apiField, @"^evaluation_scheme\.(indicators|grades)(?:\[(\d+)\]\.(\w+))?$");
        if (!m.Success)
        {
            return apiField == "evaluation_scheme.display_name" ? "Edit.Name" : null;
        }
        if (!m.Groups[2].Success)
        {
            return m.Groups[1].Value == "indicators" ? "Edit.Weights" : "Edit.Grades";
        }
        var row = m.Groups[1].Value == "indicators" ? "Weights" : "Grades";
        var field = m.Groups[3].Value switch
        {
            "weight" => "Weight", "zero_at" => "ZeroAt", "full_at" => "FullAt", "min_score" => "MinScore",
            "contract_share_percent" => "SharePercent", "institution_amount" => "Amount", _ => null,
        };
        return field is null ? $"Edit.{row}" : $"Edit.{row}[{m.Groups[2].Value}].{field}";
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("see evaluations");
        Scheme = await schemes.GetAsync(EvaluationSchemes.DefaultId, cancellationToken);
        MayChangeScheme = me.Assignments.Any(a => a.Role == CommunityShare.Domain.Access.Role.DistrictStaff);
        Subjects = await desk.SubjectsToEvaluateAsync(me, cancellationToken);
        Quarters = EvaluationDesk.PastQuarters(clock.GetCurrentInstant().InZone(IndicatorReadings.Shanghai).Date, 4);
        Evaluations = (await desk.ListAsync(me, null, null, 200, null, new Violations(), cancellationToken)).Evaluations;
        if (Edit.Weights.Count == 0)
        {
            // Not what was typed into the scheme form (another form came back, or a first visit): the scheme as stored.
            FillSchemeForm();
        }
    }
}
