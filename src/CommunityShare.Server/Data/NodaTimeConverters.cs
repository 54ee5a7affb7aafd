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

/// <summary>yyyymmdd as an integer: ordered like the dates, and readable in the database.</summary>
internal sealed class LocalDateAsNumber() : ValueConverter<LocalDate, int>(
    d => (d.Year * 10000) + (d.Month * 100) + d.Day, n => new LocalDate(n / 10000, n / 100 % 100, n % 100));
