using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Hardening;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Lotteries;

/// <param name="Consent">How the resident consented, as counter staff state it; null otherwise.</param>
public sealed record ApplicationDraft(string FacilityId, string? ResidentId, Instant Start, int PartySize, ProxyConsent? Consent = null);

/// <summary>
/// Applying for a slot of a facility run by lottery (摇号报名). The application is judged like a
/// booking (<see cref="CreateBooking"/>'s rules) except for what only the draw can decide: the
/// timing rules but the release, the credit record's bars, the facility's limits and the
/// district's quotas as they stand now; and then the window (open, not yet closed), one
/// application per resident per slot, and at most the household cap of applications from one
/// household per slot (so that a large household cannot buy itself more chances than it may win).
/// Every problem is told at once. The weight is fixed now and shown; so is the close, when the draw runs.
/// </summary>
public sealed class ApplyToLottery(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, FacilitySnapshots snapshots,
    CreateBooking create, BookingThrottle throttle, CreditRecords credit, QuotaPolicies quotas, ResidentRegistry residents)
{
    /// <summary>What only the draw decides, so an application is not refused for it.</summary>
    private static readonly HashSet<string> ForTheDraw = [Reasons.SlotFull, Reasons.RelatedFacilityBooked, Reasons.LotteryDrawPending, Reasons.TooFarAhead];

    public async Task<LotteryApplication> HandleAsync(Actor actor, ApplicationDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        var residentId = draft.ResidentId ?? actor.ResidentId ?? throw Problem.Invalid(
            [.. violations.Items, new FieldViolation("lottery_application.resident", Reasons.Required, "is required when staff apply for a resident, as residents/{id}.")]);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!violations.Any && await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await FindMadeAsync(db, done, cancellationToken);
        }
        var now = clock.GetCurrentInstant();
        var (facility, family, blackouts) = await snapshots.GetAsync(db, draft.FacilityId, now, cancellationToken);
        var consentProblems = new Violations();
        var consent = residentId == actor.ResidentId
            ? ProxyConsent.Own
            : await create.ConsentAsync(actor, residentId, draft.Consent, running.JurisdictionOf(facility), consentProblems, cancellationToken);
        ViolationPaths.CopyUnder(consentProblems, violations, "booking", "lottery_application");
        violations.ThrowIfAny();
        var lottery = facility.Rules.Lottery;
        if (!lottery.Enabled)
        {
            throw Problem.Broken(Reasons.LotteryOff, "This facility is booked first come, first served; book the slot directly.");
        }
        // A lottery is real-name: the weights and the household cap come from the resident's record.
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        throttle.Require(residentId);

        var slot = new Interval(draft.Start, draft.Start + facility.Rules.SlotLength);
        var date = draft.Start.InZone(facility.Zone).Date;
        var window = lottery.ApplicationWindow(date, facility.Rules, facility.Zone);
        var broken = Admission.CheckTiming(facility, blackouts, slot, draft.PartySize, now).Where(r => !ForTheDraw.Contains(r.Reason)).ToList();
        if (now < window.Start)
        {
            broken.Add(new RuleViolation(Reasons.ApplicationsNotOpen, $"Applications for {date:yyyy-MM-dd} open at {Format(window.Start)}.",
                new Dictionary<string, string> { ["open_time"] = Format(window.Start), ["close_time"] = Format(window.End) }));
        }
        else if (now >= window.End || await DrawnAsync(db, facility.Id, slot.Start, cancellationToken))
        {
            broken.Add(new RuleViolation(Reasons.ApplicationsClosed,
                "Applications have closed and the places are drawn; what the draw left is first come, first served.",
                new Dictionary<string, string> { ["close_time"] = Format(window.End) }));
        }
        var standing = await credit.StandingAsync(db, residentId, now, cancellationToken);
        if (Admission.CheckCredit(facility, standing) is { } bar)
        {
            broken.Add(bar);
        }
        var (quotaPolicy, _) = await quotas.GetAsync(db, cancellationToken);
        broken.AddRange((await CreateBooking.CheckOccupancyAsync(db, facility, family, residentId,
            new BookingDraft(facility.Id, residentId, slot, draft.PartySize), quotaPolicy, now, cancellationToken)).Where(r => !ForTheDraw.Contains(r.Reason)));
        broken.AddRange(await CheckApplicantsAsync(db, facility.Id, slot.Start, residentId, resident.HouseholdId, lottery.HouseholdCap, cancellationToken));
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }

        var host = await HostAreas.SameAsync(db, resident.HomePlaceCode, facility.PlaceCode, cancellationToken);
        var weight = lottery.WeightOf(host, resident.IdentityNumber.BirthDate, slot.Start.InZone(facility.Zone).LocalDateTime);
        var ticket = WeightedDraw.Ticket(ResourceNames.Resident(residentId), ResourceNames.Facility(facility.Id), slot.Start);
        // Inside the guard: two applications at once (of one resident, or of one household) cannot both slip past the checks above.
        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var writeLedger = new RequestLedger(writeDb);
            if (await writeLedger.FindAsync(requestKey, ct) is { } raced)
            {
                return await FindMadeAsync(writeDb, raced, ct);
            }
            var decided = await CheckApplicantsAsync(writeDb, facility.Id, slot.Start, residentId, resident.HouseholdId, lottery.HouseholdCap, ct);
            if (decided.Count > 0)
            {
                throw Problem.Broken(decided);
            }
            var application = new LotteryApplication(Ids.New(), facility.Id, residentId, slot, draft.PartySize, weight, ticket, window.Start, window.End,
                actor.ResourceName, consent, now);
            writeDb.Add(application);
            writeLedger.Record(requestKey, ResourceNames.LotteryApplication(facility.Id, application.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return application;
        }, cancellationToken);
    }

    /// <summary>One application per resident per slot; at most the cap from one household.</summary>
    private static async Task<List<RuleViolation>> CheckApplicantsAsync(CommunityShareDb db, string facilityId, Instant start, string residentId,
        string? householdId, int householdCap, CancellationToken cancellationToken)
    {
        var pending = db.Set<LotteryApplication>().AsNoTracking()
            .Where(a => a.FacilityId == facilityId && a.Start == start && a.State == LotteryApplicationState.Pending);
        var broken = new List<RuleViolation>();
        if (await pending.AnyAsync(a => a.ResidentId == residentId, cancellationToken))
        {
            broken.Add(new RuleViolation(Reasons.AlreadyApplied, "This resident has already applied for this slot."));
        }
        else if (householdCap > 0 && householdId is not null)
        {
            var members = db.Set<ResidentRecord>().Where(r => r.HouseholdId == householdId).Select(r => r.Id);
            var applied = await pending.CountAsync(a => members.Contains(a.ResidentId), cancellationToken);
            if (applied >= householdCap)
            {
                broken.Add(new RuleViolation(Reasons.HouseholdCapReached,
                    $"At most {householdCap} of one household may apply for a slot, as at most {householdCap} can win it.",
                    new Dictionary<string, string>
                    {
                        ["household_cap"] = householdCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["applied"] = applied.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }));
            }
        }
        return broken;
    }

    private static Task<bool> DrawnAsync(CommunityShareDb db, string facilityId, Instant start, CancellationToken cancellationToken) =>
        db.Set<LotteryDraw>().AnyAsync(d => d.FacilityId == facilityId && d.Start == start, cancellationToken);

    private static async Task<LotteryApplication> FindMadeAsync(CommunityShareDb db, string resourceName, CancellationToken cancellationToken)
    {
        var id = resourceName.Split('/')[^1];
        return await db.Set<LotteryApplication>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
               ?? throw Problem.NotFound(resourceName);
    }

    private static string Format(Instant instant) => InstantPattern.General.Format(instant);
}
