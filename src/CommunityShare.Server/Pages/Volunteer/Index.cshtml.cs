using CommunityShare.Domain;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Volunteers;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Volunteer;

/// <summary>
/// The volunteer's own page: hours and stars, the open shifts they qualify for (sign up), their
/// shifts (check in and out on the day), their service records and certificates. A resident who is
/// not yet a volunteer registers here.
/// </summary>
public sealed class VolunteerHomeModel(VolunteerRegistry registry, ActivityDesk activities, ShiftPlaces places, AssignmentDesk assignments,
    ServiceHoursDesk hours, CertificateDesk certificates) : AppPageModel, IRedisplay, IFormFields
{
    public VolunteerView? Profile { get; private set; }

    public IReadOnlyList<ShiftView> Open { get; private set; } = [];

    public IReadOnlyList<(Assignment Assignment, ShiftView? Shift)> Mine { get; private set; } = [];

    public IReadOnlyList<ServiceRecord> Records { get; private set; } = [];

    public IReadOnlyList<ServiceCertificate> Certificates { get; private set; } = [];

    [BindProperty]
    public List<Skills> Skills { get; set; } = [];

    [BindProperty]
    public int MaxHoursPerWeek { get; set; } = 8;

    /// <summary>activities/{a}/shifts/{s} or assignments/{x}, the target of a button.</summary>
    [BindProperty]
    public string? Target { get; set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        var me = RequireMe();
        var residentId = me.ResidentId ?? throw Problem.PermissionDenied(Reasons.NotAllowed, "Only a resident registers as a volunteer.");
        // Every day 08:00–20:00 to start with; the pattern can be changed through the API.
        var every = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new AvailabilityWindow(d, new Domain.Facilities.TimeRange(new LocalTime(8, 0), new LocalTime(20, 0)))).ToArray();
        var skills = Skills.Aggregate(Domain.Volunteers.Skills.None, (a, s) => a | s);
        await registry.RegisterAsync(me, residentId, new VolunteerDraft(skills, ["普通话"], every, [], null, MaxHoursPerWeek), null, new Violations(),
            HttpContext.RequestAborted);
        return Redirect("/volunteer?registered=true");
    }

    public async Task<IActionResult> OnPostSignUpAsync()
    {
        var violations = new Violations();
        var ids = Grpc.ResourceNames.Parse(Target, "activities/{}/shifts/{}", "shift", violations);
        violations.ThrowIfAny();
        var a = await places.SignUpAsync(RequireMe(), ids![0], ids[1], null, HttpContext.RequestAborted);
        return Redirect("/volunteer?signed=" + a.Id);
    }

    public async Task<IActionResult> OnPostCheckInAsync() => await CheckAsync(false);

    public async Task<IActionResult> OnPostCheckOutAsync() => await CheckAsync(true);

    private async Task<IActionResult> CheckAsync(bool checkOut)
    {
        var violations = new Violations();
        var id = Grpc.ResourceNames.ParseOne(Target, "assignments", "name", violations);
        violations.ThrowIfAny();
        await assignments.CheckInAsync(RequireMe(), id!, checkOut, HttpContext.RequestAborted);
        return Redirect("/volunteer?" + (checkOut ? "checkedOut=" : "checkedIn=") + id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "volunteer.max_hours_per_week" => nameof(MaxHoursPerWeek),
        "volunteer.skills" => nameof(Skills),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        if (me.ResidentId is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Volunteer pages are for residents.");
        }
        try
        {
            Profile = await registry.GetAsync(me, me.ResidentId, cancellationToken);
        }
        catch (Problem p) when (p.Kind == ProblemKind.NotFound)
        {
            return;
        }
        Open = (await activities.ListShiftsAsync(me, null, null, null, true, 50, null, new Violations(), cancellationToken)).Items;
        var (mine, _) = await assignments.ListForVolunteerAsync(me, me.ResidentId, 50, null, new Violations(), cancellationToken);
        var shifts = await activities.ShiftsAsync(mine.Select(a => a.ShiftId), cancellationToken);
        Mine = mine.Where(a => a.State != AssignmentState.Dropped).Select(a => (a, shifts.GetValueOrDefault(a.ShiftId))).ToList();
        Records = (await hours.ListAsync(me, me.ResidentId, 50, null, new Violations(), cancellationToken)).Items;
        Certificates = await certificates.ListAsync(me, me.ResidentId, cancellationToken);
    }
}
