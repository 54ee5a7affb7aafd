using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Facilities;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Domain.Bookings;

/// <summary>Places already taken on a facility, its whole or one of its parts.</summary>
public readonly record struct Occupant(string FacilityId, Interval Slot, int Places);

/// <summary>How many bookings the resident already holds at this facility (and its whole and parts).</summary>
public readonly record struct ResidentLoad(int Active, int InSameWeek);

/// <summary>What an admitted booking becomes, and why it waits for approval when it does (a reason code, or empty).</summary>
public readonly record struct AdmittedAs(BookingState State, bool OnCommitment, string ApprovalReason);

/// <summary>
/// Decides whether a booking may be made. Pure: the caller supplies the facility, the blackouts,
/// the occupants and the resident's load read inside the guarding transaction, and the time.
/// Every broken rule is returned, not only the first.
/// </summary>
public static class Admission
{
    /// <summary>Rules that depend only on the facility, the request and the time.</summary>
    public static List<RuleViolation> CheckTiming(Facility facility, IEnumerable<Blackout> blackouts, Interval requested, int partySize, Instant now)
    {
        var broken = new List<RuleViolation>();
        var rules = facility.Rules;
        var zone = facility.Zone;

        if (requested.Start < now)
        {
            broken.Add(Rule(Reasons.InThePast, "The slot has already started.", ("start_time", Format(requested.Start))));
        }
        else if (requested.Start - now < rules.MinimumNotice)
        {
            broken.Add(Rule(Reasons.TooLate, $"Bookings close {Describe(rules.MinimumNotice)} before the start.",
                ("latest_booking_time", Format(requested.Start - rules.MinimumNotice))));
        }

        var window = SlotGrid.FindWindow(requested, facility.Schedule, zone);
        if (requested.Duration <= Duration.Zero)
        {
            broken.Add(Rule(Reasons.NotOnSlotBoundary, $"A booking lasts at least one slot of {Describe(rules.SlotLength)}.",
                ("slot_length", Describe(rules.SlotLength))));
        }
        else if (window is null)
        {
            broken.Add(Rule(Reasons.OutsideOpeningHours, "The facility is not open to the public for the whole of that time."));
        }
        else
        {
            if (!SlotGrid.IsOnGrid(requested, window.Value.Window, rules.SlotLength))
            {
                broken.Add(Rule(Reasons.NotOnSlotBoundary,
                    $"Bookings start on the slot grid and last whole slots of {Describe(rules.SlotLength)}.",
                    ("slot_length", Describe(rules.SlotLength))));
            }
            else if (requested.Duration > rules.SlotLength * rules.MaxSlotsPerBooking)
            {
                broken.Add(Rule(Reasons.TooManySlots, $"One booking may last at most {rules.MaxSlotsPerBooking} slots.",
                    ("max_slots_per_booking", rules.MaxSlotsPerBooking.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }

            var release = rules.ReleaseOf(window.Value.Date, zone);
            if (now < release)
            {
                broken.Add(Rule(Reasons.TooFarAhead, $"Slots on {window.Value.Date:yyyy-MM-dd} open for booking at {release.InZone(zone):yyyy-MM-dd HH:mm} local time.",
                    ("release_time", Format(release))));
            }
        }

        var blackout = blackouts.FirstOrDefault(b => Overlaps(b.Period, requested));
        if (blackout is not null)
        {
            broken.Add(Rule(Reasons.BlackedOut, "The facility is closed to the public then.",
                ("blackout", blackout.Id), ("blackout_reason", blackout.Reason.ToString())));
        }

        var partyLimit = facility.IsExclusive ? rules.MaxPartySize : Math.Min(facility.Capacity, rules.MaxPartySize == 0 ? int.MaxValue : rules.MaxPartySize);
        if (partyLimit > 0 && partySize > partyLimit)
        {
            broken.Add(Rule(Reasons.PartyTooLarge, $"At most {partyLimit} people per booking.",
                ("max_party_size", partyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        return broken;
    }

    /// <summary>Rules that depend on who else holds places, and on what the resident already holds.</summary>
    public static List<RuleViolation> CheckOccupancy(Facility facility, Interval requested, int partySize,
        IReadOnlyCollection<Occupant> occupants, ResidentLoad load)
    {
        var broken = new List<RuleViolation>();
        var related = occupants.Where(o => o.FacilityId != facility.Id && Overlaps(o.Slot, requested)).ToArray();
        if (related.Length > 0)
        {
            broken.Add(Rule(Reasons.RelatedFacilityBooked, "The whole facility or one of its parts is booked then.",
                ("facility", related[0].FacilityId)));
        }

        var own = occupants.Where(o => o.FacilityId == facility.Id).ToArray();
        var places = facility.IsExclusive ? 1 : partySize;
        var peak = PeakPlaces(own, requested);
        if (peak + places > facility.Capacity)
        {
            broken.Add(Rule(Reasons.SlotFull,
                facility.IsExclusive ? "The slot is already booked." : $"Only {Math.Max(0, facility.Capacity - peak)} places are left.",
                ("remaining_places", Math.Max(0, facility.Capacity - peak).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        broken.AddRange(CheckLoad(facility.Rules, load));
        return broken;
    }

    /// <summary>The resident's own limits at the facility: upcoming bookings held, and bookings in the slot's week.</summary>
    public static List<RuleViolation> CheckLoad(BookingRules rules, ResidentLoad load)
    {
        var broken = new List<RuleViolation>();
        if (rules.MaxActiveBookings > 0 && load.Active >= rules.MaxActiveBookings)
        {
            broken.Add(Rule(Reasons.ActiveBookingLimitReached, $"A resident may hold at most {rules.MaxActiveBookings} upcoming bookings here.",
                ("max_active_bookings", rules.MaxActiveBookings.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        if (rules.MaxBookingsPerWeek > 0 && load.InSameWeek >= rules.MaxBookingsPerWeek)
        {
            broken.Add(Rule(Reasons.WeeklyBookingLimitReached, $"A resident may book at most {rules.MaxBookingsPerWeek} times a week here.",
                ("max_bookings_per_week", rules.MaxBookingsPerWeek.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        return broken;
    }

    /// <summary>
    /// A bar in the resident's credit standing that keeps them from this facility (失信禁入), as a
    /// broken rule with its end and the rule behind it; null when there is none.
    /// </summary>
    public static RuleViolation? CheckCredit(Facility facility, CreditStanding standing)
    {
        if (standing.BarFor(facility.Rules.HighDemand) is not { } bar)
        {
            return null;
        }
        return Rule(Reasons.CreditBarred,
            $"Barred from booking {(bar.Kind == ConsequenceKind.BarredFromAll ? "any facility" : "high-demand facilities")} until "
            + $"{Format(bar.End)} ({bar.Rule.Describe()}); the resident may appeal the entries behind it.",
            ("end_time", Format(bar.End)), ("rule", bar.Rule.Id), ("consequence", bar.Kind.ToString()));
    }

    /// <summary>
    /// What an admitted booking becomes: confirmed, or waiting for approval because the facility asks
    /// for it or the resident's standing does; a resident in good standing is confirmed on their
    /// commitment where the facility allows it (守信准入).
    /// </summary>
    public static AdmittedAs StateFor(BookingRules rules, CreditStanding standing) =>
        (rules.ApprovalRequired, standing.InGoodStanding) switch
        {
            (true, true) when rules.CommitmentAdmission => new(BookingState.Confirmed, true, ""),
            (true, _) => new(BookingState.PendingApproval, false, Reasons.FacilityRequiresApproval),
            (false, _) when standing.RequiresApproval => new(BookingState.PendingApproval, false, Reasons.CreditRequiresApproval),
            _ => new(BookingState.Confirmed, false, ""),
        };

    /// <summary>The most places held at any one moment of <paramref name="requested"/>.</summary>
    public static int PeakPlaces(IEnumerable<Occupant> occupants, Interval requested)
    {
        var events = new List<(Instant At, int Delta)>();
        foreach (var o in occupants)
        {
            if (!Overlaps(o.Slot, requested))
            {
                continue;
            }
            events.Add((Max(o.Slot.Start, requested.Start), o.Places));
            events.Add((Min(o.Slot.End, requested.End), -o.Places));
        }
        // Ends sort before starts at the same instant: half-open intervals that touch do not overlap.
        var peak = 0;
        var current = 0;
        foreach (var (_, delta) in events.OrderBy(e => e.At).ThenBy(e => e.Delta))
        {
            current += delta;
            peak = Math.Max(peak, current);
        }
        return peak;
    }

    /// <summary>The local ISO week (Monday–Sunday) a slot falls in, as a half-open interval of instants.</summary>
    public static Interval WeekOf(Instant start, DateTimeZone zone)
    {
        var date = start.InZone(zone).Date;
        var monday = date.PlusDays(-((int)date.DayOfWeek - 1));
        return new Interval(zone.AtStartOfDay(monday).ToInstant(), zone.AtStartOfDay(monday.PlusWeeks(1)).ToInstant());
    }

    public static bool Overlaps(Interval a, Interval b) => a.Start < b.End && b.Start < a.End;

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static string Format(Instant instant) => InstantPattern.General.Format(instant);

    private static string Describe(Duration d) =>
        d.TotalMinutes % 60 == 0 ? $"{d.TotalHours:0} h" : $"{d.TotalMinutes:0} min";

    private static RuleViolation Rule(string reason, string description, params (string Key, string Value)[] metadata) =>
        new(reason, description, metadata.ToDictionary(m => m.Key, m => m.Value));
}
