using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Institutions;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Institutions;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage.Institutions;

/// <summary>
/// An institution's day at the door: check a resident in by the code they show (typed, or read from
/// their QR code), today's bookings in order, and no-shows for those who did not come.
/// </summary>
public sealed class TodayModel(BookingDesk desk, InstitutionRegistry institutions, ResidentRegistry residents, FacilityCatalog catalog, IClock clock)
    : AppPageModel, IRedisplay, IFormFields
{
    public const int Shown = 500;

    public sealed record Visit(Booking Booking, BookingState State, string FacilityName, DateTimeZone Zone, string ResidentName, bool CanMarkNoShow);

    public Institution Institution { get; private set; } = null!;

    public LocalDate Today { get; private set; }

    public Instant Now { get; private set; }

    public IReadOnlyList<Visit> Visits { get; private set; } = [];

    [BindProperty]
    public string? Code { get; set; }

    public async Task OnGetAsync(string id) => await LoadAsync(id, HttpContext.RequestAborted);

    /// <summary>Finds today's booking here with the code and checks it in; the code is the booking's key, as on CheckInBooking.</summary>
    public async Task<IActionResult> OnPostCheckInAsync(string id)
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        await LoadAsync(id, cancellationToken);
        var violations = new Violations();
        violations.Required(Code, "check_in_code");
        var (start, end) = TodayBounds();
        var found = violations.Any ? null
            : (await desk.ListAsync(me, new BookingFilter(null, null, [], start, end, id, Code), 2, null, violations, cancellationToken))
            .Bookings.FirstOrDefault(b => b.Start < end);
        if (found is null)
        {
            violations.Check(!violations.Any, "check_in_code", Reasons.CheckInCodeMismatch, "no booking here today has this code.");
            violations.ThrowIfAny();
        }
        var booking = await desk.ActAsync(me, found!.FacilityId, found.Id, BookingAction.CheckIn, Code!, null, violations, cancellationToken);
        return Redirect($"/manage/institutions/{id}/today?checkedIn={booking.Id}");
    }

    public async Task<IActionResult> OnPostNoShowAsync(string id, string facility, string booking)
    {
        var violations = new Violations();
        violations.Required(facility, "facility");
        violations.Required(booking, "booking");
        var done = await desk.ActAsync(RequireMe(), facility ?? "", booking ?? "", BookingAction.MarkNoShow, "", null, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/institutions/{id}/today?noShow={done.Id}");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync((string)RouteData.Values["id"]!, cancellationToken);

    public string? FormField(string apiField) => apiField == "check_in_code" ? nameof(Code) : null;

    private (Instant Start, Instant End) TodayBounds()
    {
        var zone = DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone];
        return (Today.AtStartOfDayInZone(zone).ToInstant(), Today.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("run the door");
        Institution = await institutions.GetAsync(id, cancellationToken);
        var now = clock.GetCurrentInstant();
        Now = now;
        Today = now.InZone(DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone]).Date;
        var (start, end) = TodayBounds();
        var page = await desk.ListAsync(me, new BookingFilter(null, null, [], start, end, id), Shown, null, new Violations(), cancellationToken);
        var names = await residents.MaskedNamesAsync(page.Bookings.Select(b => b.ResidentId), cancellationToken);
        var facilities = await catalog.OfInstitutionAsync(id, cancellationToken);
        Visits = page.Bookings
            .Where(b => b.Start >= start && b.State is not (BookingState.Cancelled or BookingState.Declined))
            .Select(b =>
            {
                var state = b.StateAt(now);
                return new Visit(b, state, facilities[b.FacilityId].Name, facilities[b.FacilityId].Zone, names[b.ResidentId],
                    state == BookingState.Confirmed && b.Start <= now);
            })
            .ToArray();
    }
}
