using NodaTime;

namespace CommunityShare.Server.Identity;

/// <summary>
/// The injected <see cref="IClock"/> as a <see cref="TimeProvider"/>, for the framework parts that
/// read time that way (cookie expiry, security-stamp checks, reset-token lifetimes): one clock for
/// the whole product, so that tests move all of it together.
/// </summary>
public sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}
