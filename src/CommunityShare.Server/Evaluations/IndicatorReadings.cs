using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Evaluations;
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

        var stored = await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        var parents = stored.Where(f => f.ParentFacilityId is not null).Select(f => f.ParentFacilityId!).Distinct().ToArray();
        var partsOf = await db.Facilities.AsNoTracking().Where(f => f.ParentFacilityId != null && parents.Contains(f.ParentFacilityId))
            .GroupBy(f => f.ParentFacilityId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var blackouts = (await db.Blackouts.AsNoTracking()
                .Where(b => ids.Contains(b.FacilityId) && b.Start < span.End && b.End > span.Start).ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId, b => b.Period);
        var facilities = stored.ToDictionary(f => f.Id, f => new FacilityFacts(f.Id, f.ParentFacilityId, f.Capacity, f.Schedule, f.Zone,
            blackouts[f.Id].ToArray(), f.ParentFacilityId is null ? 0 : partsOf.GetValueOrDefault(f.ParentFacilityId, 1)));
        // No-shows recorded by staff at the door (the automatic release records them as "system").
        var recordedByStaff = (await db.Set<CreditEvent>().AsNoTracking()
                .Where(e => e.Kind == CreditEventKind.NoShow && e.OccurTime >= span.Start && e.OccurTime < span.End && e.RecordedBy.StartsWith("staff/"))
                .Select(e => e.Source).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var bookings = (await db.Bookings.AsNoTracking()
                .Where(b => ids.Contains(b.FacilityId) && Counted.Contains(b.State) && b.Start >= span.Start && b.Start < span.End)
                .Select(b => new { b.Id, b.FacilityId, b.Start, b.End, b.PartySize, b.State }).ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId, b => new BookingFacts(b.FacilityId, b.Start, b.End, b.PartySize, b.State,
                b.State == BookingState.NoShow && recordedByStaff.Contains(ResourceNames.Booking(b.FacilityId, b.Id))));
        var noShowAfter = Duration.FromMinutes(noShow.Value.NoShowAfterMinutes);
        var complaintFigures = await complaints.ReadAsync(scopes, cancellationToken);

        foreach (var scope in scopes)
        {
            var (inputs, reference) = SubjectCounting.Count(new ScopeFacts(scope.FacilityIds, scope.From, scope.To, scope.PromisedHoursPerWeek),
                facilities, bookings, now, noShowAfter);
            var c = complaintFigures.GetValueOrDefault(scope.Key);
            result[scope.Key] = new SubjectFigures(inputs with
            {
                Complaints = c?.Received,
                ComplaintsUpheld = c?.Upheld,
                ResponseWorkingDays = c?.ResponseWorkingDays ?? [],
                Ratings = c?.Ratings ?? [],
            }, reference);
        }
        return result;
    }
}
