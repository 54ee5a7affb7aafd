using CommunityShare.Server.Institutions;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Manage.Institutions;

/// <summary>An institution's console: its facilities (with their parts, hours and blackouts) and the work waiting today.</summary>
public sealed class InstitutionConsoleModel(InstitutionConsole console) : AppPageModel
{
    public InstitutionDesk Desk { get; private set; } = null!;

    public async Task OnGetAsync(string id) => Desk = await console.GetAsync(RequireMe(), id, HttpContext.RequestAborted);
}
