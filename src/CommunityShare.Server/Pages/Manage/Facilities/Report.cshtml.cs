using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage.Facilities;

/// <summary>An institution reports damage or a broken rule at a booking, with its evidence, to the resident's credit record.</summary>
public sealed class ReportModel(BookingDesk desk, FacilityCatalog catalog, ResidentRegistry residents, CreditRecords records)
    : AppPageModel, IRedisplay, IFormFields
{
    public Booking Booking { get; private set; } = null!;

    public Facility Facility { get; private set; } = null!;

    public string ResidentName { get; private set; } = "";

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Evidence { get; set; }

    public async Task OnGetAsync(string id, string booking) => await LoadAsync(id, booking, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(string id, string booking)
    {
        var cancellationToken = HttpContext.RequestAborted;
        await LoadAsync(id, booking, cancellationToken);
        var violations = new Violations();
        CreditEventKind? kind = Kind switch
        {
            "Damage" => CreditEventKind.Damage,
            "RuleBreach" => CreditEventKind.RuleBreach,
            _ => null,
        };
        var entry = await records.ReportAsync(RequireMe(), Booking.ResidentId, kind, id, booking, Evidence, violations, cancellationToken);
        return Redirect($"/manage/institutions/{Facility.InstitutionId}/today?reported={entry.Id}");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "credit_event.kind" => nameof(Kind),
        "credit_event.evidence" => nameof(Evidence),
        _ => null,
    };

    private async Task LoadAsync(string facilityId, string bookingId, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("report to a credit record");
        Booking = await desk.GetAsync(me, facilityId, bookingId, cancellationToken);
        Facility = (await catalog.GetAsync(facilityId, cancellationToken)).Facility;
        ResidentName = (await residents.MaskedNamesAsync([Booking.ResidentId], cancellationToken))[Booking.ResidentId];
    }
}
