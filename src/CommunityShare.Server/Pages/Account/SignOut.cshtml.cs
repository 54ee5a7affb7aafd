using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Account;

/// <summary>Signing out is a POST (a link or an image cannot sign anyone out); GET shows the button.</summary>
public sealed class SignOutModel(SignInManager<Identity.Account> signIn) : AppPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
