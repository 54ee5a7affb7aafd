using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Bookings;

/// <summary>
/// The resident's bookings: upcoming ones soonest first (with the check-in code, its QR image, an
/// .ics file and cancel with its deadline), then the last 30 days' past ones, latest first.
/// </summary>
public sealed class MyBookingsModel(BookingDesk desk, Availability availability, Gazetteer gazetteer, CommunityShareDb db, IClock clock)
    : AppPageModel, IRedisplay
{
    public const int Shown = 50;

    public sealed record Row(string Name, string FacilityId, string BookingId, string FacilityName, string InstitutionName, string When,
        int PartySize, BookingState State, bool CanCancel, string Deadline, bool DeadlinePassed, string CheckInCode)
    {
        public string Link => $"/bookings/{FacilityId}/{BookingId}";

        public bool ShowsCode => State is BookingState.Confirmed or BookingState.PendingApproval;
    }

    public IReadOnlyList<Row> Upcoming { get; private set; } = [];

    public IReadOnlyList<Row> Past { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Cancelled { get; set; }

    public Task OnGetAsync() => LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostCancelAsync(string facility, string booking)
    {
        var violations = new Violations();
        violations.Required(facility, "facility");
        violations.Required(booking, "booking");
        await desk.ActAsync(RequireMe(), facility ?? "", booking ?? "", BookingAction.Cancel, "", null, violations, HttpContext.RequestAborted);
        return RedirectToPage(new { cancelled = true });
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        if (me.ResidentId is null)
        {
            return;
        }
        var now = clock.GetCurrentInstant();
        var page = await desk.ListAsync(me, new BookingFilter(null, me.ResidentId, [], now - Duration.FromDays(30), null), Shown, null,
            new Violations(), cancellationToken);
        // Names from the catalogue kept in memory: one query for the bookings, none per facility.
        var facilities = (await availability.CatalogueAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var names = await gazetteer.GetAsync(db, cancellationToken);
        var rows = new List<(Booking Booking, Row Row)>();
        foreach (var b in page.Bookings)
        {
            var facility = facilities.GetValueOrDefault(b.FacilityId);
            var zone = facility?.Zone ?? DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone];
            var institution = facility is not null && names.Institutions.TryGetValue(facility.InstitutionId, out var i) ? i.Name : "";
            var state = b.StateAt(now);
            rows.Add((b, new Row(ResourceNames.Booking(b.FacilityId, b.Id), b.FacilityId, b.Id, facility?.Name ?? b.FacilityId, institution,
                LocalTimes.Slot(b.Slot, zone), b.PartySize, state, state is BookingState.PendingApproval or BookingState.Confirmed && b.Start > now,
                LocalTimes.DateTime(b.CancellationDeadline.InZone(zone).LocalDateTime),
                state == BookingState.Confirmed && now > b.CancellationDeadline, b.CheckInCode)));
        }
        Upcoming = rows.Where(r => r.Booking.End > now && r.Row.State is not (BookingState.Cancelled or BookingState.Declined))
            .Select(r => r.Row).ToArray();
        Past = rows.Where(r => !(r.Booking.End > now && r.Row.State is not (BookingState.Cancelled or BookingState.Declined)))
            .OrderByDescending(r => r.Booking.Start).Select(r => r.Row).ToArray();
    }
}
