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

/// <summary>The approval queue of an institution: requests waiting, soonest first; approve, or decline with a reason the resident is told.</summary>
public sealed class ApprovalsModel(BookingDesk desk, InstitutionRegistry institutions, ResidentRegistry residents, FacilityCatalog catalog, IClock clock)
    : AppPageModel, IRedisplay, IFormFields
{
    public const int Shown = 200;

    public sealed record Waiting(Booking Booking, string FacilityName, DateTimeZone Zone, string ResidentName);

    public Institution Institution { get; private set; } = null!;

    public IReadOnlyList<Waiting> Requests { get; private set; } = [];

    /// <summary>The booking whose decline was just refused, to show the problem on its row.</summary>
    [BindProperty]
    public string? Booking { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task OnGetAsync(string id) => await LoadAsync(id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostApproveAsync(string id, string facility) =>
        await ActAsync(id, facility, BookingAction.Approve, "");

    public async Task<IActionResult> OnPostDeclineAsync(string id, string facility) =>
        await ActAsync(id, facility, BookingAction.Decline, Reason ?? "");

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync((string)RouteData.Values["id"]!, cancellationToken);

    public string? FormField(string apiField) => apiField == "reason" ? nameof(Reason) : null;

    private async Task<IActionResult> ActAsync(string id, string? facility, BookingAction action, string argument)
    {
        var violations = new Violations();
        violations.Required(facility, "facility");
        violations.Required(Booking, "booking");
        var done = await desk.ActAsync(RequireMe(), facility ?? "", Booking ?? "", action, argument, null, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/institutions/{id}/approvals?{(action == BookingAction.Approve ? "approved" : "declined")}={done.Id}");
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("handle approvals");
        Institution = await institutions.GetAsync(id, cancellationToken);
        var now = clock.GetCurrentInstant();
        var page = await desk.ListAsync(me, new BookingFilter(null, null, [BookingState.PendingApproval], now, null, id), Shown, null,
            new Violations(), cancellationToken);
        var names = await residents.MaskedNamesAsync(page.Bookings.Select(b => b.ResidentId), cancellationToken);
        var facilities = await catalog.OfInstitutionAsync(id, cancellationToken);
        Requests = page.Bookings.Select(b => new Waiting(b, facilities[b.FacilityId].Name, facilities[b.FacilityId].Zone, names[b.ResidentId])).ToArray();
    }
}
