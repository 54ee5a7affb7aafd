using System.Globalization;
using System.Threading.RateLimiting;
using CommunityShare.Domain;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Hardening;

/// <summary>
/// A fixed-window limit per key, checked inside a use case (so that it holds for gRPC and pages
/// alike, and can be keyed on what the request is about rather than who sends it). Over the limit,
/// RESOURCE_EXHAUSTED with reason RATE_LIMITED, the policy's name and the wait.
/// </summary>
public abstract class KeyedThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly Func<FixedWindowSettings> _settings;
    private readonly string _policy;

    protected KeyedThrottle(Func<FixedWindowSettings> settings, string policy)
    {
        _settings = settings;
        _policy = policy;
        _limiter = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => settings().ToLimiterOptions()));
    }

    protected void Require(string key, string tooMany)
    {
        using var lease = _limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))
                : _settings().WindowSeconds;
            throw new Problem(ProblemKind.ResourceExhausted, Reasons.RateLimited, $"{tooMany}; try again in {seconds} s.",
                new Dictionary<string, string>
                {
                    ["policy"] = _policy,
                    ["retry_after_seconds"] = seconds.ToString(CultureInfo.InvariantCulture),
                });
        }
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Sign-in attempts per account name, whatever address they come from; the per-address limit is the "sign-in" endpoint policy.</summary>
public sealed class SignInThrottle(IOptions<RateLimitSettings> settings) : KeyedThrottle(() => settings.Value.SignInPerAccount, "sign-in-account")
{
    public void Require(string userName) => Require(userName.ToUpperInvariant(), "Too many sign-in attempts for this account");
}

/// <summary>
/// Bookings per resident they are made for, whoever makes them: a script booking for one resident
/// is stopped, while a counter clerk booking for a queue of residents is not.
/// </summary>
public sealed class BookingThrottle(IOptions<RateLimitSettings> settings) : KeyedThrottle(() => settings.Value.Bookings, "bookings")
{
    public void Require(string residentId) => Require(residentId, "Too many bookings for this resident");
}
