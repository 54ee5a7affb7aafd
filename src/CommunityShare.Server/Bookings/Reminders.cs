using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Bookings;

/// <summary>
/// The day-before reminder ("still coming?"): a confirmed booking starting within 24 hours, made
/// more than 24 hours before its start, gets one text message with its check-in code and a
/// one-step cancel link, so that a place nobody will use goes back in time.
/// </summary>
public sealed class Reminders(CommunityShareDb db, Notices notices, CancelLinks links, IClock clock)
{
    public const string Template = "booking.reminder";
    public static readonly Duration Ahead = Duration.FromHours(24);

    private static readonly LocalDateTimePattern When = LocalDateTimePattern.CreateWithInvariantCulture("M'月'd'日' HH:mm");

    /// <summary>Sends the reminders due now; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var until = now + Ahead;
        var due = await (from b in db.Bookings.AsNoTracking()
                         join f in db.Facilities.AsNoTracking() on b.FacilityId equals f.Id
                         join r in db.Set<ResidentRecord>().AsNoTracking() on b.ResidentId equals r.Id
                         where b.State == BookingState.Confirmed && b.Start > now && b.Start <= until
                         orderby b.Start
                         select new { Booking = b, Facility = f.Name, f.TimeZoneId, r.Mobile }).Take(500).ToListAsync(cancellationToken);
        var sent = 0;
        // Booked within a day of its start: the resident has it fresh in mind.
        foreach (var d in due.Where(d => d.Booking.Start - d.Booking.CreateTime > Ahead))
        {
            var b = d.Booking;
            var local = b.Start.InZone(DateTimeZoneProviders.Tzdb[d.TimeZoneId]).LocalDateTime;
            var text = $"【社区共享】提醒：您预约的「{d.Facility}」{When.Format(local)} 开始，到场出示签到码 {b.CheckInCode}。"
                       + $"不去了？请点此一键取消，把位置留给别人：{links.For(b)}";
            if (await notices.SendOnceAsync("reminder:" + b.Id,
                    new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(b.ResidentId), d.Mobile), Template, text, now), cancellationToken))
            {
                sent++;
            }
        }
        return sent;
    }
}
