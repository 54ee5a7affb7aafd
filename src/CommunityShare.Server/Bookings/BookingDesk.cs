using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

public enum BookingAction
{
    Cancel,
    Approve,
    Decline,
    CheckIn,
    MarkNoShow,
}

/// <param name="InstitutionId">Only bookings at this institution's facilities (staff who oversee it).</param>
/// <param name="CheckInCode">Only the booking with this check-in code, as a resident shows it at the door (staff).</param>
public sealed record BookingFilter(string? FacilityId, string? ResidentId, IReadOnlyCollection<BookingState> States, Instant? EndAfter, Instant? StartBefore,
    string? InstitutionId = null, string? CheckInCode = null);

public sealed record BookingPage(IReadOnlyList<Booking> Bookings, string NextPageToken);

/// <summary>
/// Reads bookings and moves them through their states, for whoever may do so. A change that frees
/// places (a cancellation, a declined request, a no-show) is made inside the booking guard, and the
/// places go to the waitlist in the same write.
/// </summary>
public sealed class BookingDesk(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, Residents.ResidentRegistry residents, IBookingGuard guard,
    WaitlistOffers offers, NotificationChannelOn channelOn)
{
    public const int MaxReasonLength = 500;

    /// <summary>Templates of the text a resident gets when staff decide their request.</summary>
    public const string ApprovedTemplate = "booking.approved";
    public const string DeclinedTemplate = "booking.declined";

    public async Task<Booking> GetAsync(Actor actor, string facilityId, string bookingId, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId && b.FacilityId == facilityId, cancellationToken)
                      ?? throw Problem.NotFound(ResourceNames.Booking(facilityId, bookingId));
        if (booking.ResidentId != actor.ResidentId && !await ActsForAsync(actor, booking.ResidentId, cancellationToken))
        {
            actor.RequireOversee(await JurisdictionOfAsync(booking.FacilityId, cancellationToken), "see this booking");
        }
        return booking;
    }

    public async Task<BookingPage> ListAsync(Actor actor, BookingFilter filter, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        // Everyone may list their own bookings (and a proxy those of whom they act for); staff list
        // those of the facilities they oversee.
        string[]? overseen = null;
        var ownOnly = filter.ResidentId is not null
                      && (filter.ResidentId == actor.ResidentId || await ActsForAsync(actor, filter.ResidentId, cancellationToken));
        if (!ownOnly && !actor.IsStaff)
        {
            if (filter.ResidentId is not null)
            {
                throw Problem.PermissionDenied(Reasons.NotAllowed, "A resident can only list their own bookings.");
            }
            filter = filter with { ResidentId = actor.ResidentId };
        }
        else if (!ownOnly && filter.FacilityId is null)
        {
            overseen = (await db.Facilities.AsNoTracking().Select(f => new { f.Id, f.PlaceCode, f.InstitutionId }).ToListAsync(cancellationToken))
                .Where(f => actor.Oversees(running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId))).Select(f => f.Id).ToArray();
        }
        var fingerprint = $"{filter.FacilityId}|{filter.ResidentId}|{string.Join(",", filter.States.Order())}|{filter.EndAfter}|{filter.StartBefore}"
                          + $"|{filter.InstitutionId}|{filter.CheckInCode}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.MaxLength(filter.CheckInCode, 32, "check_in_code");
        violations.ThrowIfAny();
        if (filter.CheckInCode is not null)
        {
            actor.RequireStaff("look bookings up by check-in code");
        }

        var query = db.Bookings.AsNoTracking();
        if (filter.FacilityId is not null)
        {
            if (!await db.Facilities.AnyAsync(f => f.Id == filter.FacilityId, cancellationToken))
            {
                throw Problem.NotFound(ResourceNames.Facility(filter.FacilityId));
            }
            if (!ownOnly)
            {
                actor.RequireOversee(await JurisdictionOfAsync(filter.FacilityId, cancellationToken), "see this facility's bookings");
            }
            query = query.Where(b => b.FacilityId == filter.FacilityId);
        }
        if (overseen is not null)
        {
            query = query.Where(b => overseen.Contains(b.FacilityId));
        }
        if (filter.InstitutionId is not null)
        {
            var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == filter.InstitutionId)
                                  .Select(i => new Jurisdiction(i.PlaceCode, i.Id, null)).FirstOrDefaultAsync(cancellationToken)
                              ?? throw Problem.NotFound(ResourceNames.Institution(filter.InstitutionId));
            if (!ownOnly && !actor.Oversees(institution))
            {
                // Provider staff see the institution's bookings at the facilities their contracts run now, and only those.
                var run = (await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == filter.InstitutionId)
                        .Select(f => new { f.Id, f.PlaceCode, f.InstitutionId }).ToListAsync(cancellationToken))
                    .Where(f => actor.Oversees(running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId))).Select(f => f.Id).ToArray();
                if (run.Length == 0)
                {
                    actor.RequireOversee(institution, "see this institution's bookings");
                }
                query = query.Where(b => run.Contains(b.FacilityId));
            }
            var facilities = db.Facilities.Where(f => f.InstitutionId == filter.InstitutionId).Select(f => f.Id);
            query = query.Where(b => facilities.Contains(b.FacilityId));
        }
        if (filter.CheckInCode is not null)
        {
            var code = filter.CheckInCode.Trim().ToUpperInvariant();
            query = query.Where(b => b.CheckInCode == code);
        }
        if (filter.ResidentId is not null)
        {
            query = query.Where(b => b.ResidentId == filter.ResidentId);
        }
        if (filter.States.Count > 0)
        {
            // Completed is derived from checked-in; ask the store for both and sort it out below.
            var stored = filter.States.Select(s => s == BookingState.Completed ? BookingState.CheckedIn : s).Distinct().ToArray();
            query = query.Where(b => stored.Contains(b.State));
        }
        if (filter.EndAfter is { } endAfter)
        {
            query = query.Where(b => b.End > endAfter);
        }
        if (filter.StartBefore is { } startBefore)
        {
            query = query.Where(b => b.Start < startBefore);
        }
        if (after is not null)
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], System.Globalization.CultureInfo.InvariantCulture));
            var lastId = after[1];
            query = query.Where(b => b.Start > start || (b.Start == start && string.Compare(b.Id, lastId) > 0));
        }
        var now = clock.GetCurrentInstant();
        var rows = await query.OrderBy(b => b.Start).ThenBy(b => b.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, shown[^1].Start.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        if (filter.States.Count > 0)
        {
            shown = shown.Where(b => filter.States.Contains(b.StateAt(now))).ToArray();
        }
        return new BookingPage(shown, next);
    }

    public async Task<Booking> ActAsync(Actor actor, string facilityId, string bookingId, BookingAction action, string argument,
        RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        if (action is BookingAction.Decline)
        {
            violations.Required(argument, "reason");
        }
        if (action is BookingAction.Cancel or BookingAction.Decline)
        {
            violations.MaxLength(argument, MaxReasonLength, "reason");
        }
        if (action is BookingAction.CheckIn)
        {
            violations.Required(argument, "check_in_code");
        }
        violations.ThrowIfAny();

        var name = ResourceNames.Booking(facilityId, bookingId);
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId && b.FacilityId == facilityId, cancellationToken)
                      ?? throw Problem.NotFound(name);
        // Residents (and their proxies) cancel and check in their own bookings; staff of the facility do all of it.
        var own = booking.ResidentId == actor.ResidentId || await ActsForAsync(actor, booking.ResidentId, cancellationToken);
        if (action is not (BookingAction.Cancel or BookingAction.CheckIn) || !own)
        {
            if (action is not (BookingAction.Cancel or BookingAction.CheckIn))
            {
                actor.RequireStaff("approve, decline or record no-shows");
            }
            actor.RequireManage(await JurisdictionOfAsync(facilityId, cancellationToken), $"{Describe(action)} this booking");
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return booking;
        }
        var now = clock.GetCurrentInstant();
        if (action is BookingAction.Cancel or BookingAction.Decline or BookingAction.MarkNoShow)
        {
            return await guard.RunAsync(db, async (writeDb, ct) =>
            {
                var writeLedger = new RequestLedger(writeDb);
                var current = await writeDb.Bookings.FirstAsync(b => b.Id == bookingId && b.FacilityId == facilityId, ct);
                if (await writeLedger.FindAsync(requestKey, ct) is not null)
                {
                    return current; // a concurrent retry was written first
                }
                await ApplyAsync(writeDb, current, action, argument, actor, now, ct);
                writeLedger.Record(requestKey, name, now);
                if (action is BookingAction.Decline)
                {
                    await TellDecisionAsync(writeDb, current, now, ct);
                }
                await writeDb.SaveChangesAsync(ct);
                await offers.OfferFreedAsync(writeDb, [new FreedPlace(current.FacilityId, current.Slot)], now, ct);
                return current;
            }, cancellationToken);
        }
        await ApplyAsync(db, booking, action, argument, actor, now, cancellationToken);
        ledger.Record(requestKey, name, now);
        if (action is BookingAction.Approve)
        {
            await TellDecisionAsync(db, booking, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return booking;
    }

    /// <summary>
    /// The resident learns the answer to their request by text (and in their inbox), written with the
    /// decision so it is sent exactly when the decision stands: approved with the check-in code, or
    /// declined with the staff's reason.
    /// </summary>
    private async Task TellDecisionAsync(CommunityShareDb writeDb, Booking booking, Instant now, CancellationToken cancellationToken)
    {
        var mobile = await writeDb.Set<Residents.ResidentRecord>().AsNoTracking().Where(r => r.Id == booking.ResidentId)
            .Select(r => r.Mobile).FirstOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(mobile))
        {
            return; // no number to text; the decision is on the resident's bookings page
        }
        var facility = await writeDb.Facilities.AsNoTracking().Where(f => f.Id == booking.FacilityId)
            .Select(f => new { f.Name, f.TimeZoneId }).FirstAsync(cancellationToken);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(facility.TimeZoneId) ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var when = $"{Local(booking.Start, zone)}–{NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Format(booking.End.InZone(zone).TimeOfDay)}";
        var (template, text) = booking.State == BookingState.Declined
            ? (DeclinedTemplate, $"【社区共享】很抱歉，您申请的 {facility.Name} {when} 未获批准。原因：{booking.DeclineReason}。可在“我的预约”查看，或另选时段。")
            : (ApprovedTemplate, $"【社区共享】您申请的 {facility.Name} {when} 已获批准，签到码 {booking.CheckInCode}。如不能前来，请在“我的预约”中取消。");
        await channelOn(writeDb).SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(booking.ResidentId), mobile), template, text, now),
            cancellationToken);
    }

    private static string Local(Instant instant, DateTimeZone zone) =>
        NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("M'月'd'日' HH:mm").Format(instant.InZone(zone).LocalDateTime);

    private static async Task ApplyAsync(CommunityShareDb db, Booking booking, BookingAction action, string argument, Actor actor, Instant now,
        CancellationToken cancellationToken)
    {
        switch (action)
        {
            case BookingAction.Cancel:
                booking.Cancel(argument.Trim(), now);
                if (booking.LateCancellation)
                {
                    await RecordCreditAsync(db, CreditEventKind.LateCancellation, booking, actor,
                        $"于 {Format(now)} 取消，晚于免费取消截止时间 {Format(booking.CancellationDeadline)}。", now, cancellationToken);
                }
                break;
            case BookingAction.Approve:
                booking.Approve(now);
                break;
            case BookingAction.Decline:
                booking.Decline(argument.Trim(), now);
                break;
            case BookingAction.CheckIn:
                booking.CheckIn(argument, now);
                await RecordCreditAsync(db, CreditEventKind.KeptBooking, booking, actor, $"于 {Format(now)} 签到。", now, cancellationToken);
                break;
            case BookingAction.MarkNoShow:
                booking.MarkNoShow(now);
                await RecordCreditAsync(db, CreditEventKind.NoShow, booking, actor,
                    $"未签到，场地工作人员于 {Format(now)} 记为未到场。", now, cancellationToken);
                break;
        }
    }

    /// <summary>The credit record's entry for what just happened to the booking, saved with it.</summary>
    private static async Task RecordCreditAsync(CommunityShareDb db, CreditEventKind kind, Booking booking, Actor actor, string evidence, Instant now,
        CancellationToken cancellationToken)
    {
        var place = await db.Facilities.AsNoTracking().Where(f => f.Id == booking.FacilityId).Select(f => f.PlaceCode).FirstAsync(cancellationToken);
        CreditRecords.Append(db, kind, booking, place, evidence, actor.ResourceName, now);
    }

    /// <summary>Local time of the district, as residents read it in their record.</summary>
    private static string Format(Instant instant) =>
        NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm").Format(instant.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).LocalDateTime);

    /// <summary>A guardian or proxy with standing consent acts for the resident; checked only when someone else's booking is asked for.</summary>
    private async Task<bool> ActsForAsync(Actor actor, string residentId, CancellationToken cancellationToken) =>
        actor.IsResident && await db.Set<Residents.ResidentRecord>().AnyAsync(r => r.Id == residentId, cancellationToken)
                         && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is not null;

    private async Task<Jurisdiction> JurisdictionOfAsync(string facilityId, CancellationToken cancellationToken) =>
        await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId)
            .Select(f => new { f.Id, f.PlaceCode, f.InstitutionId })
            .FirstOrDefaultAsync(cancellationToken) is { } f
            ? running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId)
            : throw Problem.NotFound(ResourceNames.Facility(facilityId));

    private static string Describe(BookingAction action) => action switch
    {
        BookingAction.Cancel => "cancel",
        BookingAction.Approve => "approve",
        BookingAction.Decline => "decline",
        BookingAction.CheckIn => "check in",
        _ => "record a no-show for",
    };
}
