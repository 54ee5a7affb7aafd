using System.Globalization;
using CommunityShare.Domain.Residents;
using NodaTime;

namespace CommunityShare.Domain.Bookings;

/// <summary>When a series meets: on these days of the week, from this local time, for this many slots.</summary>
public sealed record WeeklyPattern(IReadOnlyList<IsoDayOfWeek> Days, LocalTime StartTime, int Slots)
{
    /// <summary>The local start of every meeting in <paramref name="term"/>, in order.</summary>
    public IEnumerable<LocalDateTime> Meetings(DateInterval term) =>
        term.Where(d => Days.Contains(d.DayOfWeek)).Select(d => d.At(StartTime));
}

/// <summary>
/// A recurring booking for a group (a weekly tai chi class across a term, 固定场次): one facility,
/// a weekly pattern and a term, for one resident — the group's responsible person. Every meeting
/// is an occurrence that goes through the same rules as a single booking: those that can be booked
/// are, those that collide are rejected with their reasons without failing the rest, and those not
/// yet released for booking wait and are booked when their date is released, like anyone's.
/// </summary>
public sealed class BookingSeries
{
    public const int MaxOccurrences = 120;
    public const int LongestTermDays = 366;
    public const int MaxDisplayNameLength = 50;

    private BookingSeries() { }

    public BookingSeries(string id, string facilityId, string residentId, string displayName, WeeklyPattern pattern, DateInterval term, int partySize,
        string createdBy, ProxyConsent consent, Instant now)
    {
        Id = id;
        FacilityId = facilityId;
        ResidentId = residentId;
        DisplayName = displayName;
        DayNumbers = string.Concat(pattern.Days.Order().Select(d => ((int)d).ToString(CultureInfo.InvariantCulture)));
        StartTime = pattern.StartTime;
        Slots = pattern.Slots;
        FirstDate = term.Start;
        LastDate = term.End;
        PartySize = partySize;
        CreatedBy = createdBy;
        ConsentMethod = consent.Method;
        ConsentNote = consent.Note;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string FacilityId { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    /// <summary>What the group calls it, e.g. 太极拳班 (optional).</summary>
    public string DisplayName { get; private set; } = "";

    /// <summary>The ISO day numbers of the pattern, e.g. "135" for Monday, Wednesday, Friday.</summary>
    public string DayNumbers { get; private set; } = "";

    public LocalTime StartTime { get; private set; }

    public int Slots { get; private set; }

    public LocalDate FirstDate { get; private set; }

    public LocalDate LastDate { get; private set; }

    public int PartySize { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public ProxyConsentMethod ConsentMethod { get; private set; }

    public string ConsentNote { get; private set; } = "";

    public ProxyConsent Consent => new(ConsentMethod, ConsentNote);

    /// <summary>Set when the rest of the series was cancelled: occurrences from this date on are cancelled.</summary>
    public LocalDate? CancelledFrom { get; private set; }

    public string CancelReason { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public WeeklyPattern Pattern => new(DayNumbers.Select(c => (IsoDayOfWeek)(c - '0')).ToArray(), StartTime, Slots);

    public DateInterval Term => new(FirstDate, LastDate);

    /// <summary>Cancels the series from <paramref name="from"/> on (an earlier date than one cancelled from before moves it back).</summary>
    public void CancelFrom(LocalDate from, string reason, Instant now)
    {
        if (CancelledFrom is null || from < CancelledFrom)
        {
            CancelledFrom = from;
            CancelReason = reason;
        }
        Touch(now);
    }

    public void Touch(Instant now)
    {
        UpdateTime = now;
        Version++;
    }

    /// <summary>
    /// Every problem with a pattern and term, with field paths under <paramref name="prefix"/>: at
    /// least one day, no day twice, a term that ends after it starts and is at most
    /// <see cref="LongestTermDays"/> long, and at most <see cref="MaxOccurrences"/> meetings.
    /// </summary>
    public static void Validate(IReadOnlyList<IsoDayOfWeek> days, LocalDate? first, LocalDate? last, int slots, Violations violations, string prefix)
    {
        violations.Check(days.Count == 0, $"{prefix}.days_of_week", Reasons.Required, "name at least one day of the week.");
        violations.Check(days.Distinct().Count() != days.Count, $"{prefix}.days_of_week", Reasons.OutOfRange, "name each day once.");
        violations.Check(slots is < 1 or > Facilities.BookingRules.MostSlotsPerBooking, $"{prefix}.slots", Reasons.OutOfRange,
            $"must be 1 to {Facilities.BookingRules.MostSlotsPerBooking} slots.");
        if (first is not { } f || last is not { } l)
        {
            return;
        }
        if (!violations.Check(l < f, $"{prefix}.last_date", Reasons.OutOfRange, "must be on or after first_date.")
            || !violations.Check(Period.Between(f, l, PeriodUnits.Days).Days + 1 > LongestTermDays, $"{prefix}.last_date", Reasons.OutOfRange,
                $"a series lasts at most {LongestTermDays} days."))
        {
            return;
        }
        var meetings = new WeeklyPattern(days, LocalTime.Midnight, 1).Meetings(new DateInterval(f, l)).Count();
        violations.Check(days.Count > 0 && meetings == 0, $"{prefix}.days_of_week", Reasons.OutOfRange, "none of these days falls in the term.");
        violations.Check(meetings > MaxOccurrences, $"{prefix}.last_date", Reasons.OutOfRange,
            $"a series has at most {MaxOccurrences} meetings; this term has {meetings}.");
    }
}

public enum OccurrenceState
{
    /// <summary>Booked: see the booking (which may since have been cancelled on its own).</summary>
    Booked = 1,

    /// <summary>Could not be booked, for the reasons given.</summary>
    Rejected = 2,

    /// <summary>Not yet released for booking: it will be booked (or rejected) when its date is released.</summary>
    Scheduled = 3,

    /// <summary>Cancelled with the rest of the series, or on its own before it was booked.</summary>
    Cancelled = 4,
}

/// <summary>One meeting of a series, and what became of it.</summary>
public sealed class SeriesOccurrence
{
    private SeriesOccurrence() { }

    public SeriesOccurrence(string seriesId, LocalDate date, Interval slot, Instant now)
    {
        SeriesId = seriesId;
        Date = date;
        Start = slot.Start;
        End = slot.End;
        UpdateTime = now;
    }

    public string SeriesId { get; private set; } = "";

    public LocalDate Date { get; private set; }

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public Interval Slot => new(Start, End);

    public OccurrenceState State { get; private set; }

    public string? BookingId { get; private set; }

    /// <summary>When a scheduled occurrence is released for booking.</summary>
    public Instant? ReleaseTime { get; private set; }

    /// <summary>Why it was rejected: every rule it broke.</summary>
    public IReadOnlyList<RuleViolation> Rejections { get; private set; } = [];

    public Instant UpdateTime { get; private set; }

    public void Book(string bookingId, Instant now) => Move(OccurrenceState.Booked, now, bookingId: bookingId);

    public void Reject(IReadOnlyList<RuleViolation> reasons, Instant now) => Move(OccurrenceState.Rejected, now, reasons: reasons);

    public void Schedule(Instant releaseTime, Instant now) => Move(OccurrenceState.Scheduled, now, release: releaseTime);

    /// <summary>Cancels an occurrence that waits for its release (a booked one is cancelled as its booking).</summary>
    public void Cancel(Instant now)
    {
        if (State != OccurrenceState.Scheduled)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"An occurrence that is {State} cannot be cancelled here.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = "cancel" });
        }
        Move(OccurrenceState.Cancelled, now, release: ReleaseTime, keepBooking: true);
    }

    private void Move(OccurrenceState state, Instant now, string? bookingId = null, IReadOnlyList<RuleViolation>? reasons = null,
        Instant? release = null, bool keepBooking = false)
    {
        State = state;
        BookingId = keepBooking ? BookingId : bookingId;
        Rejections = reasons ?? [];
        ReleaseTime = release;
        UpdateTime = now;
    }
}
