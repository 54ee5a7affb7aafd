using System.Security.Claims;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Identity;

/// <summary>
/// The claims of a signed-in account, the same for the web cookie as for the API's access token
/// (<see cref="Callers"/> reads both): the account (sub), the resident it is, and each role
/// assignment; plus, for the cookie, the security stamp, so that a password reset ends every
/// other browser's session. Nothing personal.
/// </summary>
public sealed class AccountPrincipals(CommunityShareDb db, IOptions<IdentityOptions> options) : IUserClaimsPrincipalFactory<Account>
{
    public static IEnumerable<Claim> ClaimsOf(string accountId, string? residentId, IEnumerable<RoleAssignment> roles)
    {
        yield return new Claim(Callers.SubjectClaim, accountId);
        if (residentId is not null)
        {
            yield return new Claim(Callers.ResidentClaim, residentId);
        }
        foreach (var role in roles)
        {
            yield return new Claim(Callers.RoleClaim, role.ToString());
        }
    }

    public async Task<ClaimsPrincipal> CreateAsync(Account user)
    {
        var roles = await db.Set<AccountRole>().AsNoTracking().Where(r => r.AccountId == user.Id)
            .Select(r => new RoleAssignment(r.Role, r.ScopeId)).ToListAsync();
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, Callers.SubjectClaim, Callers.RoleClaim);
        identity.AddClaims(ClaimsOf(user.Id, user.ResidentId, roles));
        identity.AddClaim(new Claim(Callers.DisplayNameClaim, user.DisplayName));
        if (user.SecurityStamp is not null)
        {
            identity.AddClaim(new Claim(options.Value.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp));
        }
        return new ClaimsPrincipal(identity);
    }
}
