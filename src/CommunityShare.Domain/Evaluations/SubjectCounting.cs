using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Evaluations;

/// <summary>A facility as the counting needs it: its places, schedule and zone, its closures, and how many parts its whole has.</summary>
public sealed record FacilityFacts(string Id, string? ParentId, int Capacity, OpeningSchedule Schedule, DateTimeZone Zone, IReadOnlyList<Interval> Closures,
    int PartsOfParent);

/// <summary>A booking that took or held places, and whether staff recorded it as a no-show at the door.</summary>
public sealed record BookingFacts(string FacilityId, Instant Start, Instant End, int PartySize, BookingState State, bool NoShowRecordedByStaff);

/// <summary>What to count for one subject: its facilities over [From, To) and, for a contract, the hours it promised per week.</summary>
public sealed record ScopeFacts(IReadOnlyCollection<string> FacilityIds, LocalDate From, LocalDate To, double? PromisedHoursPerWeek);

/// <summary>
/// Counts a subject's booking-based indicator inputs, purely. Hours opened are the published
/// windows and date overrides less closures per facility day (a whole with parts counts once, a
/// part counts when its whole is outside the scope); the promise is the contract's hours per week ×
/// the period's weeks, or else the windows before closures. Booked place-hours count bookings that
/// took or held places; a booking of one of n parts of an exclusive whole uses 1/n of it.
/// </summary>
public static class SubjectCounting
{
    private static readonly BookingState[] Confirmed = [BookingState.Confirmed, BookingState.CheckedIn, BookingState.Completed, BookingState.NoShow];

    public static (IndicatorInputs Inputs, double ReferencePlaceHours) Count(ScopeFacts scope, IReadOnlyDictionary<string, FacilityFacts> facilities,
        ILookup<string, BookingFacts> bookings, Instant now, Duration noShowAfter)
    {
        double open = 0, promised = 0, offered = 0, booked = 0, reference = 0;
        int count = 0, due = 0, settled = 0, missed = 0, noShows = 0;
        var days = Period.Between(scope.From, scope.To, PeriodUnits.Days).Days;
        foreach (var id in scope.FacilityIds)
        {
            if (!facilities.TryGetValue(id, out var f))
            {
                continue;
            }
            var first = scope.From.AtStartOfDayInZone(f.Zone).ToInstant();
            var end = scope.To.AtStartOfDayInZone(f.Zone).ToInstant();
            if (f.ParentId is null || !scope.FacilityIds.Contains(f.ParentId))
            {
                for (var date = scope.From; date < scope.To; date = date.PlusDays(1))
                {
                    var hours = OpenTime.Total(f.Schedule, f.Zone, date, f.Closures).TotalHours;
                    open += hours;
                    offered += hours * f.Capacity;
                    promised += f.Closures.Count == 0 ? hours : OpenTime.Total(f.Schedule, f.Zone, date, []).TotalHours;
                }
                reference += f.Capacity * Openness.ReferenceHoursPerWeek * days / 7.0;
            }
            var share = f.ParentId is null ? 1.0 : 1.0 / Math.Max(1, f.PartsOfParent);
            foreach (var b in bookings[f.Id])
            {
                if (b.Start < first || b.Start >= end)
                {
                    continue;
                }
                count++;
                booked += (b.End - b.Start).TotalHours * (f.Capacity == 1 ? share : b.PartySize);
                if (Confirmed.Contains(b.State) && b.Start <= now)
                {
                    due++;
                    if (b.State is BookingState.CheckedIn or BookingState.Completed || (b.State == BookingState.NoShow && b.NoShowRecordedByStaff))
                    {
                        settled++;
                    }
                }
                if (b.State is BookingState.Confirmed or BookingState.NoShow && b.Start + noShowAfter <= now)
                {
                    missed++;
                    noShows += b.State == BookingState.NoShow ? 1 : 0;
                }
            }
        }
        return (new IndicatorInputs
        {
            OpenHours = Math.Round(open, 4),
            PromisedHours = scope.PromisedHoursPerWeek is { } perWeek ? Math.Round(perWeek * days / 7.0, 4) : Math.Round(promised, 4),
            PlaceHoursOffered = Math.Round(offered, 4),
            PlaceHoursBooked = Math.Round(booked, 4),
            Bookings = count,
            BookingsDue = due,
            BookingsSettledAtDoor = settled,
            MissedBookings = missed,
            NoShowsRecorded = noShows,
        }, Math.Round(reference, 4));
    }
}
