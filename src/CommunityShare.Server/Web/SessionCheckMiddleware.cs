using CommunityShare.Domain;
using CommunityShare.Server.Identity;

namespace CommunityShare.Server.Web;

/// <summary>
/// A session cookie that no longer opens (altered, expired, or from before a password reset) is
/// removed and the request goes on as anonymous, marked so that the page says why and the sign-in
/// redirect carries <c>reason=SESSION_INVALID</c>. Nothing is done in the old session's name.
/// </summary>
public sealed class SessionCheckMiddleware(RequestDelegate next)
{
    public const string InvalidSessionKey = "communityshare/session-invalid";

    public Task InvokeAsync(HttpContext context)
    {
        if (!IdentityModule.IsGrpc(context.Request)
            && context.User.Identity?.IsAuthenticated != true
            && context.Request.Cookies.ContainsKey(IdentityModule.CookieName))
        {
            context.Items[InvalidSessionKey] = Reasons.SessionInvalid;
            context.Response.Cookies.Delete(IdentityModule.CookieName);
        }
        return next(context);
    }
}
