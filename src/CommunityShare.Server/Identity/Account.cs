using CommunityShare.Domain.Access;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CommunityShare.Server.Identity;

/// <summary>A sign-in account (ASP.NET Core Identity): a resident's, a member of staff's, or both.</summary>
public sealed class Account : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The resident this account belongs to, if any.</summary>
    public string? ResidentId { get; set; }
}

/// <summary>One role over one scope held by an account (see <see cref="RoleAssignment"/>).</summary>
public sealed class AccountRole
{
    public string AccountId { get; set; } = "";

    public Role Role { get; set; }

    public string ScopeId { get; set; } = "";
}

/// <summary>
/// A refresh token, stored as its SHA-256 hash. Tokens of one sign-in form a family; each is used
/// once and replaced, and a token used twice ends the whole family (it was stolen or replayed).
/// </summary>
public sealed class RefreshToken
{
    public string Hash { get; set; } = "";

    public string AccountId { get; set; } = "";

    public string FamilyId { get; set; } = "";

    public Instant CreateTime { get; set; }

    public Instant ExpireTime { get; set; }

    public Instant? UsedTime { get; set; }

    public Instant? RevokeTime { get; set; }
}
