using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CommunityShare.Domain.Access;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CommunityShare.Server.Identity;

/// <summary>Settings of the tokens the service issues (section <c>Auth</c>).</summary>
public sealed class TokenSettings
{
    public const string Issuer = "communityshare";
    public const string Audience = "communityshare-api";

    public int AccessTokenMinutes { get; set; } = 15;

    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>Base64 of at least 32 random bytes; when empty, a key file next to the database is used (and made on first start).</summary>
    public string SigningKey { get; set; } = "";
}

/// <summary>The HMAC key that signs access tokens.</summary>
public sealed class SigningKey(byte[] key)
{
    public SymmetricSecurityKey SecurityKey { get; } = new(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16] };

    public static SigningKey Load(TokenSettings settings, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            var configured = Convert.FromBase64String(settings.SigningKey);
            return configured.Length >= 32 ? new SigningKey(configured)
                : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        }
        if (!File.Exists(keyFile))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(keyFile, Convert.ToBase64String(fresh));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return new SigningKey(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()));
    }
}

/// <summary>Issues access tokens: who (sub), as which resident, with which roles; nothing personal.</summary>
public sealed class TokenIssuer(SigningKey key, TokenSettings settings, IClock clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, Instant ExpireTime) Issue(string accountId, string? residentId, IEnumerable<RoleAssignment> roles)
    {
        var now = clock.GetCurrentInstant();
        var expires = now + Duration.FromMinutes(settings.AccessTokenMinutes);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenSettings.Issuer,
            Audience = TokenSettings.Audience,
            Subject = new ClaimsIdentity(AccountPrincipals.ClaimsOf(accountId, residentId, roles)),
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.ToDateTimeUtc(),
            Expires = expires.ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>A refresh token: 32 random bytes, URL-safe; only its hash is stored.</summary>
    public static string NewRefreshToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string refreshToken) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
