using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage.Facilities;

/// <summary>A facility's blackouts (exams, holidays, maintenance): the coming ones, a form to add one, and removal.</summary>
public sealed class BlackoutsModel(CommunityShare.Server.Providers.RunningContracts running, FacilityCatalog catalog, CommunityShare.Server.Institutions.InstitutionRegistry institutions, IClock clock)
    : AppPageModel, IRedisplay, IFormFields
{
    public sealed class BlackoutForm
    {
        public string? StartDate { get; set; }

        /// <summary>Empty: from the start of the day.</summary>
        public string? StartTime { get; set; }

        public string? EndDate { get; set; }

        /// <summary>Empty: to the end of the day.</summary>
        public string? EndTime { get; set; }

        public string? Reason { get; set; }

        public string? Note { get; set; }
    }

    [BindProperty]
    public BlackoutForm Input { get; set; } = new();

    public Facility Facility { get; private set; } = null!;

    public string InstitutionName { get; private set; } = "";

    public bool Manages { get; private set; }

    public IReadOnlyList<Blackout> Coming { get; private set; } = [];

    public async Task OnGetAsync(string id) => await LoadAsync(id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        await LoadAsync(id, cancellationToken);
        var violations = new Violations();
        var period = ReadPeriod(violations);
        BlackoutReason? reason = null;
        if (!string.IsNullOrEmpty(Input.Reason))
        {
            reason = Enum.TryParse<BlackoutReason>(Input.Reason, out var r) && Enum.IsDefined(r) ? r : null;
            violations.Check(reason is null, "blackout.reason", Reasons.OutOfRange, "is not a reason for a blackout.");
        }
        var blackout = await catalog.CreateBlackoutAsync(me, id, period, reason, Input.Note ?? "", null, violations, cancellationToken);
        return Redirect($"/manage/facilities/{id}/blackouts?added={blackout.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, string blackout)
    {
        await catalog.DeleteBlackoutAsync(RequireMe(), id, blackout ?? "", null, HttpContext.RequestAborted);
        return Redirect($"/manage/facilities/{id}/blackouts?removed=true");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "blackout.start_time" => "Input.StartDate",
        "blackout.end_time" => "Input.EndDate",
        "blackout.reason" => "Input.Reason",
        "blackout.note" => "Input.Note",
        _ when apiField.StartsWith("Input.", StringComparison.Ordinal) => apiField,
        _ => null,
    };

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Facility = (await catalog.GetAsync(id, cancellationToken)).Facility;
        var where = running.JurisdictionOf(Facility);
        me.RequireOversee(where, "see this facility's blackouts");
        Manages = me.Manages(where);
        InstitutionName = (await institutions.GetAsync(Facility.InstitutionId, cancellationToken)).Name;
        var now = clock.GetCurrentInstant();
        Coming = (await catalog.ListBlackoutsAsync(id, 500, null, new Violations(), cancellationToken)).Blackouts.Where(b => b.End > now).ToArray();
    }

    /// <summary>The period typed, in the facility's zone: whole days unless times are given; null with the problems reported.</summary>
    private Interval? ReadPeriod(Violations violations)
    {
        var zone = Facility.Zone;
        var startOk = ReadDate(Input.StartDate, "Input.StartDate", violations, out var startDate);
        var endOk = ReadDate(Input.EndDate, "Input.EndDate", violations, out var endDate);
        var startTime = LocalTime.Midnight;
        var endTime = LocalTime.Midnight;
        startOk &= string.IsNullOrWhiteSpace(Input.StartTime)
                   || violations.Check(!TimeText.TryTime(Input.StartTime, out startTime) || Input.StartTime.Trim() == "24:00", "Input.StartTime",
                       Reasons.InvalidFormat, "must be a time like 08:00.");
        endOk &= string.IsNullOrWhiteSpace(Input.EndTime)
                 || violations.Check(!TimeText.TryTime(Input.EndTime, out endTime), "Input.EndTime", Reasons.InvalidFormat, "must be a time like 18:00.");
        if (!startOk || !endOk)
        {
            return null;
        }
        var start = startDate.At(startTime).InZoneLeniently(zone).ToInstant();
        // No end time, or 24:00: to the end of that day.
        var end = (endTime == LocalTime.Midnight ? endDate.PlusDays(1).AtMidnight() : endDate.At(endTime)).InZoneLeniently(zone).ToInstant();
        return violations.Check(end <= start, "Input.EndDate", Reasons.OutOfRange, "must be after the start.") ? new Interval(start, end) : null;
    }

    private static bool ReadDate(string? text, string field, Violations violations, out LocalDate date)
    {
        date = default;
        if (!violations.Required(text, field))
        {
            return false;
        }
        return violations.Check(!TimeText.TryDate(text, out date), field, Reasons.InvalidFormat, "must be a date like 2026-10-01.");
    }
}
