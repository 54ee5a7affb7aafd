using System.Globalization;
using System.Threading.RateLimiting;
using CommunityShare.Domain;
using CommunityShare.Server.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.RateLimiting;

namespace CommunityShare.Server.Hardening;

/// <summary>
/// The answer over the limit. A gRPC call gets a trailers-only RESOURCE_EXHAUSTED (never
/// UNAVAILABLE, which clients retry at once) with ErrorInfo RATE_LIMITED and a RetryInfo in
/// <c>grpc-status-details-bin</c>; anything else gets 429 with Retry-After.
/// </summary>
internal static class RateLimitRejection
{
    public static ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "";
        var message = $"Too many requests; try again in {seconds} s.";

        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            var status = ProblemInterceptor.ToStatus(new Problem(ProblemKind.ResourceExhausted, Reasons.RateLimited, message,
                new Dictionary<string, string>
                {
                    ["policy"] = policy,
                    ["retry_after_seconds"] = seconds.ToString(CultureInfo.InvariantCulture),
                }));
            // Trailers-only response: HTTP 200 with the status in the headers and no body.
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
            http.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
            return ValueTask.CompletedTask;
        }

        // No body: the status page (Pages/Status) says it in the visitor's language.
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Items[Web.StatusPage.ReasonKey] = Reasons.RateLimited;
        http.Items[Web.StatusPage.RetryAfterKey] = seconds;
        return ValueTask.CompletedTask;
    }
}
