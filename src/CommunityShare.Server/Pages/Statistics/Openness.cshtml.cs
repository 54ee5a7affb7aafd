using CommunityShare.Server.Evaluations;
using CommunityShare.Server.Pages.Manage;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Statistics;

/// <summary>The public openness ranking (政务公开): aggregates only, nothing personal.</summary>
public sealed class PublicOpennessModel(OpennessRanking ranking, IClock clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Quarter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public IReadOnlyList<string> Quarters { get; private set; } = [];

    public IReadOnlyList<OpennessEntry> Rows { get; private set; } = [];

    public async Task OnGetAsync() =>
        (Quarters, Quarter, Rows) = await OpennessQuery.RunAsync(ranking, clock, Quarter, Kind, HttpContext.RequestAborted);
}
