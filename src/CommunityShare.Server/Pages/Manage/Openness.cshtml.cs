using CommunityShare.Server.Evaluations;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>The openness ranking for staff: every institution of the district with its index, parts and inputs, for a past quarter.</summary>
public sealed class OpennessModel(OpennessRanking ranking, IClock clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Quarter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public IReadOnlyList<string> Quarters { get; private set; } = [];

    public IReadOnlyList<OpennessEntry> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        me.RequireStaff("see the openness ranking with its inputs");
        (Quarters, Quarter, Rows) = await OpennessQuery.RunAsync(ranking, clock, Quarter, Kind, HttpContext.RequestAborted);
    }
}

/// <summary>What the staff and the public openness pages share: the quarter asked for (the last one by default) and a kind filter.</summary>
public static class OpennessQuery
{
    public const string District = "310112";

    public static async Task<(IReadOnlyList<string> Quarters, string Quarter, IReadOnlyList<OpennessEntry> Rows)> RunAsync(OpennessRanking ranking,
        IClock clock, string? quarter, string? kind, CancellationToken cancellationToken)
    {
        var quarters = EvaluationDesk.PastQuarters(clock.GetCurrentInstant().InZone(IndicatorReadings.Shanghai).Date, 4);
        var chosen = quarter is not null && EvaluationDesk.Quarter(quarter) is not null ? quarter : quarters[0];
        var (from, to) = EvaluationDesk.Quarter(chosen)!.Value;
        var rows = await ranking.ListAsync(District, from, to, cancellationToken);
        if (Enum.TryParse<CommunityShare.Domain.Institutions.InstitutionKind>(kind, out var k))
        {
            rows = rows.Where(r => r.Kind == k).ToArray();
        }
        return (quarters, chosen, rows);
    }
}
