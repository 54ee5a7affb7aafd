using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Places;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Manage.Places;

/// <summary>
/// The area overview (辖区概况) for staff who oversee a place: its institutions and facilities, the
/// hours they open to the public in a week, bookings and use rate, per day, per institution and per
/// place under it, from <see cref="PlaceStatistics.OverviewAsync"/> (which also decides who may see
/// it). The per-day table is also drawn as a chart by wwwroot/js/table-chart.js; the table stays the
/// source of the numbers, so the page says everything without JavaScript.
/// </summary>
public sealed class AreaOverviewModel(PlaceStatistics statistics, Gazetteer gazetteer, CommunityShareDb db, IClock clock)
    : AppPageModel, IRedisplay, IFormFields
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>Any day of the week to show (yyyy-MM-dd); this week when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Week { get; set; }

    public AreaFigures Area { get; private set; } = null!;

    public GazetteerEntries Names { get; private set; } = null!;

    public LocalDate Today { get; private set; }

    public bool IsThisWeek => Area.Week.Contains(Today);

    /// <summary>The place above, when the caller oversees it too (a town office's district is not theirs).</summary>
    public string? ParentCode { get; private set; }

    public async Task OnGetAsync(string code)
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        Today = clock.GetCurrentInstant().InZone(Shanghai).Date;
        var violations = new Violations();
        var day = Today;
        if (!string.IsNullOrEmpty(Week))
        {
            var parsed = LocalDatePattern.Iso.Parse(Week);
            day = violations.Check(!parsed.Success, "week", Reasons.InvalidFormat, "must be a date such as 2026-06-08.") ? parsed.Value : Today;
        }
        // Who may see it is decided first; a mistyped week then shows this week with the problem on the field.
        Area = await statistics.OverviewAsync(me, code, day, cancellationToken);
        Names = await gazetteer.GetAsync(db, cancellationToken);
        ParentCode = Area.Place.ParentCode is { } parent && me.Oversees(Jurisdiction.OfPlace(parent)) ? parent : null;
        violations.ThrowIfAny();
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField == "week" ? nameof(Week) : "";

    public string WeekLink(LocalDate anyDay, string? code = null) =>
        $"/manage/places/{code ?? Area.Place.Code}?week={LocalDatePattern.Iso.Format(anyDay)}";

    /// <summary>Hours with at most one decimal, in the page's language.</summary>
    public static string Hours(Duration duration) => duration.TotalHours.ToString("#,0.#", CultureInfo.CurrentCulture);

    /// <summary>A use rate as a percentage with one decimal.</summary>
    public static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.CurrentCulture) + "%";

    /// <summary>Numbers as the chart script reads them (invariant, no grouping).</summary>
    public static string Raw(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
