using CommunityShare.Domain;
using CommunityShare.Server.Evaluations;
using CommunityShare.Server.Web;
using DomainEvaluation = CommunityShare.Domain.Evaluations.Evaluation;

namespace CommunityShare.Server.Pages.Evaluations;

/// <summary>Published evaluations (政务公开) with their indicators, score, adjustments and grade, for everyone.</summary>
public sealed class PublicEvaluationsModel(EvaluationDesk desk) : AppPageModel
{
    public IReadOnlyList<DomainEvaluation> Evaluations { get; private set; } = [];

    public async Task OnGetAsync() =>
        Evaluations = (await desk.ListAsync(null, null, CommunityShare.Domain.Evaluations.EvaluationState.Published, 100, null, new Violations(),
            HttpContext.RequestAborted)).Evaluations;
}
