using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Quotas;
using CommunityShare.Server.Data;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Quotas;

/// <summary>How much of one quota a resident (or their household) has used for a given day.</summary>
public sealed record QuotaLine(QuotaRule Rule, double Used);

public sealed record QuotaUsage(string ResidentId, string? HouseholdId, LocalDate Date, IReadOnlyList<QuotaLine> Lines);

/// <summary>
/// The district's quotas against what a resident and their household already hold: checked by
/// <see cref="Bookings.CreateBooking"/> inside the booking guard (so two bookings at once cannot both
/// slip under a limit), and shown to the resident as what is left.
/// </summary>
public sealed class ResidentQuotas(CommunityShareDb db, QuotaPolicies policies, ResidentRegistry residents, IClock clock)
{
    /// <summary>
    /// Every quota the booking would pass, read on <paramref name="readDb"/> (the guard's connection when
    /// deciding); <paramref name="except"/> is a booking not to count (the held place of an offer being taken).
    /// </summary>
    public static async Task<List<RuleViolation>> CheckAsync(CommunityShareDb readDb, QuotaPolicy policy, string residentId, FacilityKind kind,
        Interval slot, Instant now, CancellationToken cancellationToken, string? except = null)
    {
        var (own, household) = await CountedAsync(readDb, policy, residentId, policy.EarliestCounted(slot.Start, now), cancellationToken, except);
        return policy.Check(kind, slot, own, household, now);
    }

    public async Task<QuotaUsage> UsageAsync(Actor actor, string residentId, LocalDate date, CancellationToken cancellationToken)
    {
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        if (actor.ResidentId != residentId && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is null)
        {
            actor.RequireOversee(Jurisdiction.OfPlace(resident.HomePlaceCode), "see this resident's quotas");
        }
        var (policy, _) = await policies.GetAsync(db, cancellationToken);
        var now = clock.GetCurrentInstant();
        var day = date.At(new LocalTime(12, 0)).InZoneLeniently(policy.Zone).ToInstant();
        var (own, household) = await CountedAsync(db, policy, residentId, policy.EarliestCounted(day, now), cancellationToken);
        var lines = policy.Rules.Select(rule => new QuotaLine(rule, policy.Used(rule, own, household, day, now))).ToArray();
        return new QuotaUsage(residentId, resident.HouseholdId, date, lines);
    }

    /// <summary>The resident's own bookings and their household's (theirs included) that can count, from <paramref name="countedFrom"/> on.</summary>
    private static async Task<(CountedBooking[] Own, CountedBooking[] Household)> CountedAsync(CommunityShareDb readDb, QuotaPolicy policy,
        string residentId, Instant countedFrom, CancellationToken cancellationToken, string? except = null)
    {
        var householdId = await readDb.Set<ResidentRecord>().AsNoTracking().Where(r => r.Id == residentId).Select(r => r.HouseholdId)
            .FirstOrDefaultAsync(cancellationToken);
        var members = householdId is null
            ? [residentId]
            : await readDb.Set<ResidentRecord>().AsNoTracking().Where(r => r.HouseholdId == householdId).Select(r => r.Id).ToArrayAsync(cancellationToken);
        if (!members.Contains(residentId))
        {
            members = [.. members, residentId];
        }
        var rows = await (from b in readDb.Bookings.AsNoTracking()
                          join f in readDb.Facilities.AsNoTracking() on b.FacilityId equals f.Id
                          where members.Contains(b.ResidentId) && b.Start >= countedFrom && b.Id != except
                          select new { b.ResidentId, f.Kind, b.Start, b.End, b.State }).ToListAsync(cancellationToken);
        var counted = rows.Select(r => (r.ResidentId, Booking: new CountedBooking(r.Kind, new Interval(r.Start, r.End), r.State, policy.IsPeak(r.Start))))
            .ToArray();
        return (counted.Where(c => c.ResidentId == residentId).Select(c => c.Booking).ToArray(), counted.Select(c => c.Booking).ToArray());
    }
}
