using CommunityShare.Domain;
using CommunityShare.Server.Evaluations;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>
/// Live indicators of one subject (an institution or a provider contract) for a period, for staff
/// who oversee it — its own staff, a provider's staff for its contracts, its office, the supervisor,
/// the district — as <see cref="EvaluationDesk.IndicatorsAsync"/> decides. By default the last 30 days.
/// </summary>
public sealed class IndicatorsModel(EvaluationDesk desk, IClock clock) : AppPageModel, IRedisplay, IFormFields
{
    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public IndicatorReport? Report { get; private set; }

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        var today = clock.GetCurrentInstant().InZone(IndicatorReadings.Shanghai).Date;
        From ??= LocalDatePattern.Iso.Format(today.PlusDays(-30));
        To ??= LocalDatePattern.Iso.Format(today.PlusDays(-1));
        var violations = new Violations();
        var from = Parse(From, "start_date", violations);
        var to = Parse(To, "end_date", violations);
        var (start, end) = from is null || to is null ? default : EvaluationDesk.PeriodOf(from, to, violations);
        violations.Required(Subject, "subject");
        violations.ThrowIfAny();
        Report = await desk.IndicatorsAsync(me, Subject!, start, end, violations, HttpContext.RequestAborted);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "start_date" => nameof(From),
        "end_date" => nameof(To),
        "subject" => nameof(Subject),
        _ => null,
    };

    private static LocalDate? Parse(string? text, string field, Violations violations)
    {
        var parsed = LocalDatePattern.Iso.Parse(text ?? "");
        violations.Check(!parsed.Success, field, Reasons.InvalidFormat, "must be a date (yyyy-MM-dd).");
        return parsed.Success ? parsed.Value : null;
    }
}
