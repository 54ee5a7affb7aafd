using CommunityShare.Domain;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Account;

/// <summary>The signed-in account: who, which roles, and the resident's own record (masked on screen).</summary>
public sealed class MyAccountModel(Sessions sessions, ResidentRegistry residents, Gazetteer gazetteer, Data.CommunityShareDb db) : AppPageModel
{
    public GazetteerEntries? Names { get; private set; }

    public AccountView Account { get; private set; } = null!;

    public Resident? Resident { get; private set; }

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        Account = await sessions.CurrentAsync(me, HttpContext.RequestAborted);
        Names = await gazetteer.GetAsync(db, HttpContext.RequestAborted);
        if (me.ResidentId is not null)
        {
            try
            {
                Resident = (await residents.GetAsync(me, me.ResidentId, full: false, HttpContext.RequestAborted)).Resident;
            }
            catch (Problem problem) when (problem.Kind == ProblemKind.NotFound)
            {
                // An account linked to a resident with no real-name record yet: the account is still shown.
            }
        }
    }
}
