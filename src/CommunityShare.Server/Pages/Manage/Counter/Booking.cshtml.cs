using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage.Counter;

/// <summary>
/// A booking made (or held) for a resident, as the counter tells it: its state, where and when, the
/// check-in code to hand over, who made it (created_by) and how the resident consented.
/// </summary>
public sealed class CounterBookingModel(CounterDesk counter, Availability availability, Gazetteer gazetteer, CommunityShareDb db) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Made { get; set; }

    public Resident Resident { get; private set; } = null!;

    public CounterBooking Row { get; private set; } = null!;

    public Facility Facility { get; private set; } = null!;

    public string InstitutionName { get; private set; } = "";

    public string Address { get; private set; } = "";

    public async Task OnGetAsync(string id, string facility, string booking)
    {
        var cancellationToken = HttpContext.RequestAborted;
        (Resident, Row) = await counter.BookingAsync(RequireMe(), id, facility, booking, cancellationToken);
        Facility = (await availability.CatalogueAsync(cancellationToken)).First(f => f.Id == Row.Booking.FacilityId);
        var names = await gazetteer.GetAsync(db, cancellationToken);
        if (names.Institutions.TryGetValue(Facility.InstitutionId, out var institution))
        {
            (InstitutionName, Address) = (institution.Name, institution.Address);
        }
    }
}
