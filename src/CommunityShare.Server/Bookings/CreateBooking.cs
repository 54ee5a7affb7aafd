using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Hardening;
using CommunityShare.Server.Residents;
using CommunityShare.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <param name="Consent">How the resident consented, as staff booking for them state it; null otherwise.</param>
public sealed record BookingDraft(string FacilityId, string? ResidentId, Interval Slot, int PartySize, ProxyConsent? Consent = null);

/// <summary>
/// Books a slot. The rules that depend only on time and the facility are checked first, outside
/// the guard; the ones that depend on other bookings are checked again inside it, together with
/// the insert, so two requests can never both take the last place.
/// </summary>
public sealed class CreateBooking(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, FacilitySnapshots snapshots,
    ResidentRegistry residents, BookingThrottle throttle, Credit.CreditRecords credit, Policies.QuotaPolicies quotas)
{
    public Task<Booking> HandleAsync(Actor actor, BookingDraft draft, RequestKey? requestKey, CancellationToken cancellationToken) =>
        HandleAsync(actor, draft, requestKey, new Violations(), cancellationToken);

    /// <param name="violations">
    /// Problems the front door already found with the request (a party size out of range, say): they
    /// are reported together with the consent this use case asks for, so that the counter clerk hears
    /// everything at once. Nothing is booked while there are any.
    /// </param>
    public async Task<Booking> HandleAsync(Actor actor, BookingDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        var residentId = draft.ResidentId ?? actor.ResidentId ?? throw Problem.Invalid(
            [.. violations.Items, new FieldViolation("booking.resident", Reasons.Required, "is required when staff book for a resident, as residents/{id}.")]);
        if (residentId == actor.ResidentId)
        {
            // Nothing more to ask of a resident booking for themselves.
            violations.ThrowIfAny();
        }
        // One connection for the reads of this request, instead of one per query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!violations.Any && await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await FindMadeAsync(db, done, cancellationToken);
        }

        var now = clock.GetCurrentInstant();
        var (facility, family, blackouts) = await snapshots.GetAsync(db, draft.FacilityId, now, cancellationToken);
        var consent = residentId == actor.ResidentId
            ? ProxyConsent.Own
            : await ConsentAsync(actor, residentId, draft.Consent, running.JurisdictionOf(facility), violations, cancellationToken);
        violations.ThrowIfAny();
        throttle.Require(residentId);
        var broken = Admission.CheckTiming(facility, blackouts, draft.Slot, draft.PartySize, now);
        var early = await TimeBank.BookingPasses.WaiveEarlyAsync(db, residentId, broken, now, cancellationToken);
        // The resident's credit standing: a bar keeps them out (失信禁入); a clean record lets their
        // commitment stand in for approval where the facility allows it (守信准入).
        var standing = await credit.StandingAsync(db, residentId, now, cancellationToken);
        var (quotaPolicy, _) = await quotas.GetAsync(db, cancellationToken);
        if (Admission.CheckCredit(facility, standing) is { } bar)
        {
            broken.Add(bar);
        }
        var (state, onCommitment, approvalReason) = Admission.StateFor(facility.Rules, standing);
        if (broken.Count > 0)
        {
            // Told once: also say what else stands in the way, read without the lock.
            broken.AddRange(await CheckOccupancyAsync(db, facility, family, residentId, draft, quotaPolicy, now, cancellationToken));
            throw Problem.Broken(broken);
        }

        // Inside the guard, occupancy is read again and decides, and the booking is written.
        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var writeLedger = new RequestLedger(writeDb);
            if (await writeLedger.FindAsync(requestKey, ct) is { } raced)
            {
                // A concurrent retry of the same request was written first.
                return await FindMadeAsync(writeDb, raced, ct);
            }
            var decided = await CheckOccupancyAsync(writeDb, facility, family, residentId, draft, quotaPolicy, now, ct);
            var passes = await TimeBank.BookingPasses.ClaimAsync(writeDb, residentId, early, decided, now, ct);
            if (decided.Count > 0)
            {
                throw Problem.Broken(decided);
            }
            var booking = new Booking(Ids.New(), facility.Id, residentId, draft.Slot, draft.PartySize, state, Ids.CheckInCode(),
                actor.ResourceName, draft.Slot.Start - facility.Rules.CancellationDeadline, now, consent, onCommitment, approvalReason);
            writeDb.Bookings.Add(booking);
            passes.Use(ResourceNames.Booking(facility.Id, booking.Id), now);
            writeLedger.Record(requestKey, ResourceNames.Booking(facility.Id, booking.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return booking;
        }, cancellationToken);
    }

    /// <summary>
    /// Booking for someone else: a minor's guardian or a proxy with the resident's standing consent;
    /// otherwise staff responsible for the facility, at the counter, who say how the resident consented.
    /// </summary>
    internal async Task<ProxyConsent> ConsentAsync(Actor actor, string residentId, ProxyConsent? stated, Jurisdiction facility,
        Violations violations, CancellationToken cancellationToken)
    {
        if (await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is { } relation)
        {
            return new ProxyConsent(relation, "");
        }
        if (!actor.IsStaff)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed,
                "You can book for another resident only as their proxy (with their standing consent) or as a minor's guardian.");
        }
        actor.RequireManage(facility, "book for a resident at this facility");
        if (violations.Check(stated is null || !ProxyConsent.StatedByStaff(stated.Method), "booking.proxy_consent.method", Reasons.ConsentRequired,
                "is required when staff book for a resident: IN_PERSON, BY_PHONE or WRITTEN."))
        {
            violations.MaxLength(stated!.Note, ProxyConsent.MaxNoteLength, "booking.proxy_consent.note");
        }
        return stated is null ? ProxyConsent.Own : stated with { Note = stated.Note.Trim() };
    }

    /// <summary>The rules that depend on other bookings: places taken, the facility's limits per resident, the district's quotas, a lottery still to be drawn.</summary>
    internal static async Task<List<RuleViolation>> CheckOccupancyAsync(CommunityShareDb db, Facility facility, string[] family, string residentId, BookingDraft draft,
        Domain.Quotas.QuotaPolicy quotaPolicy, Instant now, CancellationToken cancellationToken)
    {
        var occupants = await OccupantsAsync(db, facility, family, draft.Slot, cancellationToken);
        var load = await LoadAsync(db, facility, family, residentId, draft.Slot, now, null, cancellationToken);
        var broken = Admission.CheckOccupancy(facility, draft.Slot, draft.PartySize, occupants, load);
        if (quotaPolicy.Rules.Count > 0)
        {
            broken.AddRange(await Quotas.ResidentQuotas.CheckAsync(db, quotaPolicy, residentId, facility.Kind, draft.Slot, now, cancellationToken));
        }
        broken.AddRange(await Lotteries.LotteryGate.CheckAsync(db, facility, family, draft.Slot, cancellationToken));
        return broken;
    }

    /// <summary>The places held on the facility's family around <paramref name="slot"/> (bookings and waitlist offers), as occupants of <paramref name="facility"/>.</summary>
    internal static async Task<List<Occupant>> OccupantsAsync(CommunityShareDb db, Facility facility, string[] family, Interval slot,
        CancellationToken cancellationToken)
    {
        var occupants = new List<Occupant>();
        await foreach (var b in HoldingOverlaps(db, family, slot.Start, slot.End, slot.Start - Booking.LongestPossible).WithCancellation(cancellationToken))
        {
            occupants.Add(new Occupant(b.FacilityId, new Interval(b.Start, b.End), facility.IsExclusive ? 1 : b.PartySize));
        }
        return occupants;
    }

    /// <summary>
    /// What the resident already holds at the facility's family, for its limits (only read when it has
    /// any); <paramref name="except"/> is a booking not to count (the held place of an offer being accepted).
    /// </summary>
    internal static async Task<ResidentLoad> LoadAsync(CommunityShareDb db, Facility facility, string[] family, string residentId, Interval slot,
        Instant now, string? except, CancellationToken cancellationToken)
    {
        var rules = facility.Rules;
        if (rules.MaxActiveBookings <= 0 && rules.MaxBookingsPerWeek <= 0)
        {
            return new ResidentLoad(0, 0);
        }
        var week = Admission.WeekOf(slot.Start, facility.Zone);
        var mine = await db.Bookings.AsNoTracking()
            .Where(b => b.ResidentId == residentId && family.Contains(b.FacilityId) && b.Id != except
                        && (b.End > now || (b.Start >= week.Start && b.Start < week.End)))
            .Select(b => new { b.State, b.Start, b.End })
            .ToListAsync(cancellationToken);
        return new ResidentLoad(
            mine.Count(b => Booking.Holds(b.State) && b.End > now),
            mine.Count(b => b.Start >= week.Start && b.Start < week.End && b.State is not (BookingState.Cancelled or BookingState.Declined)));
    }

    /// <summary>Bookings holding places on the family that overlap [start, end); compiled once, it runs on every booking.</summary>
    private static readonly Func<CommunityShareDb, string[], Instant, Instant, Instant, IAsyncEnumerable<Booking>> HoldingOverlaps =
        EF.CompileAsyncQuery((CommunityShareDb db, string[] family, Instant start, Instant end, Instant earliestStart) =>
            db.Bookings.AsNoTracking()
                .Where(b => family.Contains(b.FacilityId) && Booking.HoldingStates.Contains(b.State)
                            && b.Start < end && b.Start > earliestStart && b.End > start));

    private static async Task<Booking> FindMadeAsync(CommunityShareDb db, string resourceName, CancellationToken cancellationToken)
    {
        var id = resourceName.Split('/')[^1];
        return await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken)
               ?? throw Problem.NotFound(resourceName);
    }
}
