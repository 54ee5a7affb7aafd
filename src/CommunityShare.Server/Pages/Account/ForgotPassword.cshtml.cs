using CommunityShare.Server.Identity;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Account;

public sealed class ForgotPasswordModel(PasswordReset reset) : AppPageModel
{
    [BindProperty]
    public ForgotPasswordInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync()
    {
        await reset.RequestAsync(Input.UserName ?? "", HttpContext.RequestAborted);
        Sent = true;
    }
}

public sealed class ForgotPasswordInput
{
    public string? UserName { get; set; }
}
