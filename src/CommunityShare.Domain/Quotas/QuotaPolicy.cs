using System.Globalization;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Quotas;

/// <summary>Whose bookings a quota counts.</summary>
public enum QuotaScope
{
    /// <summary>The resident's own bookings.</summary>
    Resident = 1,

    /// <summary>The bookings of everyone in the resident's household (a resident without one counts alone).</summary>
    Household = 2,
}

/// <summary>What a quota counts.</summary>
public enum QuotaMeasure
{
    /// <summary>Bookings held now and not yet over (waiting for approval, confirmed, checked in).</summary>
    ActiveBookings = 1,

    /// <summary>Bookings starting in the period (cancelled and declined ones do not count; no-shows do).</summary>
    Bookings = 2,

    /// <summary>Hours of bookings starting in the period.</summary>
    Hours = 3,
}

/// <summary>The stretch of time a count is taken over: the local week (Monday to Sunday) or month of the slot.</summary>
public enum QuotaPeriod
{
    /// <summary>For <see cref="QuotaMeasure.ActiveBookings"/>: no period.</summary>
    None = 0,
    Week = 1,
    Month = 2,
}

/// <summary>Peak time (高峰时段): on these days, from this local time to that one.</summary>
public sealed record PeakWindow(IReadOnlyList<IsoDayOfWeek> Days, LocalTime Start, LocalTime End)
{
    /// <summary>Whether a booking starting at <paramref name="local"/> starts in peak time.</summary>
    public bool Contains(LocalDateTime local) =>
        Days.Contains(local.DayOfWeek) && local.TimeOfDay >= Start && (End == LocalTime.Midnight || local.TimeOfDay < End);
}

/// <summary>
/// One limit: at most <see cref="Limit"/> of <see cref="Measure"/> per <see cref="Scope"/> over
/// <see cref="Period"/>, counting only facilities of <see cref="Kinds"/> (all when empty) and, when
/// <see cref="PeakOnly"/>, only bookings that start in peak time. A booking outside what a rule
/// counts is not limited by it.
/// </summary>
public sealed record QuotaRule(string Id, QuotaScope Scope, QuotaMeasure Measure, QuotaPeriod Period, IReadOnlyList<FacilityKind> Kinds,
    bool PeakOnly, int Limit)
{
    public bool Counts(FacilityKind kind, bool peak) => (Kinds.Count == 0 || Kinds.Contains(kind)) && (!PeakOnly || peak);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Scope} {Measure} ≤ {Limit}{(Period == QuotaPeriod.None ? "" : "/" + Period)}{(Kinds.Count == 0 ? "" : " " + string.Join("+", Kinds))}{(PeakOnly ? " peak" : "")}");
}

/// <summary>A booking as a quota counts it.</summary>
public readonly record struct CountedBooking(FacilityKind Kind, Interval Slot, BookingState State, bool Peak);

/// <summary>
/// The district's fairness quotas (限额), on top of each facility's own limits: per resident and per
/// household, active bookings or bookings or hours per week or month, per facility kind, with peak
/// time counted apart. Configuration; the default asks little of anyone who books like a person.
/// </summary>
public sealed record QuotaPolicy(IReadOnlyList<PeakWindow> Peak, IReadOnlyList<QuotaRule> Rules, DateTimeZone Zone)
{
    public static readonly QuotaPolicy Default = new(
        [
            new PeakWindow([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
                new LocalTime(18, 0), new LocalTime(21, 0)),
            new PeakWindow([IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], new LocalTime(8, 0), new LocalTime(21, 0)),
        ],
        [
            new QuotaRule("active-per-resident", QuotaScope.Resident, QuotaMeasure.ActiveBookings, QuotaPeriod.None, [], false, 6),
            new QuotaRule("peak-per-resident-week", QuotaScope.Resident, QuotaMeasure.Bookings, QuotaPeriod.Week, [], true, 4),
            new QuotaRule("sports-hours-per-household-week", QuotaScope.Household, QuotaMeasure.Hours, QuotaPeriod.Week,
                [FacilityKind.SportsField, FacilityKind.Court, FacilityKind.Hall, FacilityKind.Pool, FacilityKind.Gym], false, 12),
            new QuotaRule("bookings-per-household-month", QuotaScope.Household, QuotaMeasure.Bookings, QuotaPeriod.Month, [], false, 30),
        ],
        DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);

    public bool IsPeak(Instant start) => Peak.Any(p => p.Contains(start.InZone(Zone).LocalDateTime));

    /// <summary>
    /// Every rule the new booking would break, given what the resident (<paramref name="own"/>) and
    /// their household (<paramref name="household"/>, the resident's own included) already hold.
    /// </summary>
    public List<RuleViolation> Check(FacilityKind kind, Interval slot, IReadOnlyCollection<CountedBooking> own,
        IReadOnlyCollection<CountedBooking> household, Instant now)
    {
        var broken = new List<RuleViolation>();
        var peak = IsPeak(slot.Start);
        foreach (var rule in Rules.Where(r => r.Counts(kind, peak)))
        {
            var used = Used(rule, own, household, slot.Start, now);
            var adding = rule.Measure == QuotaMeasure.Hours ? slot.Duration.TotalHours : 1;
            if (used + adding > rule.Limit + 1e-9)
            {
                broken.Add(new RuleViolation(Reasons.QuotaReached,
                    $"This would go over the district's limit {rule.Describe()} ({used.ToString("0.##", CultureInfo.InvariantCulture)} used).",
                    new Dictionary<string, string>
                    {
                        ["quota"] = rule.Id,
                        ["limit"] = rule.Limit.ToString(CultureInfo.InvariantCulture),
                        ["used"] = used.ToString("0.##", CultureInfo.InvariantCulture),
                        ["scope"] = rule.Scope.ToString(),
                        ["period"] = rule.Period.ToString(),
                    }));
            }
        }
        return broken;
    }

    /// <summary>How much of <paramref name="rule"/> is used in the period of <paramref name="at"/> (or now, for active bookings).</summary>
    public double Used(QuotaRule rule, IReadOnlyCollection<CountedBooking> own, IReadOnlyCollection<CountedBooking> household, Instant at, Instant now)
    {
        var counted = (rule.Scope == QuotaScope.Resident ? own : household).Where(b => rule.Counts(b.Kind, b.Peak));
        counted = rule.Period == QuotaPeriod.None
            ? counted.Where(b => Booking.Holds(b.State) && b.Slot.End > now)
            : counted.Where(b => b.State is not (BookingState.Cancelled or BookingState.Declined) && SamePeriod(rule.Period, b.Slot.Start, at));
        return rule.Measure == QuotaMeasure.Hours ? counted.Sum(b => b.Slot.Duration.TotalHours) : counted.Count();
    }

    /// <summary>The first instant a rule counts from for a booking starting at <paramref name="start"/> (for reading only what can count).</summary>
    public Instant EarliestCounted(Instant start, Instant now)
    {
        var local = start.InZone(Zone).Date;
        var monthStart = new LocalDate(local.Year, local.Month, 1);
        var weekStart = local.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
        var earliest = (weekStart < monthStart ? weekStart : monthStart).AtStartOfDayInZone(Zone).ToInstant();
        return Instant.Min(earliest, now - Booking.LongestPossible);
    }

    private bool SamePeriod(QuotaPeriod period, Instant a, Instant b)
    {
        var (x, y) = (a.InZone(Zone).Date, b.InZone(Zone).Date);
        return period switch
        {
            QuotaPeriod.Week => x.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)) == y.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
            QuotaPeriod.Month => x.Year == y.Year && x.Month == y.Month,
            _ => true,
        };
    }

    /// <summary>Every setting out of range, with paths under <paramref name="prefix"/>.</summary>
    public void Validate(Violations violations, string prefix)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            var r = Rules[i];
            var path = $"{prefix}.rules[{i}]";
            violations.Check(r.Limit is < 0 or > 10_000, $"{path}.limit", Reasons.OutOfRange, "must be 0 to 10000.");
            violations.Check((r.Measure == QuotaMeasure.ActiveBookings) != (r.Period == QuotaPeriod.None), $"{path}.period", Reasons.OutOfRange,
                "active bookings have no period; bookings and hours are counted per week or month.");
        }
        violations.Check(Rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != Rules.Count, $"{prefix}.rules", Reasons.OutOfRange,
            "each rule needs its own id.");
        for (var i = 0; i < Peak.Count; i++)
        {
            violations.Check(Peak[i].Days.Count == 0, $"{prefix}.peak[{i}].days", Reasons.Required, "name at least one day.");
            violations.Check(Peak[i].End != LocalTime.Midnight && Peak[i].End <= Peak[i].Start, $"{prefix}.peak[{i}].end_time", Reasons.OutOfRange,
                "must be after start_time.");
        }
    }
}
