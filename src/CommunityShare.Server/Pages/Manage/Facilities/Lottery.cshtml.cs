using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Institutions;
using CommunityShare.Server.Lotteries;
using CommunityShare.Server.Web;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage.Facilities;

/// <summary>
/// A lottery facility's applications and draws for the staff who oversee it: per slot still to be
/// drawn, how many applied and when the draw runs; then the draws with their seeds, applicants,
/// winners and places. The same use cases as LotteryService (<see cref="LotteryDesk"/>).
/// </summary>
public sealed class LotteryModel(CommunityShare.Server.Providers.RunningContracts running, LotteryDesk desk, FacilityCatalog catalog, InstitutionRegistry institutions) : AppPageModel
{
    public sealed record Waiting(Interval Slot, Instant Close, int Applications, int Places);

    public Facility Facility { get; private set; } = null!;

    public string InstitutionName { get; private set; } = "";

    public IReadOnlyList<Waiting> Pending { get; private set; } = [];

    public IReadOnlyList<LotteryDraw> Draws { get; private set; } = [];

    public async Task OnGetAsync(string id)
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        Facility = (await catalog.GetAsync(id, cancellationToken)).Facility;
        me.RequireOversee(running.JurisdictionOf(Facility), "see this facility's lottery");
        InstitutionName = (await institutions.GetAsync(Facility.InstitutionId, cancellationToken)).Name;
        var applications = (await desk.ListAsync(me, id, null, 1000, null, new Violations(), cancellationToken)).Applications;
        Pending = applications.Where(a => a.State == LotteryApplicationState.Pending).GroupBy(a => a.Slot)
            .Select(g => new Waiting(g.Key, g.Min(a => a.CloseTime), g.Count(), g.Sum(a => a.PartySize))).OrderBy(w => w.Slot.Start).ToArray();
        Draws = (await desk.ListDrawsAsync(id, 100, null, new Violations(), cancellationToken)).Draws;
    }
}
