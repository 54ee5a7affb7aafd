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

    public async Task OnGetAsync()
    {
        RequestId = Guid.NewGuid().ToString();
        await LoadAsync(HttpContext.RequestAborted);
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

    public string? FormField(string apiField) => apiField switch
    {
        "evaluation.subject" => nameof(Subject),
        "evaluation.start_date" or "evaluation.end_date" or "quarter" => nameof(Quarter),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("see evaluations");
        Scheme = await schemes.GetAsync(EvaluationSchemes.DefaultId, cancellationToken);
        Subjects = await desk.SubjectsToEvaluateAsync(me, cancellationToken);
        Quarters = EvaluationDesk.PastQuarters(clock.GetCurrentInstant().InZone(IndicatorReadings.Shanghai).Date, 4);
        Evaluations = (await desk.ListAsync(me, null, null, 200, null, new Violations(), cancellationToken)).Evaluations;
    }
}
