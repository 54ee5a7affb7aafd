using CommunityShare.Server.Identity;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Account;

/// <summary>Cookie sign-in with the same checks as AccountService.SignIn (limits, lockout, one answer for a wrong name or password).</summary>
public sealed class SignInModel(Sessions sessions, SignInManager<Identity.Account> signIn) : AppPageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool PasswordWasReset { get; set; }

    public void OnGet()
    {
        // Arriving here from a page that refused an ended session says so.
        if (HttpContext.Items.ContainsKey(SessionCheckMiddleware.InvalidSessionKey))
        {
            Reason = CommunityShare.Domain.Reasons.SessionInvalid;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await sessions.VerifyAsync(Input.UserName ?? "", Input.Password ?? "");
        await signIn.SignInAsync(account, Input.RememberMe);
        return LocalRedirect(WebModule.LocalUrl(ReturnUrl));
    }
}

public sealed class SignInInput
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool RememberMe { get; set; }
}
