using System.Security.Claims;
using CommunityShare.Domain;
using Grpc.Core;

namespace CommunityShare.Server.Identity;

/// <summary>
/// DEVELOPMENT ONLY, until sign-in exists: the caller names themselves in the
/// <c>x-communityshare-dev-actor</c> header as <c>resident:{id}</c> or <c>staff:{id}</c>.
/// It only fills <see cref="HttpContext.User"/>; use cases read the caller from there through
/// <see cref="Callers"/>, so real authentication replaces this middleware and nothing else.
/// </summary>
public sealed class DevelopmentActorMiddleware(RequestDelegate next)
{
    public const string Header = "x-communityshare-dev-actor";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue(Header, out var values))
        {
            var value = values.ToString();
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var kind = colon > 0 ? value[..colon] : "";
            var id = colon > 0 ? value[(colon + 1)..] : "";
            var claims = new List<Claim> { new(Callers.RawHeaderClaim, value) };
            if (kind is "resident" or "staff" && Grpc.ResourceNames.IdPattern().IsMatch(id))
            {
                claims.Add(new Claim(Callers.KindClaim, kind));
                claims.Add(new Claim(ClaimTypes.NameIdentifier, id));
            }
            context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "DevelopmentHeader"));
        }
        return next(context);
    }
}

/// <summary>Reads who is calling from the authenticated user, whichever scheme made it.</summary>
public static class Callers
{
    public const string KindClaim = "communityshare/actor-kind";
    public const string RawHeaderClaim = "communityshare/dev-header";

    /// <summary>The caller, or null when anonymous. A malformed identity is UNAUTHENTICATED, not anonymous.</summary>
    public static Actor? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var kind = user.FindFirstValue(KindClaim);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (kind is null || id is null)
        {
            throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated,
                $"The {DevelopmentActorMiddleware.Header} header must be resident:{{id}} or staff:{{id}}, with an id of lower-case letters, digits and '-'.");
        }
        return new Actor(kind == "staff" ? ActorKind.Staff : ActorKind.Resident, id);
    }

    public static Actor? Of(ServerCallContext context) => Of(context.GetHttpContext().User);

    /// <summary>The caller, who must be signed in.</summary>
    public static Actor Required(ServerCallContext context) =>
        Of(context) ?? throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated,
            $"This call needs a caller: send the {DevelopmentActorMiddleware.Header} header (development sign-in).");
}
