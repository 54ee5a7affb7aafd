using CommunityShare.Domain;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Complaints;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>The working calendar (public holidays and make-up working days), kept by district staff; complaint deadlines count on it.</summary>
public sealed class CalendarModel(WorkingDays workingDays, IClock clock) : AppPageModel, IRedisplay, IFormFields
{
    public IReadOnlyList<CalendarDay> Days { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostSetAsync()
    {
        var violations = new Violations();
        LocalDate? date = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            var parsed = LocalDatePattern.Iso.Parse(Date);
            date = parsed.Success ? parsed.Value : null;
            violations.Check(!parsed.Success, "calendar_day.date", Reasons.InvalidFormat, "must be a date.");
        }
        var kind = Enum.TryParse<CalendarDayKind>(Kind, out var k) && Enum.IsDefined(k) ? k : 0;
        var day = await workingDays.SetAsync(RequireMe(), date, kind, Name, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/calendar?year={day.Date.Year}");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var violations = new Violations();
        var parsed = LocalDatePattern.Iso.Parse(Date ?? "");
        violations.Check(!parsed.Success, "calendar_day.date", Reasons.InvalidFormat, "must be a date.");
        violations.ThrowIfAny();
        await workingDays.DeleteAsync(RequireMe(), parsed.Value, HttpContext.RequestAborted);
        return Redirect($"/manage/calendar?year={parsed.Value.Year}");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "calendar_day.date" => nameof(Date),
        "calendar_day.kind" => nameof(Kind),
        "calendar_day.display_name" => nameof(Name),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        RequireMe().RequireDistrictRole("keep the working calendar", changes: false);
        Year ??= clock.GetCurrentInstant().InZone(WorkingDays.Zone).Year;
        Days = await workingDays.ListAsync(Year.Value is >= 2000 and <= 2100 ? Year.Value : 2026, cancellationToken);
    }
}
