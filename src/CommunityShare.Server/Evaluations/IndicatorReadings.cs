using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Evaluations;

/// <summary>
/// What to read for one subject: its facilities over [From, To) (local dates; for a contract already
/// clipped to its term), and the hours it promised per week when a contract says so (null: the
/// promise is the subject's own published windows, see <see cref="IndicatorReadings"/>).
/// </summary>
public sealed record SubjectScope(string Key, IReadOnlyCollection<string> FacilityIds, LocalDate From, LocalDate To, double? PromisedHoursPerWeek)
{
    /// <summary>An institution's id: complaints naming it count, as well as those about its facilities.</summary>
    public string? InstitutionId { get; init; }

    /// <summary>A contract's provider: complaints about the provider itself (no facility named) count too.</summary>
    public string? ProviderId { get; init; }
}

/// <summary>The figures read for one subject: the indicator inputs and the reference capacity (for the openness index).</summary>
public sealed record SubjectFigures(IndicatorInputs Inputs, double ReferencePlaceHours);

/// <summary>
/// Reads the indicator inputs from the platform's data, for many subjects in a handful of queries.
/// Hours opened are the published windows and date overrides less blackouts, per facility day (the
/// schedule code of the catalogue); a whole with parts counts once. For an institution the promise
/// is what its published windows and overrides open over the period before blackouts (the schedule
/// in force when read: the platform keeps no schedule history), so the indicator measures what
/// blackouts took away; for a contract it is the contract's hours per week × the period's weeks.
/// Booked place-hours count bookings that took or held places (a no-show kept a place from someone),
/// as the area overview does. Complaint figures come from <see cref="ComplaintFigures"/>.
/// </summary>
public sealed class IndicatorReadings(CommunityShareDb db, IClock clock, IOptions<NoShowSettings> noShow, ComplaintFigures complaints)
{
    private static readonly BookingState[] Counted =
        [BookingState.PendingApproval, BookingState.Confirmed, BookingState.CheckedIn, BookingState.Completed, BookingState.NoShow];

    private static readonly BookingState[] Confirmed = [BookingState.Confirmed, BookingState.CheckedIn, BookingState.Completed, BookingState.NoShow];

    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public async Task<IReadOnlyDictionary<string, SubjectFigures>> ReadAsync(IReadOnlyList<SubjectScope> scopes, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var result = new Dictionary<string, SubjectFigures>();
        if (scopes.Count == 0)
        {
            return result;
        }
        var ids = scopes.SelectMany(s => s.FacilityIds).Distinct().ToArray();
        var from = scopes.Min(s => s.From);
        var to = scopes.Max(s => s.To);
        // A day's margin either side: facilities may keep other zones than the district's.
        var span = new Interval(from.PlusDays(-1).AtStartOfDayInZone(Shanghai).ToInstant(), to.PlusDays(1).AtStartOfDayInZone(Shanghai).ToInstant());

        var facilities = await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        var partsOf = await db.Facilities.AsNoTracking().Where(f => f.ParentFacilityId != null && ids.Contains(f.ParentFacilityId))
            .GroupBy(f => f.ParentFacilityId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var blackouts = (await db.Blackouts.AsNoTracking()
                .Where(b => ids.Contains(b.FacilityId) && b.Start < span.End && b.End > span.Start).ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId, b => b.Period);
        var bookings = (await db.Bookings.AsNoTracking()
                .Where(b => ids.Contains(b.FacilityId) && Counted.Contains(b.State) && b.Start >= span.Start && b.Start < span.End)
                .Select(b => new { b.Id, b.FacilityId, b.Start, b.End, b.PartySize, b.State }).ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId);
        // No-shows recorded by staff at the door (the automatic release records them as "system").
        var recordedByStaff = (await db.Set<CreditEvent>().AsNoTracking()
                .Where(e => e.Kind == CreditEventKind.NoShow && e.OccurTime >= span.Start && e.OccurTime < span.End && e.RecordedBy.StartsWith("staff/"))
                .Select(e => e.Source).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var noShowAfter = Duration.FromMinutes(noShow.Value.NoShowAfterMinutes);
        var complaintFigures = await complaints.ReadAsync(scopes, cancellationToken);

        foreach (var scope in scopes)
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
                if (f.ParentFacilityId is null || !scope.FacilityIds.Contains(f.ParentFacilityId))
                {
                    // Offered by wholes and standalone facilities (or a part whose whole is outside the scope), so a hall and its halves count once.
                    var closures = blackouts[f.Id].ToArray();
                    for (var date = scope.From; date < scope.To; date = date.PlusDays(1))
                    {
                        var hours = OpenTime.Total(f.Schedule, f.Zone, date, closures).TotalHours;
                        open += hours;
                        offered += hours * f.Capacity;
                        promised += OpenTime.Total(f.Schedule, f.Zone, date, []).TotalHours;
                    }
                    reference += f.Capacity * Openness.ReferenceHoursPerWeek * days / 7.0;
                }
                var share = f.ParentFacilityId is null ? 1.0 : 1.0 / partsOf.GetValueOrDefault(f.ParentFacilityId, 1);
                foreach (var b in bookings[f.Id].Where(b => b.Start >= first && b.Start < end))
                {
                    count++;
                    booked += (b.End - b.Start).TotalHours * (f.Capacity == 1 ? share : b.PartySize);
                    if (Confirmed.Contains(b.State) && b.Start <= now)
                    {
                        due++;
                        if (b.State is BookingState.CheckedIn or BookingState.Completed
                            || (b.State == BookingState.NoShow && recordedByStaff.Contains(ResourceNames.Booking(b.FacilityId, b.Id))))
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
            var c = complaintFigures.GetValueOrDefault(scope.Key);
            result[scope.Key] = new SubjectFigures(new IndicatorInputs
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
                Complaints = c?.Received,
                ComplaintsUpheld = c?.Upheld,
                ResponseWorkingDays = c?.ResponseWorkingDays ?? [],
                Ratings = c?.Ratings ?? [],
            }, Math.Round(reference, 4));
        }
        return result;
    }
}
