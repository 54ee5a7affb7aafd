using System.Globalization;
using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>
/// A facility that runs its slots by lottery (摇号): residents apply for a slot while its
/// application window is open; the window closes when the slot's date would be released for
/// booking (<see cref="BookingRules.ReleaseOf"/>), and at that moment a weighted draw allocates the
/// places. What is left after the draw is first come, first served.
/// Weights are hundredths (100 = 1×) so that they are exact, and they multiply.
/// </summary>
public sealed record LotteryRules
{
    public static readonly LotteryRules Off = new();

    /// <summary>A weight of 1×: no preference.</summary>
    public const int NoPreference = 100;

    public const int HeaviestWeight = 1000;
    public const int LongestApplicationDays = 30;
    public const int LargestHouseholdCap = 100;

    /// <summary>Residents of this age or older on the slot's date are seniors (老年人, 60 and over).</summary>
    public const int SeniorAge = 60;

    public bool Enabled { get; init; }

    /// <summary>Applications open this many days before the close (the same local time of day).</summary>
    public int ApplicationDays { get; init; }

    /// <summary>Weight of an applicant whose home is in the facility's town or subdistrict, in hundredths.</summary>
    public int HostAreaWeight { get; init; } = NoPreference;

    /// <summary>Weight of an applicant aged <see cref="SeniorAge"/> or more, in hundredths, on slots in senior hours.</summary>
    public int SeniorWeight { get; init; } = NoPreference;

    /// <summary>Senior hours start (local time of the slot's start); equal to <see cref="SeniorUntil"/>: every slot.</summary>
    public LocalTime SeniorFrom { get; init; }

    /// <summary>Senior hours end (exclusive; 00:00 after <see cref="SeniorFrom"/> means until midnight).</summary>
    public LocalTime SeniorUntil { get; init; }

    /// <summary>At most this many winners from one household in one draw; 0: no cap.</summary>
    public int HouseholdCap { get; init; }

    /// <summary>When applications for slots on <paramref name="date"/> close: when the date is released for booking.</summary>
    public static Instant CloseOf(LocalDate date, BookingRules rules, DateTimeZone zone) => rules.ReleaseOf(date, zone);

    /// <summary>When applications for slots on <paramref name="date"/> open: <see cref="ApplicationDays"/> before the close, local time.</summary>
    public Instant OpenOf(LocalDate date, BookingRules rules, DateTimeZone zone) =>
        date.PlusDays(-rules.BookingHorizonDays - ApplicationDays).At(rules.ReleaseTime).InZoneLeniently(zone).ToInstant();

    /// <summary>When applications for slots on <paramref name="date"/> are taken: [open, close).</summary>
    public Interval ApplicationWindow(LocalDate date, BookingRules rules, DateTimeZone zone) => new(OpenOf(date, rules, zone), CloseOf(date, rules, zone));

    /// <summary>Whether a slot starting at <paramref name="localStart"/> is in senior hours.</summary>
    public bool InSeniorHours(LocalTime localStart) =>
        SeniorFrom == SeniorUntil
        || (localStart >= SeniorFrom && (SeniorUntil == LocalTime.Midnight || localStart < SeniorUntil));

    /// <summary>
    /// The weight of an applicant for a slot starting at <paramref name="slotStart"/> (local): the
    /// host area's and the seniors' weights multiply, rounded down to hundredths.
    /// </summary>
    public ApplicantWeight WeightOf(bool livesInHostArea, LocalDate birthDate, LocalDateTime slotStart)
    {
        var senior = Period.Between(birthDate, slotStart.Date, PeriodUnits.Years).Years >= SeniorAge
                     && InSeniorHours(slotStart.TimeOfDay) && SeniorWeight != NoPreference;
        var host = livesInHostArea && HostAreaWeight != NoPreference;
        var weight = NoPreference;
        if (host)
        {
            weight = weight * HostAreaWeight / NoPreference;
        }
        if (senior)
        {
            weight = weight * SeniorWeight / NoPreference;
        }
        return new ApplicantWeight(weight, host, senior);
    }

    /// <summary>Every setting out of range, with field paths under <paramref name="prefix"/>.</summary>
    public void Validate(Violations violations, string prefix)
    {
        if (!Enabled)
        {
            return;
        }
        violations.Check(ApplicationDays is < 1 or > LongestApplicationDays, $"{prefix}.application_days", Reasons.OutOfRange,
            $"must be 1 to {LongestApplicationDays} days.");
        violations.Check(HostAreaWeight is < NoPreference or > HeaviestWeight, $"{prefix}.host_area_weight", Reasons.OutOfRange,
            "must be 1 to 10, in hundredths.");
        violations.Check(SeniorWeight is < NoPreference or > HeaviestWeight, $"{prefix}.senior_weight", Reasons.OutOfRange,
            "must be 1 to 10, in hundredths.");
        violations.Check(SeniorFrom != SeniorUntil && SeniorUntil != LocalTime.Midnight && SeniorUntil < SeniorFrom,
            $"{prefix}.senior_end_time", Reasons.OutOfRange, "must be after senior_start_time.");
        violations.Check(HouseholdCap is < 0 or > LargestHouseholdCap, $"{prefix}.household_cap", Reasons.OutOfRange,
            $"must be 0 (no cap) to {LargestHouseholdCap}.");
    }

    /// <summary>Hundredths as a decimal text, e.g. 150 as "1.5".</summary>
    public static string Describe(int hundredths) => (hundredths / 100m).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>An applicant's weight in hundredths, and what it comes from.</summary>
public readonly record struct ApplicantWeight(int Hundredths, bool HostArea, bool Senior)
{
    public double Value => Hundredths / 100.0;
}
