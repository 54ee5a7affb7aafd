using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Identity;

/// <summary>
/// Forgotten passwords: a one-time link sent by text message (through <see cref="INotificationChannel"/>)
/// to the account's mobile number, then a new password. Asking says the same thing whether or not
/// the account exists, so that accounts cannot be discovered. A reset ends every session of the
/// account: web cookies (the security stamp changes) and API refresh tokens.
/// </summary>
public sealed class PasswordReset(CommunityShareDb db, UserManager<Account> users, INotificationChannel channel, IClock clock,
    IOptions<WebSettings> web)
{
    public const string Template = "account.password_reset";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Sends the link (to the reset page of the public site) if there is anywhere to send it.</summary>
    public async Task RequestAsync(string userName, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        if (violations.Required(userName, "user_name"))
        {
            violations.MaxLength(userName, Sessions.MaxUserNameLength, "user_name");
        }
        violations.ThrowIfAny();
        var account = await users.FindByNameAsync(userName.Trim());
        if (account is null)
        {
            return;
        }
        var mobile = account.ResidentId is null ? null : await db.Set<ResidentRecord>().AsNoTracking()
            .Where(r => r.Id == account.ResidentId).Select(r => r.Mobile).FirstOrDefaultAsync(cancellationToken);
        var address = mobile ?? account.PhoneNumber ?? account.Email;
        if (string.IsNullOrEmpty(address))
        {
            // Staff without a contact number ask the district's administrator instead.
            return;
        }
        await SendLinkAsync(account, address, Template, link =>
            $"【社区共享】重置密码：{link} （{(int)LinkLifetime.TotalMinutes}分钟内有效，仅可使用一次）。如非本人操作，请忽略本短信。", cancellationToken);
    }

    /// <summary>Sends a one-time link to set the account's password, in the text <paramref name="compose"/> makes of it.</summary>
    public async Task SendLinkAsync(Account account, string address, string template, Func<string, string> compose, CancellationToken cancellationToken)
    {
        var token = await users.GeneratePasswordResetTokenAsync(account);
        await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Account(account.Id), address), template,
            compose(ResetLink(account.Id, token)), clock.GetCurrentInstant()), cancellationToken);
    }

    /// <summary>Sets the new password if the link is good; every problem with the request at once.</summary>
    public async Task ResetAsync(string accountId, string token, string newPassword, Violations violations, CancellationToken cancellationToken)
    {
        violations.Required(accountId, "account");
        violations.Required(token, "token");
        var account = string.IsNullOrEmpty(accountId) ? null : await users.FindByIdAsync(accountId);
        if (violations.Required(newPassword, "new_password"))
        {
            violations.MaxLength(newPassword, Sessions.MaxPasswordLength, "new_password");
            foreach (var validator in users.PasswordValidators)
            {
                foreach (var error in (await validator.ValidateAsync(users, account ?? new Account(), newPassword)).Errors)
                {
                    violations.Add("new_password", Reasons.WeakPassword, error.Description);
                }
            }
        }
        violations.ThrowIfAny();
        if (account is null)
        {
            throw InvalidLink();
        }
        // Whoever holds the link proves they are the account's owner: the trail names the account.
        using var acting = Audit.Acting.As(ResourceNames.Account(account.Id));
        var result = await users.ResetPasswordAsync(account, token, newPassword!);
        if (!result.Succeeded)
        {
            throw result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? InvalidLink()
                : Problem.Invalid(result.Errors.Select(e => new FieldViolation("new_password", Reasons.WeakPassword, e.Description)).ToArray());
        }
        // Whoever forgot the password may have locked the account trying; the link proves who they are.
        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        var now = clock.GetCurrentInstant();
        await db.Set<RefreshToken>().Where(t => t.AccountId == account.Id && t.RevokeTime == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokeTime, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private string ResetLink(string accountId, string token) =>
        QueryHelpers.AddQueryString(web.Value.PublicBaseUrl.TrimEnd('/') + "/account/reset-password",
            new Dictionary<string, string?> { ["account"] = accountId, ["token"] = token });

    private static Problem InvalidLink() => new(ProblemKind.FailedPrecondition, Reasons.ResetLinkInvalid,
        "This reset link has expired, was already used, or was not issued for this account. Ask for a new one.");
}
