using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Institutions;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Institutions;

/// <summary>One facility of an institution as its console lists it.</summary>
public sealed record FacilityLine(Facility Facility, IReadOnlyList<string> PartIds, int UpcomingBlackouts);

/// <summary>What an institution's staff see first: its facilities and the work waiting.</summary>
public sealed record InstitutionDesk(Institution Institution, bool Manages, IReadOnlyList<FacilityLine> Facilities, int PendingApprovals,
    int BookingsToday, LocalDate Today);

/// <summary>
/// The institution console's summary, for staff who oversee the institution (its own staff, its
/// town's or subdistrict's office, the district and its supervisors); <see cref="InstitutionDesk.Manages"/>
/// says whether the caller may change things, which the use cases enforce on each change anyway.
/// </summary>
public sealed class InstitutionConsole(CommunityShareDb db, InstitutionRegistry institutions, IClock clock, Providers.RunningContracts running)
{
    public async Task<InstitutionDesk> GetAsync(Actor actor, string institutionId, CancellationToken cancellationToken)
    {
        actor.RequireStaff("use an institution's console");
        var institution = await institutions.GetAsync(institutionId, cancellationToken);
        var where = new Jurisdiction(institution.PlaceCode, institution.Id);
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == institutionId).ToListAsync(cancellationToken);
        var whole = actor.Oversees(where);
        if (!whole)
        {
            // Provider staff see the facilities their contracts run now, as the institution's staff see all of them.
            facilities = facilities.Where(f => actor.Oversees(running.JurisdictionOf(f))).ToList();
            if (facilities.Count == 0)
            {
                actor.RequireOversee(where, "see this institution's console");
            }
        }

        var now = clock.GetCurrentInstant();
        var ids = facilities.Select(f => f.Id).ToArray();
        var blackouts = await db.Blackouts.AsNoTracking().Where(b => ids.Contains(b.FacilityId) && b.End > now)
            .GroupBy(b => b.FacilityId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var zone = facilities.FirstOrDefault()?.Zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var today = now.InZone(zone).Date;
        var dayStart = today.AtStartOfDayInZone(zone).ToInstant();
        var dayEnd = today.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var pending = await db.Bookings.CountAsync(b => ids.Contains(b.FacilityId) && b.State == BookingState.PendingApproval && b.End > now,
            cancellationToken);
        var todayCount = await db.Bookings.CountAsync(b => ids.Contains(b.FacilityId) && b.Start >= dayStart && b.Start < dayEnd
            && (Booking.HoldingStates.Contains(b.State) || b.State == BookingState.NoShow), cancellationToken);

        // Wholes in name order, each followed by its parts.
        var lines = new List<FacilityLine>();
        foreach (var top in facilities.Where(f => f.ParentFacilityId is null || !facilities.Any(p => p.Id == f.ParentFacilityId)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var parts = facilities.Where(f => f.ParentFacilityId == top.Id).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
            lines.Add(new FacilityLine(top, parts.Select(p => p.Id).ToArray(), blackouts.GetValueOrDefault(top.Id)));
            lines.AddRange(parts.Select(p => new FacilityLine(p, [], blackouts.GetValueOrDefault(p.Id))));
        }
        return new InstitutionDesk(institution, whole ? actor.Manages(where) : facilities.Any(f => actor.Manages(running.JurisdictionOf(f))), lines, pending,
            todayCount, today);
    }
}
