using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Identity;

/// <summary>An account as the caller sees it after signing in.</summary>
public sealed record AccountView(string Id, string UserName, string DisplayName, string? ResidentId, IReadOnlyList<RoleAssignment> Roles);

public sealed record IssuedSession(string AccessToken, Instant AccessTokenExpireTime, string RefreshToken, Instant RefreshTokenExpireTime, AccountView Account);

/// <summary>Sign-in, refresh and sign-out for API clients.</summary>
public sealed class Sessions(CommunityShareDb db, UserManager<Account> users, TokenIssuer tokens, TokenSettings settings, IClock clock,
    Hardening.SignInThrottle throttle)
{
    public const int MaxUserNameLength = 64;
    public const int MaxPasswordLength = 128;

    /// <summary>Signs in an API client: the account's tokens.</summary>
    public async Task<IssuedSession> SignInAsync(string userName, string password, CancellationToken cancellationToken) =>
        await StartAsync(await VerifyAsync(userName, password), Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>
    /// The account these credentials open, for either front door: every field problem at once, then
    /// the per-account limit, lockout and the password. Wrong user name and wrong password look the
    /// same, so that accounts cannot be discovered.
    /// </summary>
    public async Task<Account> VerifyAsync(string userName, string password)
    {
        var violations = new Violations();
        if (violations.Required(userName, "user_name"))
        {
            violations.MaxLength(userName, MaxUserNameLength, "user_name");
        }
        if (violations.Required(password, "password"))
        {
            violations.MaxLength(password, MaxPasswordLength, "password");
        }
        violations.ThrowIfAny();
        throttle.Require(userName.Trim());

        var account = await users.FindByNameAsync(userName.Trim());
        if (account is null)
        {
            throw InvalidCredentials();
        }
        if (await users.IsLockedOutAsync(account))
        {
            throw Locked(account);
        }
        if (!await users.CheckPasswordAsync(account, password))
        {
            await users.AccessFailedAsync(account);
            throw await users.IsLockedOutAsync(account) ? Locked(account) : InvalidCredentials();
        }
        await users.ResetAccessFailedCountAsync(account);
        return account;
    }

    public async Task<IssuedSession> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        violations.Required(refreshToken, "refresh_token");
        violations.ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var stored = await db.Set<RefreshToken>().FirstOrDefaultAsync(t => t.Hash == TokenIssuer.Hash(refreshToken), cancellationToken)
                     ?? throw Unauthenticated(Reasons.RefreshTokenInvalid, "This refresh token is not one we issued; sign in again.");
        if (stored.UsedTime is null && stored.RevokeTime is not null)
        {
            throw Unauthenticated(Reasons.RefreshTokenInvalid, "This session has ended (signed out); sign in again.");
        }
        if (stored.UsedTime is not null)
        {
            // Used twice: whoever holds it is not who it was given to. End the whole sign-in.
            await db.Set<RefreshToken>().Where(t => t.FamilyId == stored.FamilyId && t.RevokeTime == null)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokeTime, now), cancellationToken);
            throw Unauthenticated(Reasons.RefreshTokenReused, "This refresh token was already used; every session of that sign-in has ended. Sign in again.");
        }
        if (stored.ExpireTime <= now)
        {
            throw Unauthenticated(Reasons.RefreshTokenExpired, "This refresh token has expired; sign in again.");
        }
        var account = await users.FindByIdAsync(stored.AccountId)
                      ?? throw Unauthenticated(Reasons.RefreshTokenInvalid, "The account of this refresh token no longer exists.");
        stored.UsedTime = now;
        return await StartAsync(account, stored.FamilyId, cancellationToken);
    }

    public async Task SignOutAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        violations.Required(refreshToken, "refresh_token");
        violations.ThrowIfAny();
        var stored = await db.Set<RefreshToken>().FirstOrDefaultAsync(t => t.Hash == TokenIssuer.Hash(refreshToken), cancellationToken);
        if (stored is not null)
        {
            var now = clock.GetCurrentInstant();
            await db.Set<RefreshToken>().Where(t => t.FamilyId == stored.FamilyId && t.RevokeTime == null)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokeTime, now), cancellationToken);
        }
    }

    public async Task<AccountView> CurrentAsync(Actor actor, CancellationToken cancellationToken)
    {
        var account = await users.FindByIdAsync(actor.Id) ?? throw Unauthenticated(Reasons.TokenInvalid, "The signed-in account no longer exists.");
        return await ViewAsync(account, cancellationToken);
    }

    private async Task<IssuedSession> StartAsync(Account account, string familyId, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(account, cancellationToken);
        var (access, accessExpires) = tokens.Issue(account.Id, account.ResidentId, view.Roles);
        var refresh = TokenIssuer.NewRefreshToken();
        var now = clock.GetCurrentInstant();
        var refreshExpires = now + Duration.FromDays(settings.RefreshTokenDays);
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            Hash = TokenIssuer.Hash(refresh),
            AccountId = account.Id,
            FamilyId = familyId,
            CreateTime = now,
            ExpireTime = refreshExpires,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedSession(access, accessExpires, refresh, refreshExpires, view);
    }

    private async Task<AccountView> ViewAsync(Account account, CancellationToken cancellationToken)
    {
        var roles = await db.Set<AccountRole>().AsNoTracking().Where(r => r.AccountId == account.Id)
            .Select(r => new RoleAssignment(r.Role, r.ScopeId)).ToListAsync(cancellationToken);
        return new AccountView(account.Id, account.UserName ?? "", account.DisplayName, account.ResidentId, roles);
    }

    private static Problem InvalidCredentials() =>
        Unauthenticated(Reasons.InvalidCredentials, "The user name or password is not right.");

    private static Problem Locked(Account account) => new(ProblemKind.Unauthenticated, Reasons.AccountLocked,
        "Too many wrong passwords: the account is locked for a while. Try again later, or reset the password.",
        new Dictionary<string, string>
        {
            ["locked_until"] = account.LockoutEnd is { } end ? Instant.FromDateTimeOffset(end).ToString() : "",
        });

    private static Problem Unauthenticated(string reason, string message) => new(ProblemKind.Unauthenticated, reason, message);
}
