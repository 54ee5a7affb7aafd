using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Bookings;

/// <summary>The resident's bookings, soonest first, with cancel for those that can still be cancelled.</summary>
public sealed class MyBookingsModel(BookingDesk desk, FacilityCatalog catalog, IClock clock) : AppPageModel, IRedisplay
{
    public const int Shown = 50;

    public sealed record Row(string Name, string FacilityId, string BookingId, string FacilityName, string When, int PartySize,
        BookingState State, bool CanCancel, string Deadline);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

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
        var names = new Dictionary<string, (string Name, DateTimeZone Zone)>();
        var rows = new List<Row>();
        foreach (var b in page.Bookings)
        {
            if (!names.TryGetValue(b.FacilityId, out var facility))
            {
                var f = (await catalog.GetAsync(b.FacilityId, cancellationToken)).Facility;
                names[b.FacilityId] = facility = (f.Name, f.Zone);
            }
            var state = b.StateAt(now);
            rows.Add(new Row(ResourceNames.Booking(b.FacilityId, b.Id), b.FacilityId, b.Id, facility.Name, Describe(b.Slot, facility.Zone),
                b.PartySize, state, state is BookingState.PendingApproval or BookingState.Confirmed && b.Start > now,
                Format(b.CancellationDeadline.InZone(facility.Zone).LocalDateTime)));
        }
        Rows = rows;
    }

    private static string Describe(Interval slot, DateTimeZone zone)
    {
        var start = slot.Start.InZone(zone).LocalDateTime;
        var end = slot.End.InZone(zone).LocalDateTime;
        return $"{Format(start)}–{LocalTimePattern.Create("HH:mm", CultureInfo.InvariantCulture).Format(end.TimeOfDay)}";
    }

    private static string Format(LocalDateTime time) =>
        LocalDateTimePattern.Create(CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "zh" ? "M'月'd'日' ddd HH:mm" : "ddd d MMM HH:mm",
            CultureInfo.CurrentCulture).Format(time);
}
