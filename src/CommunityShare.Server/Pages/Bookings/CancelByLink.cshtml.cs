using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Bookings;

/// <summary>
/// The one-step cancel of the reminder's link: no sign-in (the link was sent to the resident's
/// phone), the booking shown, one button; the cancellation is the resident's, under the same rules.
/// </summary>
public sealed class CancelByLinkModel(CancelLinks links, BookingDesk desk, FacilityCatalog catalog) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public Booking Booking { get; private set; } = null!;

    public string FacilityName { get; private set; } = "";

    public NodaTime.DateTimeZone Zone { get; private set; } = NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public async Task OnGetAsync(string facility, string booking) => await LoadAsync(facility, booking);

    public async Task<IActionResult> OnPostAsync(string facility, string booking)
    {
        var resident = await LoadAsync(facility, booking);
        await desk.ActAsync(resident, facility, booking, BookingAction.Cancel, "短信一键取消", null, new Violations(), HttpContext.RequestAborted);
        return Redirect($"/bookings/{facility}/{booking}/cancel?token={Uri.EscapeDataString(Token ?? "")}&done=true");
    }

    /// <summary>The resident the link speaks for; a link that is not for this booking, or has expired, opens nothing.</summary>
    private async Task<Actor> LoadAsync(string facility, string booking)
    {
        var residentId = links.ResidentFor(facility, booking, Token)
                         ?? throw Problem.PermissionDenied(Reasons.CancelLinkInvalid,
                             "This cancel link is not for this booking, or the booking has started. Sign in to see your bookings.");
        var resident = Actor.Resident(residentId);
        Booking = await desk.GetAsync(resident, facility, booking, HttpContext.RequestAborted);
        var f = (await catalog.GetAsync(facility, HttpContext.RequestAborted)).Facility;
        (FacilityName, Zone) = (f.Name, f.Zone);
        return resident;
    }
}
