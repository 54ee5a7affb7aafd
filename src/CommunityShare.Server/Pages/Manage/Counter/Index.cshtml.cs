using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage.Counter;

/// <summary>
/// Counter service (窗口代办), first step: find the resident at the counter by the mobile or identity
/// number they show, or by name among the residents of the places the clerk oversees
/// (<see cref="CounterDesk.FindAsync"/>, the same search as SearchResidents). Always masked.
/// </summary>
public sealed class CounterModel(CounterDesk counter, Gazetteer gazetteer, CommunityShareDb db) : AppPageModel, IRedisplay, IFormFields
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? PageToken { get; set; }

    /// <summary>Null until something was searched for.</summary>
    public CounterMatches? Found { get; private set; }

    public GazetteerEntries Names { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        Names = await gazetteer.GetAsync(db, cancellationToken);
        if (!Request.Query.ContainsKey(nameof(Q)))
        {
            me.RequireCounterService("serve residents at the counter");
            return;
        }
        Found = await counter.FindAsync(me, Q, PageToken, new Violations(), cancellationToken);
    }

    public async Task OnRedisplayAsync(CancellationToken cancellationToken) => Names = await gazetteer.GetAsync(db, cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "query" => nameof(Q),
        _ => "",
    };

    public string NextLink => $"/manage/counter?q={Uri.EscapeDataString(Q ?? "")}&pageToken={Uri.EscapeDataString(Found?.NextPageToken ?? "")}";
}
