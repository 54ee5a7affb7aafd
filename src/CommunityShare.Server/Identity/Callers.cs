using System.Security.Claims;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using Grpc.Core;

namespace CommunityShare.Server.Identity;

/// <summary>Reads who is calling from the authenticated user, whichever scheme signed them in.</summary>
public static class Callers
{
    public const string SubjectClaim = "sub";
    public const string ResidentClaim = "communityshare/resident";
    public const string RoleClaim = "communityshare/role";

    /// <summary>The name the web pages greet the account with (cookie only; tokens carry nothing personal).</summary>
    public const string DisplayNameClaim = "name";

    /// <summary>Where the bearer scheme leaves the reason a token was refused (TOKEN_EXPIRED, TOKEN_INVALID).</summary>
    public const string FailureKey = "communityshare/auth-failure";

    /// <summary>The caller, or null when anonymous.</summary>
    public static Actor? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var id = user.FindFirstValue(SubjectClaim) ?? throw Invalid();
        var assignments = new List<RoleAssignment>();
        foreach (var claim in user.FindAll(RoleClaim))
        {
            assignments.Add(RoleAssignment.TryParse(claim.Value, out var assignment) ? assignment! : throw Invalid());
        }
        return new Actor(id, user.FindFirstValue(ResidentClaim), assignments);
    }

    /// <summary>The caller, or null when anonymous; a token that was sent but refused is UNAUTHENTICATED with its reason.</summary>
    public static Actor? Of(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Items.TryGetValue(FailureKey, out var failure) && failure is string reason && http.User.Identity?.IsAuthenticated != true)
        {
            throw new Problem(ProblemKind.Unauthenticated, reason, reason == Reasons.TokenExpired
                ? "The access token has expired: refresh the session (RefreshSession) or sign in again."
                : "The access token is not valid: it was not issued by this service or has been altered. Sign in again.");
        }
        return Of(http.User);
    }

    /// <summary>The caller, who must be signed in.</summary>
    public static Actor Required(ServerCallContext context) =>
        Of(context) ?? throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated,
            "This call needs a signed-in caller: send \"authorization: Bearer {access token}\" from AccountService.SignIn.");

    private static Problem Invalid() => new(ProblemKind.Unauthenticated, Reasons.TokenInvalid,
        "The access token does not name a caller the way this service issues them. Sign in again.");
}
