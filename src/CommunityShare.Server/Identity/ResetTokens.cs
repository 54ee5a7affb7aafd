using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CommunityShare.Server.Identity;

/// <summary>
/// Password reset tokens that expire by the injected clock. Identity's own provider reads the wall
/// clock, so its lifetime could not be tested, and would disagree with every other expiry of the
/// product. A token carries its creation time, the account, its purpose and the account's security
/// stamp: a reset (which changes the stamp) spends every token issued before it.
/// </summary>
public sealed class ResetTokens(IDataProtectionProvider protection, IClock clock) : IUserTwoFactorTokenProvider<Account>
{
    public const string Name = "clocked";

    private readonly IDataProtector _protector = protection.CreateProtector("CommunityShare.Identity.ResetTokens");

    public async Task<string> GenerateAsync(string purpose, UserManager<Account> manager, Account user)
    {
        var payload = string.Join('\n', clock.GetCurrentInstant().ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
            await manager.GetUserIdAsync(user), purpose, await manager.GetSecurityStampAsync(user));
        return Base64UrlEncode(_protector.Protect(System.Text.Encoding.UTF8.GetBytes(payload)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<Account> manager, Account user)
    {
        string[] parts;
        try
        {
            parts = System.Text.Encoding.UTF8.GetString(_protector.Unprotect(Base64UrlDecode(token))).Split('\n');
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
        if (parts.Length != 4 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }
        var age = clock.GetCurrentInstant() - Instant.FromUnixTimeTicks(ticks);
        return age >= Duration.Zero && age <= Duration.FromTimeSpan(PasswordReset.LinkLifetime)
               && parts[1] == await manager.GetUserIdAsync(user)
               && parts[2] == purpose
               && parts[3] == await manager.GetSecurityStampAsync(user);
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<Account> manager, Account user) => Task.FromResult(false);

    private static string Base64UrlEncode(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);

    private static byte[] Base64UrlDecode(string text) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(text);
}
