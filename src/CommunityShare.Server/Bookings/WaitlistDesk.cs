using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <param name="FacilityId">Only this facility's line (staff who oversee it, or a resident's own entries there).</param>
public sealed record WaitlistFilter(string? FacilityId, string? ResidentId, IReadOnlyCollection<WaitlistEntryState> States);

/// <summary>An entry as it is shown: where it stands in its line (0 when not waiting) and whose it is, masked.</summary>
public sealed record WaitlistEntryView(WaitlistEntry Entry, int Position, string ResidentName);

public sealed record WaitlistPage(IReadOnlyList<WaitlistEntryView> Entries, string NextPageToken);

/// <summary>
/// Reads waitlist entries and moves them on for whoever may: the resident (or their proxy or
/// guardian) takes an offer or leaves the line; staff who manage the facility may take a resident out
/// of it. Taking an offer and leaving one are decided inside the booking guard, like every change of
/// who holds what.
/// </summary>
public sealed class WaitlistDesk(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, FacilitySnapshots snapshots,
    ResidentRegistry residents, CreditRecords credit, WaitlistOffers offers, Policies.QuotaPolicies quotas)
{
    public async Task<WaitlistEntryView> GetAsync(Actor actor, string facilityId, string entryId, CancellationToken cancellationToken)
    {
        var entry = await db.WaitlistEntries.AsNoTracking().FirstOrDefaultAsync(w => w.Id == entryId && w.FacilityId == facilityId, cancellationToken)
                    ?? throw Problem.NotFound(ResourceNames.WaitlistEntry(facilityId, entryId));
        if (entry.ResidentId != actor.ResidentId && !await ActsForAsync(actor, entry.ResidentId, cancellationToken))
        {
            actor.RequireOversee(await JurisdictionOfAsync(facilityId, cancellationToken), "see this facility's waitlist");
        }
        return (await ViewAsync([entry], cancellationToken))[0];
    }

    /// <summary>By slot start, then in line order; keyset-paged on (start, join time, id).</summary>
    public async Task<WaitlistPage> ListAsync(Actor actor, WaitlistFilter filter, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        // Everyone lists their own entries (and a proxy those of whom they act for); staff the lines of what they oversee.
        string[]? overseen = null;
        var ownOnly = filter.ResidentId is not null
                      && (filter.ResidentId == actor.ResidentId || await ActsForAsync(actor, filter.ResidentId, cancellationToken));
        if (!ownOnly && !actor.IsStaff)
        {
            if (filter.ResidentId is not null)
            {
                throw Problem.PermissionDenied(Reasons.NotAllowed, "A resident can only list their own waitlist entries.");
            }
            if (filter.FacilityId is not null)
            {
                throw Problem.PermissionDenied(Reasons.NotAllowed, "A facility's waitlist is for the staff who oversee it; list your own entries with facilities/-.");
            }
            filter = filter with { ResidentId = actor.ResidentId };
        }
        else if (!ownOnly && filter.FacilityId is null)
        {
            overseen = (await db.Facilities.AsNoTracking().Select(f => new { f.Id, f.PlaceCode, f.InstitutionId }).ToListAsync(cancellationToken))
                .Where(f => actor.Oversees(running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId))).Select(f => f.Id).ToArray();
        }
        var fingerprint = $"{filter.FacilityId}|{filter.ResidentId}|{string.Join(",", filter.States.Order())}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();

        var query = db.WaitlistEntries.AsNoTracking();
        if (filter.FacilityId is not null)
        {
            var where = await JurisdictionOfAsync(filter.FacilityId, cancellationToken);
            if (!ownOnly)
            {
                actor.RequireOversee(where, "see this facility's waitlist");
            }
            query = query.Where(w => w.FacilityId == filter.FacilityId);
        }
        if (overseen is not null)
        {
            query = query.Where(w => overseen.Contains(w.FacilityId));
        }
        if (filter.ResidentId is not null)
        {
            query = query.Where(w => w.ResidentId == filter.ResidentId);
        }
        if (filter.States.Count > 0)
        {
            var states = filter.States.ToArray();
            query = query.Where(w => states.Contains(w.State));
        }
        if (after is not null)
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture));
            var joined = Instant.FromUnixTimeTicks(long.Parse(after[1], CultureInfo.InvariantCulture));
            var lastId = after[2];
            query = query.Where(w => w.Start > start || (w.Start == start && (w.CreateTime > joined
                                                                              || (w.CreateTime == joined && string.Compare(w.Id, lastId) > 0))));
        }
        var rows = await query.OrderBy(w => w.Start).ThenBy(w => w.CreateTime).ThenBy(w => w.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, Ticks(shown[^1].Start), Ticks(shown[^1].CreateTime), shown[^1].Id)
            : "";
        return new WaitlistPage(await ViewAsync(shown, cancellationToken), next);
    }

    /// <summary>
    /// Takes the offered place before its deadline: the held booking becomes confirmed, or waits for
    /// approval, under the same rules as <see cref="CreateBooking"/> (the facility's approval and
    /// commitment admission, the resident's credit standing and limits). Nothing changes when a rule is
    /// broken; the offer stands until its deadline.
    /// </summary>
    public async Task<WaitlistEntryView> AcceptAsync(Actor actor, string facilityId, string entryId, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.ThrowIfAny();
        var entry = await LoadOwnAsync(actor, facilityId, entryId, "take a waitlist offer", staffMayAct: false, cancellationToken);
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return (await ViewAsync([entry], cancellationToken))[0];
        }
        var now = clock.GetCurrentInstant();
        var (facility, family, blackouts) = await snapshots.GetAsync(db, facilityId, now, cancellationToken);
        var accepted = await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var writeLedger = new RequestLedger(writeDb);
            var current = await writeDb.WaitlistEntries.FirstAsync(w => w.Id == entryId, ct);
            if (await writeLedger.FindAsync(requestKey, ct) is not null)
            {
                return current;
            }
            // The offer first: expired or gone, nothing else matters.
            current.Accept(now);
            var hold = await writeDb.Bookings.FirstAsync(b => b.Id == current.BookingId, ct);
            var broken = Admission.CheckTiming(facility, blackouts, hold.Slot, hold.PartySize, now);
            var standing = await credit.StandingAsync(writeDb, current.ResidentId, now, ct);
            if (Admission.CheckCredit(facility, standing) is { } bar)
            {
                broken.Add(bar);
            }
            // The held place is already counted as the resident's; the limits are about the others.
            var load = await CreateBooking.LoadAsync(writeDb, facility, family, current.ResidentId, hold.Slot, now, hold.Id, ct);
            broken.AddRange(Admission.CheckLoad(facility.Rules, load));
            var (quotaPolicy, _) = await quotas.GetAsync(writeDb, ct);
            if (quotaPolicy.Rules.Count > 0)
            {
                broken.AddRange(await Quotas.ResidentQuotas.CheckAsync(writeDb, quotaPolicy, current.ResidentId, facility.Kind, hold.Slot, now, ct,
                    except: hold.Id));
            }
            if (broken.Count > 0)
            {
                throw Problem.Broken(broken);
            }
            var admitted = Admission.StateFor(facility.Rules, standing);
            hold.TakeOffer(admitted.State, admitted.OnCommitment, admitted.ApprovalReason, now);
            writeLedger.Record(requestKey, ResourceNames.WaitlistEntry(facilityId, entryId), now);
            await writeDb.SaveChangesAsync(ct);
            return current;
        }, cancellationToken);
        return (await ViewAsync([accepted], cancellationToken))[0];
    }

    /// <summary>Leaves the line; an offer held is turned down, and its place goes to the next in line in the same write.</summary>
    public async Task<WaitlistEntryView> WithdrawAsync(Actor actor, string facilityId, string entryId, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.ThrowIfAny();
        var entry = await LoadOwnAsync(actor, facilityId, entryId, "take a resident out of this waitlist", staffMayAct: true, cancellationToken);
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return (await ViewAsync([entry], cancellationToken))[0];
        }
        var now = clock.GetCurrentInstant();
        var withdrawn = await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var writeLedger = new RequestLedger(writeDb);
            var current = await writeDb.WaitlistEntries.FirstAsync(w => w.Id == entryId, ct);
            if (await writeLedger.FindAsync(requestKey, ct) is not null)
            {
                return current;
            }
            var hadOffer = current.State == WaitlistEntryState.Offered;
            current.Withdraw(now);
            writeLedger.Record(requestKey, ResourceNames.WaitlistEntry(facilityId, entryId), now);
            if (hadOffer && await writeDb.Bookings.FirstOrDefaultAsync(b => b.Id == current.BookingId && b.State == BookingState.Offered, ct) is { } hold)
            {
                writeDb.Bookings.Remove(hold);
                await offers.OfferFreedAsync(writeDb, [new FreedPlace(hold.FacilityId, hold.Slot)], now, ct);
            }
            await writeDb.SaveChangesAsync(ct);
            return current;
        }, cancellationToken);
        return (await ViewAsync([withdrawn], cancellationToken))[0];
    }

    /// <summary>The entry, for its resident or whoever acts for them; staff who manage the facility when <paramref name="staffMayAct"/>.</summary>
    private async Task<WaitlistEntry> LoadOwnAsync(Actor actor, string facilityId, string entryId, string action, bool staffMayAct,
        CancellationToken cancellationToken)
    {
        var entry = await db.WaitlistEntries.AsNoTracking().FirstOrDefaultAsync(w => w.Id == entryId && w.FacilityId == facilityId, cancellationToken)
                    ?? throw Problem.NotFound(ResourceNames.WaitlistEntry(facilityId, entryId));
        if (entry.ResidentId == actor.ResidentId || await ActsForAsync(actor, entry.ResidentId, cancellationToken))
        {
            return entry;
        }
        if (!staffMayAct)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, $"Only the resident (or their proxy or guardian) may {action}.");
        }
        actor.RequireStaff(action);
        actor.RequireManage(await JurisdictionOfAsync(facilityId, cancellationToken), action);
        return entry;
    }

    /// <summary>Positions in line and masked names for the entries shown, in two queries.</summary>
    private async Task<List<WaitlistEntryView>> ViewAsync(IReadOnlyList<WaitlistEntry> entries, CancellationToken cancellationToken)
    {
        var waiting = entries.Where(e => e.State == WaitlistEntryState.Waiting).ToArray();
        var lines = new List<WaitlistEntry>();
        if (waiting.Length > 0)
        {
            var facilityIds = waiting.Select(e => e.FacilityId).Distinct().ToArray();
            var starts = waiting.Select(e => e.Start).Distinct().ToArray();
            lines = await db.WaitlistEntries.AsNoTracking()
                .Where(w => facilityIds.Contains(w.FacilityId) && starts.Contains(w.Start) && w.State == WaitlistEntryState.Waiting)
                .ToListAsync(cancellationToken);
        }
        var names = await residents.MaskedNamesAsync(entries.Select(e => e.ResidentId), cancellationToken);
        return entries.Select(e => new WaitlistEntryView(e, Waitlist.PositionOf(e, lines), names[e.ResidentId])).ToList();
    }

    private static string Ticks(Instant instant) => instant.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);

    /// <summary>A guardian or proxy with standing consent acts for the resident; checked only when someone else's entry is asked for.</summary>
    private async Task<bool> ActsForAsync(Actor actor, string residentId, CancellationToken cancellationToken) =>
        actor.IsResident && await db.Set<ResidentRecord>().AnyAsync(r => r.Id == residentId, cancellationToken)
                         && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is not null;

    private async Task<Jurisdiction> JurisdictionOfAsync(string facilityId, CancellationToken cancellationToken) =>
        running.JurisdictionOf((await snapshots.GetAsync(db, facilityId, clock.GetCurrentInstant(), cancellationToken)).Facility);
}
