using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Residents;

/// <summary>
/// A resident, masked unless <c>full</c> is asked for; the same rule as ResidentService.GetResident:
/// the resident and their guardian, or staff overseeing the home neighbourhood (a full view is audited).
/// </summary>
public sealed class ResidentDetailModel(ResidentRegistry residents) : AppPageModel
{
    public ResidentView View { get; private set; } = null!;

    public async Task OnGetAsync(string id, bool full) =>
        View = await residents.GetAsync(RequireMe(), id, full, HttpContext.RequestAborted);
}
