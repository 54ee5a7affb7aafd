using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <summary>
/// Books the occurrences of series whose date has been released, by the rules of
/// <see cref="CreateBooking"/> as they stand at the release (the record, places, limits, quotas),
/// inside the booking guard. One whose slot still waits for its lottery draw waits too; one that
/// cannot be booked is rejected with its reasons and the resident told (template
/// <see cref="RejectedTemplate"/>). Driven by the injected clock from <see cref="ReleaseSweep"/>.
/// </summary>
public sealed class SeriesRelease(CommunityShareDb db, IClock clock, IBookingGuard guard, FacilitySnapshots snapshots, CreditRecords credit,
    QuotaPolicies quotas, NotificationChannelOn channelOn)
{
    public const string RejectedTemplate = "series.occurrence_rejected";
    private const int Batch = 100;

    /// <summary>Decides every occurrence released by now; returns how many were booked or rejected.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.Set<SeriesOccurrence>().AsNoTracking()
            .Where(o => o.State == OccurrenceState.Scheduled && o.ReleaseTime <= now)
            .OrderBy(o => o.ReleaseTime).Select(o => o.SeriesId).Take(Batch).ToListAsync(cancellationToken);
        var decided = 0;
        foreach (var seriesId in due.Distinct())
        {
            decided += await guard.RunAsync(db, (writeDb, ct) => AllOrNothing.RunAsync(writeDb, "series_release",
                () => ReleaseAsync(writeDb, seriesId, now, ct), ct), cancellationToken);
        }
        return decided;
    }

    private async Task<int> ReleaseAsync(CommunityShareDb writeDb, string seriesId, Instant now, CancellationToken cancellationToken)
    {
        var series = await writeDb.Set<BookingSeries>().AsNoTracking().FirstAsync(s => s.Id == seriesId, cancellationToken);
        var due = await writeDb.Set<SeriesOccurrence>()
            .Where(o => o.SeriesId == seriesId && o.State == OccurrenceState.Scheduled && o.ReleaseTime <= now)
            .OrderBy(o => o.Date).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0; // decided by a sweep before this one
        }
        var (facility, family, blackouts) = await snapshots.GetAsync(writeDb, series.FacilityId, now, cancellationToken);
        var standing = await credit.StandingAsync(writeDb, series.ResidentId, now, cancellationToken);
        var bar = Admission.CheckCredit(facility, standing);
        var admitted = Admission.StateFor(facility.Rules, standing);
        var (quotaPolicy, _) = await quotas.GetAsync(writeDb, cancellationToken);
        var decided = 0;
        var rejected = new List<SeriesOccurrence>();
        foreach (var occurrence in due)
        {
            var timing = Admission.CheckTiming(facility, blackouts, occurrence.Slot, series.PartySize, now);
            if (timing is [{ Reason: Reasons.TooFarAhead }])
            {
                // The facility moved its release further out: wait for the new one.
                occurrence.Schedule(facility.Rules.ReleaseOf(occurrence.Date, facility.Zone), now);
                continue;
            }
            var broken = new List<RuleViolation>(timing);
            if (bar is not null)
            {
                broken.Add(bar);
            }
            if (timing.Count == 0)
            {
                broken.AddRange(await CreateBooking.CheckOccupancyAsync(writeDb, facility, family, series.ResidentId,
                    new BookingDraft(facility.Id, series.ResidentId, occurrence.Slot, series.PartySize), quotaPolicy, now, cancellationToken));
            }
            if (broken is [{ Reason: Reasons.LotteryDrawPending }])
            {
                continue; // after the draw, with what it leaves
            }
            decided++;
            if (broken.Count > 0)
            {
                occurrence.Reject(broken, now);
                rejected.Add(occurrence);
                continue;
            }
            var booking = new Booking(Ids.New(), facility.Id, series.ResidentId, occurrence.Slot, series.PartySize, admitted.State, Ids.CheckInCode(),
                series.CreatedBy, occurrence.Slot.Start - facility.Rules.CancellationDeadline, now, series.Consent, admitted.OnCommitment,
                admitted.ApprovalReason);
            writeDb.Bookings.Add(booking);
            occurrence.Book(booking.Id, now);
            await writeDb.SaveChangesAsync(cancellationToken);
        }
        if (rejected.Count > 0 && await writeDb.Set<ResidentRecord>().AsNoTracking().Where(r => r.Id == series.ResidentId)
                .Select(r => r.Mobile).FirstOrDefaultAsync(cancellationToken) is { Length: > 0 } mobile)
        {
            var channel = channelOn(writeDb);
            foreach (var occurrence in rejected)
            {
                var local = occurrence.Start.InZone(facility.Zone).LocalDateTime;
                var what = series.DisplayName.Length > 0 ? $"“{series.DisplayName}”" : "";
                await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(series.ResidentId), mobile), RejectedTemplate,
                    $"【社区共享】您在{facility.Name}的固定场次{what}{local:yyyy-MM-dd HH:mm} 未能预约（{string.Join("、", occurrence.Rejections.Select(r => r.Reason))}），"
                    + "其余场次不受影响，详见“我的固定场次”。", now), cancellationToken);
            }
        }
        await writeDb.SaveChangesAsync(cancellationToken);
        return decided;
    }
}
