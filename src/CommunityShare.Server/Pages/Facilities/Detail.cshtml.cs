using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Institutions;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Web;
using NodaTime;

namespace CommunityShare.Server.Pages.Facilities;

/// <summary>
/// One facility: what it is, who owns it, its rules and accessibility, and the slots of the coming
/// week from <see cref="Availability.ForFacilityAsync"/> (the same use case as ListFacilitySlots).
/// </summary>
public sealed class FacilityDetailModel(FacilityCatalog catalog, Availability availability, Gazetteer gazetteer, CommunityShareDb db, IClock clock,
    Providers.RunningContracts running)
    : AppPageModel
{
    public const int DaysShown = 7;

    public FacilityView View { get; private set; } = null!;

    public Facility Facility => View.Facility;

    public Institution? Institution { get; private set; }

    /// <summary>Who runs it today under a contract (运营方), if anyone.</summary>
    public Providers.ContractOperator? Operator { get; private set; }

    public GazetteerEntries Names { get; private set; } = null!;

    public IReadOnlyList<(LocalDate Date, IReadOnlyList<SlotView> Slots)> Days { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Related { get; private set; } = new Dictionary<string, string>();

    /// <summary>A lottery facility: the dates whose applications are open now, with when they close (the draw) and their slots.</summary>
    public IReadOnlyList<(LocalDate Date, Instant Close, IReadOnlyList<SlotView> Slots)> LotteryDays { get; private set; } = [];
    /// <summary>When the facility needs volunteers on site: its openings in the coming week and whether each is staffed.</summary>
    public IReadOnlyList<Volunteers.UnstaffedOpening> Staffing { get; private set; } = [];

    public async Task OnGetAsync(string id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        View = await catalog.GetAsync(id, cancellationToken);
        Names = await gazetteer.GetAsync(db, cancellationToken);
        Institution = Names.Institutions.GetValueOrDefault(Facility.InstitutionId);
        Operator = running.OperatorOf(id);
        var zone = Facility.Zone;
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var (slots, _) = await availability.ForFacilityAsync(id, new DateInterval(today, today.PlusDays(DaysShown - 1)), availableOnly: false,
            partySize: 1, cancellationToken);
        var byDate = slots.ToLookup(s => s.Time.Date);
        Days = Enumerable.Range(0, DaysShown).Select(d => today.PlusDays(d)).Select(d => (d, (IReadOnlyList<SlotView>)byDate[d].ToArray())).ToArray();
        if (Facility.Rules.Lottery is { Enabled: true } lottery)
        {
            var now = clock.GetCurrentInstant();
            var last = today.PlusDays(Facility.Rules.BookingHorizonDays + lottery.ApplicationDays + 1);
            var open = Enumerable.Range(0, Period.Between(today, last, PeriodUnits.Days).Days + 1).Select(d => today.PlusDays(d))
                .Where(d => lottery.ApplicationWindow(d, Facility.Rules, zone).Contains(now)).ToArray();
            if (open.Length > 0)
            {
                var (future, _) = await availability.ForFacilityAsync(id, new DateInterval(open[0], open[^1]), availableOnly: false, partySize: 1,
                    cancellationToken);
                var futureByDate = future.Where(s => s.State is SlotState.NotYetReleased or SlotState.Available or SlotState.Full).ToLookup(s => s.Time.Date);
                LotteryDays = open.Select(d => (d, LotteryRules.CloseOf(d, Facility.Rules, zone), (IReadOnlyList<SlotView>)futureByDate[d].ToArray()))
                    .Where(x => x.Item3.Count > 0).ToArray();
            }
        }
        var from = clock.GetCurrentInstant();
        Staffing = await Volunteers.RosterDesk.StaffingAsync(db, null, id, new Interval(from, from + Duration.FromDays(DaysShown)), cancellationToken);
        var relatedIds = View.PartIds.Append(Facility.ParentFacilityId).OfType<string>().ToArray();
        var all = await availability.CatalogueAsync(cancellationToken);
        Related = all.Where(f => relatedIds.Contains(f.Id)).ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
    }
}
