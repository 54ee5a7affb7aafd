using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Evaluations;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using DomainEvaluation = CommunityShare.Domain.Evaluations.Evaluation;

namespace CommunityShare.Server.Pages.Manage.Evaluations;

/// <summary>
/// One evaluation: its indicators with their inputs (the snapshot), the score and how it was
/// adjusted, the grade and proposed reward; for its evaluators the adjust, confirm and publish
/// forms (each carries the etag it was shown with, so a change made in between is told).
/// </summary>
public sealed class EvaluationDetailsModel(EvaluationDesk desk) : AppPageModel, IRedisplay, IFormFields
{
    public DomainEvaluation Evaluation { get; private set; } = null!;

    public bool MayEvaluate { get; private set; }

    [BindProperty]
    public string? Adjustment { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Etag { get; set; }

    [BindProperty]
    public string? RequestId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public async Task OnGetAsync(string id)
    {
        RequestId = Guid.NewGuid().ToString();
        await LoadAsync(id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAdjustAsync(string id)
    {
        var me = RequireMe();
        var violations = new Violations();
        var points = 0.0;
        violations.Check(!double.TryParse(Adjustment, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out points),
            "adjustment", Reasons.InvalidFormat, "must be a number of points, e.g. 2.5 or -3.");
        var key = RequestLedger.KeyFor(me, "AdjustEvaluation", RequestId,
            new AdjustEvaluationRequest { Name = EvaluationDesk.Name(id), Adjustment = points, Reason = Reason ?? "", Etag = Etag ?? "" }, violations);
        var changed = await desk.AdjustAsync(me, id, points, Reason, Etag, key, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/evaluations/{changed.Id}?done=adjusted");
    }

    public async Task<IActionResult> OnPostConfirmAsync(string id)
    {
        var changed = await desk.ConfirmAsync(RequireMe(), id, Etag, null, HttpContext.RequestAborted);
        return Redirect($"/manage/evaluations/{changed.Id}?done=confirmed");
    }

    public async Task<IActionResult> OnPostPublishAsync(string id)
    {
        var changed = await desk.PublishAsync(RequireMe(), id, Etag, null, HttpContext.RequestAborted);
        return Redirect($"/manage/evaluations/{changed.Id}?done=published");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync((string)RouteData.Values["id"]!, cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "adjustment" => nameof(Adjustment),
        "reason" => nameof(Reason),
        _ => null,
    };

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("see evaluations");
        Evaluation = await desk.GetAsync(me, id, cancellationToken);
        MayEvaluate = EvaluationDesk.MayEvaluate(me, Evaluation);
        Etag = Grpc.Etags.Of(Evaluation.Version);
    }
}
