using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Waitlist;

/// <summary>
/// The resident's waitlist: an offer first, with its deadline and a button to take it (which makes it
/// their booking) or turn it down; then the lines they wait in, with their place; then what became of
/// the others. The same use cases as WaitlistService (<see cref="WaitlistDesk"/>).
/// </summary>
public sealed class MyWaitlistModel(WaitlistDesk desk, Availability availability, IClock clock) : AppPageModel, IRedisplay
{
    public const int Shown = 100;

    public sealed record Row(string FacilityId, string EntryId, string FacilityName, string When, int PartySize, WaitlistEntryState State,
        int Position, string Deadline, string BookingLink)
    {
        public string Name => ResourceNames.WaitlistEntry(FacilityId, EntryId);
    }

    /// <summary>Offers standing, then the lines waited in, soonest slot first.</summary>
    public IReadOnlyList<Row> Active { get; private set; } = [];

    public IReadOnlyList<Row> Ended { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Joined { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Withdrawn { get; set; }

    public Task OnGetAsync() => LoadAsync(HttpContext.RequestAborted);

    /// <summary>Takes the offer: the place becomes the resident's booking, shown as made.</summary>
    public async Task<IActionResult> OnPostAcceptAsync(string facility, string entry)
    {
        var violations = new Violations();
        violations.Required(facility, "facility");
        violations.Required(entry, "entry");
        var accepted = await desk.AcceptAsync(RequireMe(), facility ?? "", entry ?? "", null, violations, HttpContext.RequestAborted);
        return Redirect($"/bookings/{accepted.Entry.FacilityId}/{accepted.Entry.BookingId}?made=true");
    }

    /// <summary>Leaves the line, or turns the offer down (its place goes to the next in line).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(string facility, string entry)
    {
        var violations = new Violations();
        violations.Required(facility, "facility");
        violations.Required(entry, "entry");
        await desk.WithdrawAsync(RequireMe(), facility ?? "", entry ?? "", null, violations, HttpContext.RequestAborted);
        return Redirect("/waitlist?withdrawn=true");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        if (me.ResidentId is null)
        {
            return;
        }
        var page = await desk.ListAsync(me, new WaitlistFilter(null, me.ResidentId, []), Shown, null, new Violations(), cancellationToken);
        var facilities = (await availability.CatalogueAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var now = clock.GetCurrentInstant();
        var rows = page.Entries.Select(view =>
        {
            var e = view.Entry;
            var facility = facilities.GetValueOrDefault(e.FacilityId);
            var zone = facility?.Zone ?? DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone];
            // An offer past its deadline can no longer be taken, even before the sweep marks it expired.
            var state = e.OfferLapsedAt(now) ? WaitlistEntryState.Expired : e.State;
            return (Entry: e, Row: new Row(e.FacilityId, e.Id, facility?.Name ?? e.FacilityId, LocalTimes.Slot(e.Slot, zone), e.PartySize, state,
                view.Position, e.OfferDeadline is { } d ? LocalTimes.DateTime(d.InZone(zone).LocalDateTime) : "",
                e.State == WaitlistEntryState.Accepted ? $"/bookings/{e.FacilityId}/{e.BookingId}" : ""));
        }).ToArray();
        Active = rows.Where(r => r.Row.State is WaitlistEntryState.Waiting or WaitlistEntryState.Offered)
            .OrderBy(r => r.Row.State == WaitlistEntryState.Offered ? 0 : 1).ThenBy(r => r.Entry.Start).Select(r => r.Row).ToArray();
        Ended = rows.Where(r => !Active.Contains(r.Row)).OrderByDescending(r => r.Entry.Start).Select(r => r.Row).ToArray();
    }
}
