using CommunityShare.Domain;
using CommunityShare.Server.Volunteers;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Manage.Volunteers;

/// <summary>
/// The street office's (or town's) volunteer console for one week: the roster as a grid of shifts
/// with gaps highlighted, the proposal (propose, review, publish), drop and swap requests to decide,
/// hours to confirm, and the office's teams and volunteers.
/// </summary>
public sealed class RosterModel(RosterDesk rosters, AssignmentDesk assignments, ServiceHoursDesk hours, VolunteerRegistry registry, IClock clock)
    : AppPageModel, IRedisplay
{
    public WeekBoard Board { get; private set; } = null!;

    public IReadOnlyList<TeamView> Teams { get; private set; } = [];

    public IReadOnlyList<VolunteerView> People { get; private set; } = [];

    public IReadOnlyList<UnstaffedOpening> Unstaffed { get; private set; } = [];

    public string Place { get; private set; } = "";

    public LocalDate Day { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Week { get; set; }

    [BindProperty]
    public string? Target { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    public string? Message { get; private set; }

    public Instant Now => clock.GetCurrentInstant();

    public async Task OnGetAsync(string place) => await LoadAsync(place, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostProposeAsync(string place)
    {
        var view = await rosters.ProposeAsync(RequireMe(), place, ReadDay(), HttpContext.RequestAborted);
        return Redirect($"/manage/volunteers/{place}?week={Week}&proposed={view.Assignments.Count}");
    }

    public async Task<IActionResult> OnPostPublishAsync(string place)
    {
        var view = await rosters.PublishAsync(RequireMe(), place, ReadDay(), HttpContext.RequestAborted);
        return Redirect($"/manage/volunteers/{place}?week={Week}&published={view.Assignments.Count}&skipped={view.Skipped.Count}");
    }

    public async Task<IActionResult> OnPostDecideAsync(string place)
    {
        var id = ReadAssignment();
        await assignments.DecideChangeAsync(RequireMe(), id, Outcome == "approve", HttpContext.RequestAborted);
        return Redirect($"/manage/volunteers/{place}?week={Week}&decided={id}");
    }

    /// <summary>Staff on site check a volunteer in (one without a phone, say).</summary>
    public async Task<IActionResult> OnPostCheckInAsync(string place)
    {
        var id = ReadAssignment();
        await assignments.CheckInAsync(RequireMe(), id, false, HttpContext.RequestAborted);
        return Redirect($"/manage/volunteers/{place}?week={Week}&checkedIn={id}");
    }

    public async Task<IActionResult> OnPostConfirmAsync(string place)
    {
        var id = ReadAssignment();
        await hours.ConfirmAsync(RequireMe(), id, null, new Violations(), HttpContext.RequestAborted);
        return Redirect($"/manage/volunteers/{place}?week={Week}&confirmed={id}");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync((string)RouteData.Values["place"]!, cancellationToken);

    private string ReadAssignment()
    {
        var violations = new Violations();
        var id = Grpc.ResourceNames.ParseOne(Target, "assignments", "assignment", violations);
        violations.ThrowIfAny();
        return id!;
    }

    private LocalDate ReadDay()
    {
        if (Week is not null && LocalDatePattern.Iso.Parse(Week) is { Success: true } parsed)
        {
            return parsed.Value;
        }
        return clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
    }

    private async Task LoadAsync(string place, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Place = place;
        Day = ReadDay();
        Week ??= LocalDatePattern.Iso.Format(Day);
        Board = await rosters.BoardAsync(me, place, Day, cancellationToken);
        Teams = (await registry.ListTeamsAsync(me, place, 50, null, new Violations(), cancellationToken)).Items;
        People = (await registry.ListAsync(me, place, null, 100, null, new Violations(), cancellationToken)).Items;
        Unstaffed = await rosters.UnstaffedOpeningsAsync(me, place, cancellationToken);
        var q = Request.Query;
        Message = q.ContainsKey("proposed") ? "proposed" : q.ContainsKey("published") ? "published" : q.ContainsKey("decided") ? "decided"
            : q.ContainsKey("confirmed") ? "confirmed" : q.ContainsKey("checkedIn") ? "checkedIn" : null;
    }
}
