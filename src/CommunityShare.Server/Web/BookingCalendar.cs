using System.Globalization;
using Calendar = Ical.Net.Calendar;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace CommunityShare.Server.Web;

/// <summary>A booking as an iCalendar file (RFC 5545), in the facility's zone, stamped by the injected clock.</summary>
public static class BookingCalendar
{
    public const string MediaType = "text/calendar; charset=utf-8";

    public static string Write(Booking booking, Facility facility, string institutionName, string address, Instant now)
    {
        var zone = facility.Zone;
        var calendar = new Calendar { ProductId = "-//CommunityShare//Bookings//ZH" };
        calendar.AddTimeZone(zone.Id);
        var start = booking.Start.InZone(zone).LocalDateTime;
        var end = booking.End.InZone(zone).LocalDateTime;
        var calendarEvent = new CalendarEvent
        {
            Uid = $"{booking.Id}@communityshare",
            Summary = $"{facility.Name}（{institutionName}）",
            Location = address,
            Description = $"签到码 Check-in code: {booking.CheckInCode}",
            DtStart = new CalDateTime(start.ToDateTimeUnspecified(), zone.Id),
            DtEnd = new CalDateTime(end.ToDateTimeUnspecified(), zone.Id),
            // Deterministic: the injected clock, not the library's wall-clock default.
            DtStamp = new CalDateTime(now.ToDateTimeUtc(), "UTC"),
            Status = booking.State == BookingState.PendingApproval ? "TENTATIVE" : "CONFIRMED",
        };
        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static string FileName(Booking booking) => string.Create(CultureInfo.InvariantCulture, $"booking-{booking.Id}.ics");
}
