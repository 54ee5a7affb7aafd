using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage.Counter;

/// <summary>
/// Counter service (窗口代办), first step: find the resident at the counter by the mobile or identity
/// number they show, or by name among the residents of the places the clerk oversees
/// (<see cref="CounterDesk.FindAsync"/>, the same search as SearchResidents). Always masked. The
/// search is posted, not put in the address: a mobile or identity number has no place in browser
/// history, access logs or a Referer header.
/// </summary>
public sealed class CounterModel(CounterDesk counter, Gazetteer gazetteer, CommunityShareDb db) : AppPageModel, IRedisplay, IFormFields
{
    [BindProperty]
    public string? Q { get; set; }

    [BindProperty]
    public string? PageToken { get; set; }

    /// <summary>Null until something was searched for.</summary>
    public CounterMatches? Found { get; private set; }

    public GazetteerEntries Names { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        RequireMe().RequireCounterService("serve residents at the counter");
        Names = await gazetteer.GetAsync(db, HttpContext.RequestAborted);
    }

    public async Task OnPostAsync()
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        Names = await gazetteer.GetAsync(db, cancellationToken);
        Found = await counter.FindAsync(me, Q, PageToken, new Violations(), cancellationToken);
    }

    public async Task OnRedisplayAsync(CancellationToken cancellationToken) => Names = await gazetteer.GetAsync(db, cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "query" => nameof(Q),
        _ => "",
    };
}
