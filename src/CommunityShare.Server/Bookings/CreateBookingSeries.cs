using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Hardening;
using CommunityShare.Server.Policies;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <param name="Consent">How the resident consented, as counter staff state it; null otherwise.</param>
public sealed record SeriesDraft(string FacilityId, string? ResidentId, string DisplayName, IReadOnlyList<IsoDayOfWeek> Days, LocalTime? StartTime,
    int Slots, LocalDate? FirstDate, LocalDate? LastDate, int PartySize, ProxyConsent? Consent = null);

/// <summary>
/// Creates a weekly series (固定场次) at once. Each meeting is an occurrence judged by exactly the
/// rules of <see cref="CreateBooking"/>: the timing rules first, then, inside the booking guard and
/// in date order, the credit record, the places taken, the facility's limits, the district's quotas
/// (per occurrence, each counting the occurrences booked before it) and a lottery still to be
/// drawn. Those that pass are booked; those that do not are rejected with every reason, without
/// failing the rest; those whose date is not yet released wait (SCHEDULED) and are booked by
/// <see cref="SeriesRelease"/> at their release like anyone's booking, so a series never reaches
/// further ahead than a single booking could. The series, its occurrences and its bookings are
/// written together, or not at all; a series nothing of which could be booked or scheduled is not
/// made (NO_OCCURRENCE, with every reason).
/// </summary>
public sealed class CreateBookingSeries(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, FacilitySnapshots snapshots,
    CreateBooking create, BookingThrottle throttle, CreditRecords credit, QuotaPolicies quotas)
{
    private sealed record Plan(LocalDate Date, Interval Slot, List<RuleViolation> Timing, Instant? Release);

    public async Task<SeriesView> HandleAsync(Actor actor, SeriesDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        var residentId = draft.ResidentId ?? actor.ResidentId ?? throw Problem.Invalid(
            [.. violations.Items, new FieldViolation("booking_series.resident", Reasons.Required, "is required when staff book for a resident, as residents/{id}.")]);
        violations.Check(draft.StartTime is null, "booking_series.start_time", Reasons.Required, "is required.");
        violations.Check(draft.FirstDate is null, "booking_series.first_date", Reasons.Required, "is required.");
        violations.Check(draft.LastDate is null, "booking_series.last_date", Reasons.Required, "is required.");
        BookingSeries.Validate(draft.Days, draft.FirstDate, draft.LastDate, draft.Slots, violations, "booking_series");
        violations.MaxLength(draft.DisplayName.Trim(), BookingSeries.MaxDisplayNameLength, "booking_series.display_name");
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!violations.Any && await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await LoadAsync(done, cancellationToken);
        }

        var now = clock.GetCurrentInstant();
        var (facility, family, blackouts) = await snapshots.GetAsync(db, draft.FacilityId, now, cancellationToken);
        var consentProblems = new Violations();
        var consent = residentId == actor.ResidentId
            ? ProxyConsent.Own
            : await create.ConsentAsync(actor, residentId, draft.Consent, running.JurisdictionOf(facility), consentProblems, cancellationToken);
        ViolationPaths.CopyUnder(consentProblems, violations, "booking", "booking_series");
        var today = now.InZone(facility.Zone).Date;
        violations.Check(draft.FirstDate < today, "booking_series.first_date", Reasons.OutOfRange, "must not be before today.");
        violations.ThrowIfAny();
        throttle.Require(residentId);

        var pattern = new WeeklyPattern(draft.Days, draft.StartTime!.Value, draft.Slots);
        var term = new DateInterval(draft.FirstDate!.Value, draft.LastDate!.Value);
        var plans = pattern.Meetings(term).Select(local =>
        {
            var start = local.InZoneLeniently(facility.Zone).ToInstant();
            var slot = new Interval(start, start + facility.Rules.SlotLength * draft.Slots);
            var timing = Admission.CheckTiming(facility, blackouts, slot, draft.PartySize, now);
            // Only the release stands in the way: it waits for it, as anyone would.
            Instant? release = timing is [{ Reason: Reasons.TooFarAhead }] ? facility.Rules.ReleaseOf(local.Date, facility.Zone) : null;
            return new Plan(local.Date, slot, timing, release);
        }).ToArray();
        var standing = await credit.StandingAsync(db, residentId, now, cancellationToken);
        var bar = Admission.CheckCredit(facility, standing);
        var admitted = Admission.StateFor(facility.Rules, standing);
        var (quotaPolicy, _) = await quotas.GetAsync(db, cancellationToken);

        var name = await guard.RunAsync(db, (writeDb, ct) => AllOrNothing.RunAsync(writeDb, "booking_series", async () =>
        {
            var writeLedger = new RequestLedger(writeDb);
            if (await writeLedger.FindAsync(requestKey, ct) is { } raced)
            {
                return raced;
            }
            var series = new BookingSeries(Ids.New(), facility.Id, residentId, draft.DisplayName.Trim(), pattern, term, draft.PartySize,
                actor.ResourceName, consent, now);
            writeDb.Add(series);
            var occurrences = new List<SeriesOccurrence>();
            foreach (var plan in plans)
            {
                var occurrence = new SeriesOccurrence(series.Id, plan.Date, plan.Slot, now);
                writeDb.Add(occurrence);
                occurrences.Add(occurrence);
                if (plan.Release is { } release)
                {
                    occurrence.Schedule(release, now);
                    continue;
                }
                var broken = new List<RuleViolation>(plan.Timing);
                if (bar is not null)
                {
                    broken.Add(bar);
                }
                if (plan.Timing.Count == 0)
                {
                    broken.AddRange(await CreateBooking.CheckOccupancyAsync(writeDb, facility, family, residentId,
                        new BookingDraft(facility.Id, residentId, plan.Slot, draft.PartySize), quotaPolicy, now, ct));
                }
                if (broken.Count > 0)
                {
                    occurrence.Reject(broken, now);
                    continue;
                }
                var booking = new Booking(Ids.New(), facility.Id, residentId, plan.Slot, draft.PartySize, admitted.State, Ids.CheckInCode(),
                    actor.ResourceName, plan.Slot.Start - facility.Rules.CancellationDeadline, now, consent, admitted.OnCommitment, admitted.ApprovalReason);
                writeDb.Bookings.Add(booking);
                occurrence.Book(booking.Id, now);
                // Saved before the next occurrence is judged, so that limits and quotas count it.
                await writeDb.SaveChangesAsync(ct);
            }
            if (!occurrences.Any(o => o.State is OccurrenceState.Booked or OccurrenceState.Scheduled))
            {
                throw Problem.Broken(NothingToBook(occurrences));
            }
            var made = ResourceNames.BookingSeries(facility.Id, series.Id);
            writeLedger.Record(requestKey, made, now);
            await writeDb.SaveChangesAsync(ct);
            return made;
        }, ct), cancellationToken);
        return await LoadAsync(name, cancellationToken);
    }

    /// <summary>NO_OCCURRENCE first, then each reason the meetings met, once, with how many met it and the first date.</summary>
    private static List<RuleViolation> NothingToBook(List<SeriesOccurrence> occurrences)
    {
        var rules = new List<RuleViolation>
        {
            new(Reasons.NoOccurrence, $"None of the {occurrences.Count} meetings can be booked or scheduled.",
                new Dictionary<string, string> { ["occurrences"] = occurrences.Count.ToString(CultureInfo.InvariantCulture) }),
        };
        foreach (var group in occurrences.SelectMany(o => o.Rejections.Select(r => (o.Date, Rule: r))).GroupBy(x => x.Rule.Reason))
        {
            var first = group.First();
            rules.Add(first.Rule with
            {
                Metadata = new Dictionary<string, string>(first.Rule.Metadata)
                {
                    ["occurrences"] = group.Count().ToString(CultureInfo.InvariantCulture),
                    ["first_date"] = first.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            });
        }
        return rules;
    }

    private async Task<SeriesView> LoadAsync(string resourceName, CancellationToken cancellationToken)
    {
        var ids = resourceName.Split('/');
        return await SeriesViews.FindAsync(db, ids[1], ids[3], cancellationToken) ?? throw Problem.NotFound(resourceName);
    }
}
