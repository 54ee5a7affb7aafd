using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace CommunityShare.Server.Data;

// Stored as integers so that ordering and range comparisons run in SQL on every provider.

internal sealed class InstantAsTicks() : ValueConverter<Instant, long>(
    i => i.ToUnixTimeTicks(), t => Instant.FromUnixTimeTicks(t));

internal sealed class DurationAsTicks() : ValueConverter<Duration, long>(
    d => d.BclCompatibleTicks, t => Duration.FromTicks(t));

internal sealed class LocalTimeAsTicks() : ValueConverter<LocalTime, long>(
    t => t.TickOfDay, t => LocalTime.FromTicksSinceMidnight(t));
