using Google.Protobuf.WellKnownTypes;
using NodaTime;
using ProtoDayOfWeek = Google.Type.DayOfWeek;

namespace CommunityShare.Contracts;

/// <summary>
/// Conversions between NodaTime and the protobuf time types (Timestamp, Duration,
/// google.type.Date/TimeOfDay/DayOfWeek). Values that cannot be represented are
/// reported by the Try* methods rather than thrown, so callers can collect them as
/// field violations.
/// </summary>
public static class ProtoTime
{
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range Timestamp allows.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static Timestamp ToTimestamp(this Instant instant)
    {
        // ToUnixTimeSeconds floors, so the remainder is always 0..999,999,999 ns, also before 1970.
        var seconds = instant.ToUnixTimeSeconds();
        return new() { Seconds = seconds, Nanos = (int)(instant - Instant.FromUnixTimeSeconds(seconds)).TotalNanoseconds };
    }

    public static Instant ToInstant(this Timestamp timestamp) =>
        Instant.FromUnixTimeSeconds(timestamp.Seconds).PlusNanoseconds(timestamp.Nanos);

    /// <summary>False when the timestamp is outside 0001-01-01..9999-12-31 or its nanos are out of range.</summary>
    public static bool TryToInstant(this Timestamp? timestamp, out Instant instant)
    {
        instant = default;
        if (timestamp is null || timestamp.Nanos is < 0 or > 999_999_999
            || timestamp.Seconds < MinSeconds || timestamp.Seconds > MaxSeconds)
        {
            return false;
        }
        instant = timestamp.ToInstant();
        return true;
    }

    /// <summary>
    /// Exact, in whole nanoseconds: seconds and nanos truncate towards zero, so both share the
    /// duration's sign as Duration requires. (TotalSeconds is a double and rounds long ones.)
    /// </summary>
    public static Google.Protobuf.WellKnownTypes.Duration ToProtoDuration(this NodaTime.Duration duration)
    {
        var nanoseconds = duration.ToBigIntegerNanoseconds();
        var seconds = System.Numerics.BigInteger.DivRem(nanoseconds, NodaConstants.NanosecondsPerSecond, out var remainder);
        return new() { Seconds = (long)seconds, Nanos = (int)remainder };
    }

    public static NodaTime.Duration ToNodaDuration(this Google.Protobuf.WellKnownTypes.Duration duration) =>
        NodaTime.Duration.FromSeconds(duration.Seconds) + NodaTime.Duration.FromNanoseconds(duration.Nanos);

    public static Google.Type.Date ToProtoDate(this LocalDate date) =>
        new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static bool TryToLocalDate(this Google.Type.Date? date, out LocalDate localDate)
    {
        localDate = default;
        if (date is null || date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1
            || date.Day > CalendarSystem.Iso.GetDaysInMonth(date.Year, date.Month))
        {
            return false;
        }
        localDate = new LocalDate(date.Year, date.Month, date.Day);
        return true;
    }

    /// <summary>Midnight at the end of a day is written as 24:00, as google.type.TimeOfDay allows.</summary>
    public static Google.Type.TimeOfDay ToProtoTimeOfDay(this LocalTime time, bool endOfDay = false) =>
        endOfDay && time == LocalTime.Midnight
            ? new() { Hours = 24 }
            : new() { Hours = time.Hour, Minutes = time.Minute, Seconds = time.Second, Nanos = time.NanosecondOfSecond };

    /// <summary>
    /// Reads a time of day; 24:00 becomes <see cref="LocalTime.Midnight"/> and sets <paramref name="isEndOfDay"/>.
    /// </summary>
    public static bool TryToLocalTime(this Google.Type.TimeOfDay? time, out LocalTime localTime, out bool isEndOfDay)
    {
        localTime = default;
        isEndOfDay = false;
        if (time is null)
        {
            return false;
        }
        if (time is { Hours: 24, Minutes: 0, Seconds: 0, Nanos: 0 })
        {
            localTime = LocalTime.Midnight;
            isEndOfDay = true;
            return true;
        }
        if (time.Hours is < 0 or > 23 || time.Minutes is < 0 or > 59 || time.Seconds is < 0 or > 59
            || time.Nanos is < 0 or > 999_999_999)
        {
            return false;
        }
        localTime = new LocalTime(time.Hours, time.Minutes, time.Seconds).PlusNanoseconds(time.Nanos);
        return true;
    }

    public static ProtoDayOfWeek ToProtoDayOfWeek(this IsoDayOfWeek day) => (ProtoDayOfWeek)(int)day;

    /// <summary>google.type.DayOfWeek and IsoDayOfWeek share their numbering (Monday = 1 … Sunday = 7).</summary>
    public static bool TryToIsoDayOfWeek(this ProtoDayOfWeek day, out IsoDayOfWeek isoDay)
    {
        isoDay = (IsoDayOfWeek)(int)day;
        return (int)day is >= 1 and <= 7;
    }
}
