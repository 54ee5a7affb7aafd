using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <param name="ResidentId">Who waits: null for the caller; another resident only for their proxy or guardian.</param>
public sealed record WaitlistDraft(string FacilityId, string? ResidentId, Interval Slot, int PartySize);

/// <summary>
/// Puts a resident in line for a full slot. The booking rules of time and credit are checked first,
/// outside the guard; whether the slot is full, and what the resident already holds or waits for, are
/// read again inside it together with the insert, so that a line is never joined for a slot that a
/// place was just freed on (that place went to the line, or is there to be booked).
/// </summary>
public sealed class JoinWaitlist(CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, FacilitySnapshots snapshots,
    ResidentRegistry residents, CreditRecords credit, IOptions<WaitlistSettings> settings)
{
    public async Task<WaitlistEntry> HandleAsync(Actor actor, WaitlistDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.ThrowIfAny();
        var residentId = draft.ResidentId ?? actor.ResidentId ?? throw Problem.PermissionDenied(Reasons.NotAllowed,
            "Residents join a waitlist themselves, or their proxy or guardian for them; staff book at the counter when a place is free.");
        if (residentId != actor.ResidentId && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed,
                "You can put another resident in line only as their proxy (with their standing consent) or as a minor's guardian.");
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await FindMadeAsync(db, done, cancellationToken);
        }

        var now = clock.GetCurrentInstant();
        var (facility, family, blackouts) = await snapshots.GetAsync(db, draft.FacilityId, now, cancellationToken);
        // The same rules of time as booking: a line for a slot that could not be booked is no line.
        var broken = Admission.CheckTiming(facility, blackouts, draft.Slot, draft.PartySize, now);
        var standing = await credit.StandingAsync(db, residentId, now, cancellationToken);
        if (Admission.CheckCredit(facility, standing) is { } bar)
        {
            broken.Add(bar);
        }
        if (broken.Count > 0)
        {
            // Told once: also say what else stands in the way, read without the lock.
            broken.AddRange(await CheckLineAsync(db, facility, family, residentId, draft, now, cancellationToken));
            throw Problem.Broken(broken);
        }

        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var writeLedger = new RequestLedger(writeDb);
            if (await writeLedger.FindAsync(requestKey, ct) is { } raced)
            {
                return await FindMadeAsync(writeDb, raced, ct);
            }
            var decided = await CheckLineAsync(writeDb, facility, family, residentId, draft, now, ct);
            if (decided.Count > 0)
            {
                throw Problem.Broken(decided);
            }
            var entry = new WaitlistEntry(Ids.New(), facility.Id, residentId, draft.Slot, draft.PartySize, actor.ResourceName, now);
            writeDb.WaitlistEntries.Add(entry);
            writeLedger.Record(requestKey, ResourceNames.WaitlistEntry(facility.Id, entry.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return entry;
        }, cancellationToken);
    }

    /// <summary>
    /// The rules that depend on who holds what: the slot must be full for the party (otherwise it is
    /// there to be booked); the resident must not hold it or wait for it already, and stays within the
    /// facility's limits and the number of entries a resident may have in lines.
    /// </summary>
    private async Task<List<RuleViolation>> CheckLineAsync(CommunityShareDb readDb, Facility facility, string[] family, string residentId,
        WaitlistDraft draft, Instant now, CancellationToken cancellationToken)
    {
        var slot = draft.Slot;
        var occupants = await CreateBooking.OccupantsAsync(readDb, facility, family, slot, cancellationToken);
        var load = await CreateBooking.LoadAsync(readDb, facility, family, residentId, slot, now, null, cancellationToken);
        var occupancy = Admission.CheckOccupancy(facility, slot, draft.PartySize, occupants, load);
        var broken = occupancy.Where(r => r.Reason is not (Reasons.SlotFull or Reasons.RelatedFacilityBooked)).ToList();
        if (broken.Count == occupancy.Count)
        {
            var remaining = facility.Capacity - Admission.PeakPlaces(occupants.Where(o => o.FacilityId == facility.Id), slot);
            broken.Insert(0, new RuleViolation(Reasons.SlotNotFull, "The slot has room for the party: book it instead of waiting.",
                new Dictionary<string, string> { ["remaining_places"] = Math.Max(0, remaining).ToString(CultureInfo.InvariantCulture) }));
        }
        var holding = Booking.HoldingStates;
        if (await readDb.Bookings.AnyAsync(b => b.ResidentId == residentId && family.Contains(b.FacilityId) && holding.Contains(b.State)
                                                && b.Start < slot.End && b.End > slot.Start, cancellationToken))
        {
            broken.Add(new RuleViolation(Reasons.AlreadyBooked, "The resident already holds a booking here at that time."));
        }
        var active = WaitlistEntry.ActiveStates;
        var lines = await readDb.WaitlistEntries.AsNoTracking()
            .Where(w => w.ResidentId == residentId && active.Contains(w.State))
            .Select(w => new { w.FacilityId, w.Start, w.End })
            .ToListAsync(cancellationToken);
        if (lines.Any(w => family.Contains(w.FacilityId) && w.Start < slot.End && w.End > slot.Start))
        {
            broken.Add(new RuleViolation(Reasons.AlreadyWaiting, "The resident is already in line here at that time."));
        }
        var most = settings.Value.MaxEntriesPerResident;
        if (lines.Count >= most)
        {
            broken.Add(new RuleViolation(Reasons.WaitlistLimitReached, $"A resident may wait in at most {most} lines at once.",
                new Dictionary<string, string> { ["max_waitlist_entries"] = most.ToString(CultureInfo.InvariantCulture) }));
        }
        return broken;
    }

    internal static async Task<WaitlistEntry> FindMadeAsync(CommunityShareDb db, string resourceName, CancellationToken cancellationToken)
    {
        var id = resourceName.Split('/')[^1];
        return await db.WaitlistEntries.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken)
               ?? throw Problem.NotFound(resourceName);
    }
}
