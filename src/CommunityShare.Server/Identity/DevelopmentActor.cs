using System.Security.Claims;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using Grpc.Core;

namespace CommunityShare.Server.Identity;

/// <summary>
/// DEVELOPMENT ONLY, until sign-in exists: the caller names themselves in the
/// <c>x-communityshare-dev-actor</c> header as <c>resident:{id}</c>, or as
/// <c>staff:{id}:{role}={scope}[,{role}={scope}…]</c> with roles institution, office, provider,
/// district and supervisor (e.g. <c>staff:li-wei:office=310112101</c>). It only fills
/// <see cref="HttpContext.User"/>; use cases read the caller from there through
/// <see cref="Callers"/>, so real authentication replaces this middleware and nothing else.
/// </summary>
public sealed class DevelopmentActorMiddleware(RequestDelegate next)
{
    public const string Header = "x-communityshare-dev-actor";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue(Header, out var values))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(Read(values.ToString()), "DevelopmentHeader"));
        }
        return next(context);
    }

    private static List<Claim> Read(string value)
    {
        var claims = new List<Claim> { new(Callers.RawHeaderClaim, value) };
        var parts = value.Split(':');
        var valid = parts.Length >= 2 && Grpc.ResourceNames.IdPattern().IsMatch(parts[1]) && parts[0] switch
        {
            "resident" => parts.Length == 2,
            "staff" => parts.Length == 3 && parts[2].Split(',').All(a => RoleAssignment.TryParse(a, out _)),
            _ => false,
        };
        if (!valid)
        {
            return claims;
        }
        claims.Add(new Claim(Callers.SubjectClaim, parts[1]));
        if (parts[0] == "resident")
        {
            claims.Add(new Claim(Callers.ResidentClaim, parts[1]));
        }
        else
        {
            claims.AddRange(parts[2].Split(',').Select(a => new Claim(Callers.RoleClaim, a)));
        }
        return claims;
    }
}

/// <summary>Reads who is calling from the authenticated user, whichever scheme made it.</summary>
public static class Callers
{
    public const string SubjectClaim = "sub";
    public const string ResidentClaim = "communityshare/resident";
    public const string RoleClaim = "communityshare/role";
    public const string RawHeaderClaim = "communityshare/dev-header";

    /// <summary>Where the bearer scheme leaves the reason a token was refused (TOKEN_EXPIRED, TOKEN_INVALID).</summary>
    public const string FailureKey = "communityshare/auth-failure";

    /// <summary>The caller, or null when anonymous. A malformed identity is UNAUTHENTICATED, not anonymous.</summary>
    public static Actor? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var id = user.FindFirstValue(SubjectClaim) ?? throw Malformed();
        var assignments = new List<RoleAssignment>();
        foreach (var claim in user.FindAll(RoleClaim))
        {
            assignments.Add(RoleAssignment.TryParse(claim.Value, out var assignment) ? assignment! : throw Malformed());
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

    private static Problem Malformed() => new(ProblemKind.Unauthenticated, Reasons.Unauthenticated,
        $"The {DevelopmentActorMiddleware.Header} header must be resident:{{id}} or staff:{{id}}:{{role}}={{scope}}[,…], " +
        "with ids of lower-case letters, digits and '-' and roles institution, office, provider, district or supervisor.");
}
