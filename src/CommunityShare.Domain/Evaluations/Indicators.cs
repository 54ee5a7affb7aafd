namespace CommunityShare.Domain.Evaluations;

/// <summary>What an evaluation measures, each computed from the platform's own data for a period.</summary>
public enum IndicatorKind
{
    /// <summary>Public hours opened over the hours promised (a ratio; 1 = as promised).</summary>
    OpenHours = 1,

    /// <summary>Booked place-hours over offered place-hours (0–1).</summary>
    UseRate = 2,

    /// <summary>Bookings whose start passed that were settled at the door: checked in, or a no-show recorded by staff (0–1).</summary>
    CheckInHandling = 3,

    /// <summary>Bookings not checked in whose no-show cut-off passed that are recorded as no-shows (by staff or the automatic release) (0–1).</summary>
    NoShowHandling = 4,

    /// <summary>Complaints received per 1,000 bookings.</summary>
    ComplaintsPerThousand = 5,

    /// <summary>Complaints upheld or partly upheld per 1,000 bookings.</summary>
    UpheldPerThousand = 6,

    /// <summary>Mean working days from filing to the first response.</summary>
    ResponseWorkingDays = 7,

    /// <summary>Mean satisfaction residents gave closed complaints (1–5).</summary>
    Satisfaction = 8,
}

/// <summary>Why an indicator has no value: there was nothing to measure (never a 0 in disguise).</summary>
public static class NoData
{
    public const string NoPromise = "NO_PROMISE";
    public const string NothingOffered = "NOTHING_OFFERED";
    public const string NoBookingsDue = "NO_BOOKINGS_DUE";
    public const string NoMissedBookings = "NO_MISSED_BOOKINGS";
    public const string NoBookings = "NO_BOOKINGS";
    public const string NoResponses = "NO_RESPONSES";
    public const string NoRatings = "NO_RATINGS";
    public const string ComplaintsNotRecorded = "COMPLAINTS_NOT_RECORDED";
}

/// <summary>
/// One indicator: its value (null when there is nothing to measure, with <see cref="Missing"/> saying
/// why), and the inputs it came from (<see cref="Numerator"/> over <see cref="Denominator"/>; for a
/// mean, the sum over the count).
/// </summary>
public sealed record IndicatorValue(IndicatorKind Kind, double? Value, double Numerator, double Denominator, string Missing = "")
{
    public bool HasData => Value is not null;

    public static IndicatorValue Ratio(IndicatorKind kind, double numerator, double denominator, string missing, double scale = 1) =>
        denominator > 0 ? new(kind, Math.Round(numerator / denominator * scale, 6), numerator, denominator) : new(kind, null, numerator, denominator, missing);
}

/// <summary>
/// The counts an evaluation reads from the platform for one subject and period. Complaint counts are
/// null when complaints are not recorded for the subject (then their indicators say so).
/// </summary>
public sealed record IndicatorInputs
{
    /// <summary>Public hours opened: published windows less blackouts, summed over the subject's facilities (a whole with parts once).</summary>
    public double OpenHours { get; init; }

    /// <summary>Hours promised over the period: the contract's hours per week × weeks, or the institution's published windows (null: no promise).</summary>
    public double? PromisedHours { get; init; }

    public double PlaceHoursOffered { get; init; }

    public double PlaceHoursBooked { get; init; }

    /// <summary>Bookings that took or held places with a start in the period.</summary>
    public int Bookings { get; init; }

    /// <summary>Confirmed bookings whose start has passed (checked in, no-show, or still confirmed).</summary>
    public int BookingsDue { get; init; }

    /// <summary>Of those, checked in or recorded as no-shows by staff.</summary>
    public int BookingsSettledAtDoor { get; init; }

    /// <summary>Bookings not checked in whose no-show cut-off has passed.</summary>
    public int MissedBookings { get; init; }

    /// <summary>Of those, recorded as no-shows (by staff or the automatic release).</summary>
    public int NoShowsRecorded { get; init; }

    public int? Complaints { get; init; }

    public int? ComplaintsUpheld { get; init; }

    /// <summary>Working days from filing to first response of each responded complaint.</summary>
    public IReadOnlyList<double> ResponseWorkingDays { get; init; } = [];

    /// <summary>Satisfaction (1–5) of each rated complaint.</summary>
    public IReadOnlyList<int> Ratings { get; init; } = [];
}

/// <summary>The arithmetic of the indicators: pure, so the same inputs always give the same figures.</summary>
public static class Indicators
{
    public static readonly IndicatorKind[] All = Enum.GetValues<IndicatorKind>();

    public static IReadOnlyList<IndicatorValue> Compute(IndicatorInputs i)
    {
        var complaintsMissing = i.Complaints is null ? NoData.ComplaintsNotRecorded : NoData.NoBookings;
        return
        [
            i.PromisedHours is { } promised
                ? IndicatorValue.Ratio(IndicatorKind.OpenHours, i.OpenHours, promised, NoData.NoPromise)
                : new IndicatorValue(IndicatorKind.OpenHours, null, i.OpenHours, 0, NoData.NoPromise),
            IndicatorValue.Ratio(IndicatorKind.UseRate, i.PlaceHoursBooked, i.PlaceHoursOffered, NoData.NothingOffered),
            IndicatorValue.Ratio(IndicatorKind.CheckInHandling, i.BookingsSettledAtDoor, i.BookingsDue, NoData.NoBookingsDue),
            IndicatorValue.Ratio(IndicatorKind.NoShowHandling, i.NoShowsRecorded, i.MissedBookings, NoData.NoMissedBookings),
            i.Complaints is { } complaints
                ? IndicatorValue.Ratio(IndicatorKind.ComplaintsPerThousand, complaints, i.Bookings, complaintsMissing, 1000)
                : new IndicatorValue(IndicatorKind.ComplaintsPerThousand, null, 0, i.Bookings, complaintsMissing),
            i.ComplaintsUpheld is { } upheld
                ? IndicatorValue.Ratio(IndicatorKind.UpheldPerThousand, upheld, i.Bookings, complaintsMissing, 1000)
                : new IndicatorValue(IndicatorKind.UpheldPerThousand, null, 0, i.Bookings, complaintsMissing),
            i.Complaints is null
                ? new IndicatorValue(IndicatorKind.ResponseWorkingDays, null, 0, 0, NoData.ComplaintsNotRecorded)
                : IndicatorValue.Ratio(IndicatorKind.ResponseWorkingDays, i.ResponseWorkingDays.Sum(), i.ResponseWorkingDays.Count, NoData.NoResponses),
            i.Complaints is null
                ? new IndicatorValue(IndicatorKind.Satisfaction, null, 0, 0, NoData.ComplaintsNotRecorded)
                : IndicatorValue.Ratio(IndicatorKind.Satisfaction, i.Ratings.Sum(), i.Ratings.Count, NoData.NoRatings),
        ];
    }
}
