using Microsoft.Extensions.Primitives;

namespace CommunityShare.Server.Web;

/// <summary>
/// Security headers on every response that is not gRPC: a strict Content-Security-Policy (no
/// framing, same-origin scripts, forms and base URLs, no plugins), nosniff, a referrer policy and
/// a minimal Permissions-Policy; and <c>Cache-Control: no-store</c> for a signed-in user, so that a
/// shared computer's cache or back button never shows one resident's page to the next. A handler
/// may set its own CSP (e.g. with a nonce); the others are not negotiable.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            context.Response.OnStarting(static state =>
            {
                Apply((HttpContext)state);
                return Task.CompletedTask;
            }, context);
        }
        return next(context);
    }

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (StringValues.IsNullOrEmpty(headers.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        // The user is read when the response starts, after authentication has run.
        if (context.User.Identity?.IsAuthenticated == true)
        {
            headers.CacheControl = "no-store";
        }
    }
}

public static class SecurityHeaders
{
    /// <summary>First in the pipeline, so that every answer carries the headers, errors and 429s included.</summary>
    public static WebApplication UseCommunityShareSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }
}
