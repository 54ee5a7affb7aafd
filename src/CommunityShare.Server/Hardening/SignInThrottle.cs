using System.Globalization;
using System.Threading.RateLimiting;
using CommunityShare.Domain;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Hardening;

/// <summary>
/// Limits sign-in attempts per account name, whatever address they come from; the per-address
/// limit is the "sign-in" policy on the endpoint. Over the limit, RESOURCE_EXHAUSTED with the wait.
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitSettings> settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(userName =>
        RateLimitPartition.GetFixedWindowLimiter(userName.ToUpperInvariant(), _ => settings.Value.SignInPerAccount.ToLimiterOptions()));

    public void Require(string userName)
    {
        using var lease = _limiter.AttemptAcquire(userName);
        if (!lease.IsAcquired)
        {
            var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                ? (int)Math.Ceiling(retry.TotalSeconds)
                : settings.Value.SignInPerAccount.WindowSeconds;
            throw new Problem(ProblemKind.ResourceExhausted, Reasons.RateLimited,
                $"Too many sign-in attempts for this account; try again in {seconds} s.",
                new Dictionary<string, string>
                {
                    ["policy"] = "sign-in-account",
                    ["retry_after_seconds"] = seconds.ToString(CultureInfo.InvariantCulture),
                });
        }
    }

    public void Dispose() => _limiter.Dispose();
}
