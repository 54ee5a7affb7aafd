using CommunityShare.Contracts;
using CommunityShare.Domain;
using Google.Protobuf.WellKnownTypes;
using NodaTime;

namespace CommunityShare.Server.Grpc;

public static class ProtoIntervals
{
    /// <summary>A half-open interval from two timestamps; null with violations when either is missing or end is not after start.</summary>
    public static Interval? Read(Timestamp? start, Timestamp? end, string startField, string endField, Violations violations)
    {
        var startOk = violations.Check(!start.TryToInstant(out var s), startField, start is null ? Reasons.Required : Reasons.OutOfRange,
            start is null ? "is required." : "must be a valid timestamp between years 1 and 9999.");
        var endOk = violations.Check(!end.TryToInstant(out var e), endField, end is null ? Reasons.Required : Reasons.OutOfRange,
            end is null ? "is required." : "must be a valid timestamp between years 1 and 9999.");
        if (!startOk || !endOk)
        {
            return null;
        }
        return violations.Check(e <= s, endField, Reasons.OutOfRange, $"must be after {startField}.") ? new Interval(s, e) : null;
    }

    /// <summary>An inclusive range of local dates of at most <paramref name="maxDays"/> days.</summary>
    public static DateInterval? Dates(Google.Type.Date? start, Google.Type.Date? end, int maxDays, Violations violations)
    {
        var startOk = violations.Check(!start.TryToLocalDate(out var s), "start_date", start is null ? Reasons.Required : Reasons.InvalidFormat,
            start is null ? "is required." : "must be a valid date.");
        var endOk = violations.Check(!end.TryToLocalDate(out var e), "end_date", end is null ? Reasons.Required : Reasons.InvalidFormat,
            end is null ? "is required." : "must be a valid date.");
        if (!startOk || !endOk)
        {
            return null;
        }
        if (!violations.Check(e < s, "end_date", Reasons.OutOfRange, "must not be before start_date."))
        {
            return null;
        }
        return violations.Check(Period.Between(s, e, PeriodUnits.Days).Days >= maxDays, "end_date", Reasons.OutOfRange,
            $"must be within {maxDays} days of start_date.")
            ? new DateInterval(s, e)
            : null;
    }
}
