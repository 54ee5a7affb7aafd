using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

public sealed record SeriesPage(IReadOnlyList<SeriesView> Series, string NextPageToken);

/// <summary>Reads booking series and cancels them, one occurrence or the rest, for whoever may (as for bookings).</summary>
public sealed class SeriesDesk(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, ResidentRegistry residents)
{
    /// <summary>The resident (or whoever acts for them) and staff who oversee the facility.</summary>
    public async Task<SeriesView> GetAsync(Actor actor, string facilityId, string seriesId, CancellationToken cancellationToken)
    {
        var view = await SeriesViews.FindAsync(db, facilityId, seriesId, cancellationToken)
                   ?? throw Problem.NotFound(ResourceNames.BookingSeries(facilityId, seriesId));
        if (!await ActingFor.ResidentAsync(actor, view.Series.ResidentId, db, residents, cancellationToken))
        {
            actor.RequireOversee(running.JurisdictionOf(view.Facility), "see this series");
        }
        return view;
    }

    /// <summary>Newest first. Residents list their own (and those they act for); staff those of the facilities they oversee.</summary>
    public async Task<SeriesPage> ListAsync(Actor actor, string? facilityId, string? residentId, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var own = residentId is not null && await ActingFor.ResidentAsync(actor, residentId, db, residents, cancellationToken);
        if (!own && !actor.IsStaff)
        {
            if (residentId is not null)
            {
                throw Problem.PermissionDenied(Reasons.NotAllowed, "A resident can only list their own series.");
            }
            residentId = actor.ResidentId;
            own = true;
        }
        var fingerprint = $"series|{facilityId}|{residentId}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();

        var query = db.Set<BookingSeries>().AsNoTracking();
        if (facilityId is not null)
        {
            var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                           ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
            if (!own)
            {
                actor.RequireOversee(running.JurisdictionOf(facility), "see this facility's series");
            }
            query = query.Where(s => s.FacilityId == facilityId);
        }
        else if (!own)
        {
            var overseen = (await db.Facilities.AsNoTracking().Select(f => new { f.Id, f.PlaceCode, f.InstitutionId }).ToListAsync(cancellationToken))
                .Where(f => actor.Oversees(running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId))).Select(f => f.Id).ToArray();
            query = query.Where(s => overseen.Contains(s.FacilityId));
        }
        if (residentId is not null)
        {
            query = query.Where(s => s.ResidentId == residentId);
        }
        if (after is not null)
        {
            var time = Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture));
            var lastId = after[1];
            query = query.Where(s => s.CreateTime < time || (s.CreateTime == time && string.Compare(s.Id, lastId) < 0));
        }
        var rows = await query.OrderByDescending(s => s.CreateTime).ThenByDescending(s => s.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, shown[^1].CreateTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new SeriesPage(await SeriesViews.LoadAsync(db, shown, cancellationToken), next);
    }

    /// <summary>
    /// Cancels the occurrence on <paramref name="date"/> only, or every occurrence from it on that has
    /// not started: booked ones as their bookings (a late one goes on the credit record, as
    /// CancelBooking does), scheduled ones before they are booked. The resident (or whoever acts
    /// for them) and staff who manage the facility. Inside the booking guard, all or nothing.
    /// </summary>
    public async Task<SeriesView> CancelAsync(Actor actor, string facilityId, string seriesId, LocalDate? date, bool onlyThis, string reason,
        RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        violations.Check(date is null, "date", Reasons.Required, "is required: the occurrence, or the first of the rest, to cancel.");
        violations.MaxLength(reason, BookingDesk.MaxReasonLength, "reason");
        var view = await SeriesViews.FindAsync(db, facilityId, seriesId, cancellationToken);
        if (view is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(ResourceNames.BookingSeries(facilityId, seriesId));
        }
        if (!await ActingFor.ResidentAsync(actor, view.Series.ResidentId, db, residents, cancellationToken))
        {
            actor.RequireManage(running.JurisdictionOf(view.Facility), "cancel this series");
        }
        violations.Check(onlyThis && date is { } d && view.Occurrences.All(o => o.Occurrence.Date != d), "date", Reasons.OutOfRange,
            "is not a date this series meets.");
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return view;
        }
        var now = clock.GetCurrentInstant();
        var name = ResourceNames.BookingSeries(facilityId, seriesId);
        var from = date!.Value;
        await guard.RunAsync(db, (writeDb, ct) => AllOrNothing.RunAsync(writeDb, "series_cancel", async () =>
        {
            var series = await writeDb.Set<BookingSeries>().FirstAsync(s => s.Id == seriesId, ct);
            var occurrences = await writeDb.Set<SeriesOccurrence>()
                .Where(o => o.SeriesId == seriesId && (onlyThis ? o.Date == from : o.Date >= from)).ToListAsync(ct);
            var bookingIds = occurrences.Where(o => o.BookingId != null).Select(o => o.BookingId!).ToArray();
            var bookings = await writeDb.Bookings.Where(b => bookingIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
            foreach (var occurrence in occurrences)
            {
                if (occurrence.State == OccurrenceState.Scheduled)
                {
                    occurrence.Cancel(now);
                }
                else if (occurrence.BookingId is { } id && bookings.TryGetValue(id, out var booking) && (onlyThis || booking.MayCancelAt(now)))
                {
                    // Only this one: the booking's own rules answer (already started, already cancelled).
                    booking.Cancel(reason.Trim(), now);
                    if (booking.LateCancellation)
                    {
                        CreditRecords.Append(writeDb, CreditEventKind.LateCancellation, booking, view.Facility.PlaceCode,
                            $"于 {Local(now)} 取消固定场次，晚于免费取消截止时间 {Local(booking.CancellationDeadline)}。", actor.ResourceName, now);
                    }
                }
                else if (onlyThis)
                {
                    throw Problem.Broken(Reasons.StateDoesNotAllow, $"An occurrence that is {occurrence.State} cannot be cancelled.",
                        new Dictionary<string, string> { ["state"] = occurrence.State.ToString(), ["action"] = "cancel" });
                }
            }
            if (onlyThis)
            {
                series.Touch(now);
            }
            else
            {
                series.CancelFrom(from, reason.Trim(), now);
            }
            new RequestLedger(writeDb).Record(requestKey, name, now);
            await writeDb.SaveChangesAsync(ct);
            return name;
        }, ct), cancellationToken);
        return await SeriesViews.FindAsync(db, facilityId, seriesId, cancellationToken) ?? throw Problem.NotFound(name);
    }

    /// <summary>Local time of the district, as residents read it in their record.</summary>
    private static string Local(Instant instant) =>
        NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm")
            .Format(instant.InZone(DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone]).LocalDateTime);
}
