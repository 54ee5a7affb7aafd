using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages;

public sealed class IndexModel : AppPageModel
{
    public void OnGet()
    {
    }
}
