using System.Text;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Bookings;

/// <summary>
/// One booking: its state said plainly, the check-in code and its QR image, and an .ics file.
/// Who may see it is <see cref="BookingDesk.GetAsync"/>'s decision (the resident, or staff who
/// oversee the facility), for the page, the image and the file alike.
/// </summary>
public sealed class BookingDetailModel(BookingDesk desk, Availability availability, Gazetteer gazetteer, CommunityShareDb db, IClock clock)
    : AppPageModel
{
    public Booking Booking { get; private set; } = null!;

    public Facility Facility { get; private set; } = null!;

    public string InstitutionName { get; private set; } = "";

    public string Address { get; private set; } = "";

    public BookingState State { get; private set; }

    public bool CanCancel { get; private set; }

    public bool CancellationIsLate { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Made { get; set; }

    public string CalendarLink => $"/bookings/{Booking.FacilityId}/{Booking.Id}/calendar";

    public string QrLink => $"/bookings/{Booking.FacilityId}/{Booking.Id}/qr";

    public async Task OnGetAsync(string facility, string booking)
    {
        await LoadAsync(facility, booking);
        var now = clock.GetCurrentInstant();
        State = Booking.StateAt(now);
        CanCancel = State is BookingState.PendingApproval or BookingState.Confirmed && Booking.Start > now;
        CancellationIsLate = State == BookingState.Confirmed && now > Booking.CancellationDeadline;
    }

    public async Task<IActionResult> OnGetQrAsync(string facility, string booking)
    {
        await LoadAsync(facility, booking);
        return Content(CheckInCodeImage.Svg(Booking.CheckInCode), CheckInCodeImage.MediaType);
    }

    public async Task<IActionResult> OnGetCalendarAsync(string facility, string booking)
    {
        await LoadAsync(facility, booking);
        var text = BookingCalendar.Write(Booking, Facility, InstitutionName, Address, clock.GetCurrentInstant());
        return File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), BookingCalendar.MediaType, BookingCalendar.FileName(Booking));
    }

    private async Task LoadAsync(string facilityId, string bookingId)
    {
        var cancellationToken = HttpContext.RequestAborted;
        Booking = await desk.GetAsync(RequireMe(), facilityId, bookingId, cancellationToken);
        var all = await availability.CatalogueAsync(cancellationToken);
        Facility = all.First(f => f.Id == Booking.FacilityId);
        var names = await gazetteer.GetAsync(db, cancellationToken);
        if (names.Institutions.TryGetValue(Facility.InstitutionId, out var institution))
        {
            InstitutionName = institution.Name;
            Address = institution.Address;
        }
    }
}
