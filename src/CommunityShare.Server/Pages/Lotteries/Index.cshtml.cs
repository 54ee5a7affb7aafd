using CommunityShare.Domain;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Lotteries;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Lotteries;

/// <summary>
/// The resident's lottery applications (我的摇号): those waiting for their draw, with when it runs and a
/// button to withdraw; then the results, with the rank, the booking won or why not, and the draw's
/// published seed. The same use cases as LotteryService (<see cref="LotteryDesk"/>).
/// </summary>
public sealed class MyLotteriesModel(LotteryDesk desk, Availability availability) : AppPageModel, IRedisplay
{
    public const int Shown = 100;

    public sealed record Row(string FacilityId, string ApplicationId, string FacilityName, string When, int PartySize, LotteryApplicationState State,
        string Close, decimal Weight, IReadOnlyList<string> WeightReasons, int? Rank, string BookingLink, IReadOnlyList<string> Outcome, string DrawId,
        string Seed, int Applicants, int Capacity)
    {
        public string Name => ResourceNames.LotteryApplication(FacilityId, ApplicationId);
    }

    public IReadOnlyList<Row> Pending { get; private set; } = [];

    public IReadOnlyList<Row> Decided { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Applied { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Withdrawn { get; set; }

    public Task OnGetAsync() => LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostWithdrawAsync(string facility, string application)
    {
        var violations = new Violations();
        violations.Required(facility, "facility");
        violations.Required(application, "application");
        violations.ThrowIfAny();
        await desk.WithdrawAsync(RequireMe(), facility, application, null, HttpContext.RequestAborted);
        return Redirect("/lotteries?withdrawn=true");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        if (me.ResidentId is null)
        {
            return;
        }
        var page = await desk.ListAsync(me, null, me.ResidentId, Shown, null, new Violations(), cancellationToken);
        var facilities = (await availability.CatalogueAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var draws = new Dictionary<(string, Instant), LotteryDraw>();
        foreach (var a in page.Applications.Where(a => a.Rank is not null))
        {
            if (!draws.ContainsKey((a.FacilityId, a.Start)))
            {
                draws[(a.FacilityId, a.Start)] = (await desk.GetDrawAsync(a.FacilityId, LotteryDraw.IdOf(a.Start), cancellationToken)).Draw;
            }
        }
        var rows = page.Applications.Select(a =>
        {
            var facility = facilities.GetValueOrDefault(a.FacilityId);
            var zone = facility?.Zone ?? DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone];
            var draw = draws.GetValueOrDefault((a.FacilityId, a.Start));
            return new Row(a.FacilityId, a.Id, facility?.Name ?? a.FacilityId, LocalTimes.Slot(a.Slot, zone), a.PartySize, a.State,
                LocalTimes.DateTime(a.CloseTime.InZone(zone).LocalDateTime), a.Weight / 100m, [.. LotteryMapping.WeightReasons(a)], a.Rank,
                a.BookingId is null ? "" : $"/bookings/{a.FacilityId}/{a.BookingId}", [.. a.Outcome.Select(r => r.Reason)],
                draw?.Id ?? "", draw?.Seed ?? "", draw?.Applicants ?? 0, draw?.Capacity ?? 0);
        }).ToArray();
        Pending = rows.Where(r => r.State == LotteryApplicationState.Pending).ToArray();
        Decided = rows.Where(r => r.State != LotteryApplicationState.Pending).ToArray();
    }
}
