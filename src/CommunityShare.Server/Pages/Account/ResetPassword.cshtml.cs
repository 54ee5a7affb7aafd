using CommunityShare.Domain;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Account;

/// <summary>The page the reset link opens. The two passwords must match; the rest is PasswordReset's.</summary>
public sealed class ResetPasswordModel(PasswordReset reset) : AppPageModel, IFormFields
{
    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public void OnGet(string? account, string? token)
    {
        Input.Account = account;
        Input.Token = token;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var violations = new Violations();
        violations.Check(Input.ConfirmPassword != Input.NewPassword, "confirm_password", Reasons.Mismatch, "must be the same as the new password.");
        await reset.ResetAsync(Input.Account ?? "", Input.Token ?? "", Input.NewPassword ?? "", violations, HttpContext.RequestAborted);
        return Redirect("/account/sign-in?passwordWasReset=true");
    }

    public string? FormField(string apiField) => apiField switch
    {
        "account" or "token" => "",
        _ => null,
    };
}

public sealed class ResetPasswordInput
{
    public string? Account { get; set; }

    public string? Token { get; set; }

    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }
}
