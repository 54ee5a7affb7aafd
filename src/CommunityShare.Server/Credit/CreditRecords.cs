using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Credit;

/// <summary>A resident's record as one caller may see it: the entries (newest first), the appeals, and the standing they give.</summary>
public sealed record CreditRecordView(string ResidentId, CreditStanding Standing, IReadOnlyList<CreditEvent> Events, IReadOnlyList<CreditAppeal> Appeals,
    bool Complete, CreditPolicy Policy);

/// <summary>
/// The credit record (诚信档案): read by the resident (and whoever acts for them) and by staff who
/// oversee the resident's home; staff elsewhere see the entries that arose where they are responsible
/// and the standing, which they need to judge a request. Institutions report damage and broken rules
/// with their evidence; the platform writes no-shows, late cancellations and kept bookings itself.
/// </summary>
public sealed class CreditRecords(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, CreditPolicies policies, ResidentRegistry residents)
{
    /// <summary>The standing of a resident now, for deciding a booking.</summary>
    public async Task<CreditStanding> StandingAsync(CommunityShareDb readDb, string residentId, Instant now, CancellationToken cancellationToken)
    {
        var (policy, _) = await policies.GetAsync(readDb, cancellationToken);
        var events = await readDb.Set<CreditEvent>().AsNoTracking().Where(e => e.ResidentId == residentId && e.VoidTime == null)
            .ToListAsync(cancellationToken);
        return CreditStanding.Evaluate(events, policy, now);
    }

    public async Task<CreditRecordView> GetAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        var complete = actor.ResidentId == residentId || actor.Oversees(Jurisdiction.OfPlace(resident.HomePlaceCode))
                       || await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is not null;
        if (!complete)
        {
            actor.RequireStaff("see another resident's credit record");
        }
        var (policy, _) = await policies.GetAsync(db, cancellationToken);
        var all = await db.Set<CreditEvent>().AsNoTracking().Where(e => e.ResidentId == residentId).ToListAsync(cancellationToken);
        var appeals = await db.Set<CreditAppeal>().AsNoTracking().Where(a => a.ResidentId == residentId).ToListAsync(cancellationToken);
        var standing = CreditStanding.Evaluate(all, policy, clock.GetCurrentInstant());
        var shown = complete ? all : all.Where(e => actor.Oversees(Jurisdiction.OfPlace(e.PlaceCode))).ToList();
        var shownIds = shown.Select(e => e.Id).ToHashSet();
        return new CreditRecordView(residentId, standing,
            shown.OrderByDescending(e => e.OccurTime).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToArray(),
            appeals.Where(a => shownIds.Contains(a.EventId)).OrderByDescending(a => a.FileTime).ToArray(), complete, policy);
    }

    /// <summary>
    /// An institution reports damage or a broken rule at one of the resident's bookings, with evidence:
    /// staff who manage the booking's facility; the booking must be the resident's and must have begun.
    /// </summary>
    public async Task<CreditEvent> ReportAsync(Actor actor, string residentId, CreditEventKind? kind, string? facilityId, string? bookingId,
        string? evidence, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("report to a credit record");
        violations.Check(kind is null, "credit_event.kind", Reasons.Required, "is required: DAMAGE or RULE_BREACH.");
        violations.Check(kind is not null and not (CreditEventKind.Damage or CreditEventKind.RuleBreach), "credit_event.kind", Reasons.OutOfRange,
            "staff report DAMAGE or RULE_BREACH; no-shows, late cancellations and kept bookings are recorded by the platform.");
        if (violations.Required(evidence, "credit_event.evidence"))
        {
            violations.MaxLength(evidence!.Trim(), CreditEvent.MaxEvidenceLength, "credit_event.evidence");
        }
        violations.Check(facilityId is null || bookingId is null, "credit_event.source", Reasons.Required,
            "is required: the booking it happened at, as facilities/{facility}/bookings/{booking}.");
        violations.ThrowIfAny();
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId && b.FacilityId == facilityId, cancellationToken)
                      ?? throw Problem.NotFound(ResourceNames.Booking(facilityId!, bookingId!));
        var facility = await db.Facilities.AsNoTracking().FirstAsync(f => f.Id == facilityId, cancellationToken);
        actor.RequireManage(running.JurisdictionOf(facility), "report what happened at this facility");
        var now = clock.GetCurrentInstant();
        var broken = new List<RuleViolation>();
        if (booking.ResidentId != residentId)
        {
            broken.Add(new RuleViolation(Reasons.Mismatch, "The booking is not this resident's.",
                new Dictionary<string, string> { ["field"] = "credit_event.source" }));
        }
        if (booking.Start > now)
        {
            broken.Add(new RuleViolation(Reasons.NotStartedYet, "Nothing can have happened at a booking that has not begun.",
                new Dictionary<string, string> { ["field"] = "credit_event.source", ["start_time"] = NodaTime.Text.InstantPattern.General.Format(booking.Start) }));
        }
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        var entry = new CreditEvent(Ids.New(), residentId, kind!.Value, booking.Start, evidence!.Trim(), ResourceNames.Booking(facilityId!, bookingId!),
            facility.PlaceCode, actor.ResourceName, now);
        db.Set<CreditEvent>().Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>What the platform records itself, in the caller's unit of work (so the entry and the booking's change commit together).</summary>
    public static CreditEvent Append(CommunityShareDb db, CreditEventKind kind, Domain.Bookings.Booking booking, string placeCode, string evidence,
        string recordedBy, Instant now)
    {
        var entry = new CreditEvent(Ids.New(), booking.ResidentId, kind, booking.Start, evidence, ResourceNames.Booking(booking.FacilityId, booking.Id),
            placeCode, recordedBy, now);
        db.Set<CreditEvent>().Add(entry);
        return entry;
    }

    /// <summary>A good event the platform records from another area (confirmed volunteer service), in the caller's unit of work.</summary>
    /// <param name="source">The resource it is about, e.g. residents/{r}/serviceRecords/{s}.</param>
    public static CreditEvent Append(CommunityShareDb db, CreditEventKind kind, string residentId, Instant occurTime, string source, string placeCode,
        string evidence, string recordedBy, Instant now)
    {
        var entry = new CreditEvent(Ids.New(), residentId, kind, occurTime, evidence, source, placeCode, recordedBy, now);
        db.Set<CreditEvent>().Add(entry);
        return entry;
    }

    public static string EventName(string residentId, string id) => $"residents/{residentId}/creditEvents/{id}";

    public static string AppealName(string residentId, string id) => $"residents/{residentId}/appeals/{id}";
}
