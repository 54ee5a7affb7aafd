using CommunityShare.Domain;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Complaints;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage.Complaints;

/// <summary>
/// The complaint queue of the caller's scope: overdue first, then by due time. Whoever the complaint
/// is with answers it and closes it with an outcome; the supervisor reads. Anonymous filers are not
/// shown to the target's own staff.
/// </summary>
public sealed class ComplaintQueueModel(ComplaintDesk desk, ResidentRegistry residents) : AppPageModel, IRedisplay, IFormFields
{
    public const int Shown = 100;

    public sealed record Row(ComplaintView View, IReadOnlyList<ComplaintStep> Steps, string Filer);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    /// <summary>The complaint just acted on (its id), to show problems on its form.</summary>
    [BindProperty]
    public string? Complaint { get; set; }

    [BindProperty]
    public string? Answer { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRespondAsync()
    {
        var violations = new Violations();
        violations.Check(string.IsNullOrEmpty(Complaint), "complaint", Reasons.Required, "is required.");
        violations.ThrowIfAny();
        await desk.RespondAsync(RequireMe(), Complaint!, Answer, null, violations, HttpContext.RequestAborted);
        return Redirect("/manage/complaints?done=" + Complaint);
    }

    public async Task<IActionResult> OnPostCloseAsync()
    {
        var violations = new Violations();
        violations.Check(string.IsNullOrEmpty(Complaint), "complaint", Reasons.Required, "is required.");
        var outcome = Enum.TryParse<ComplaintOutcome>(Outcome, out var o) && Enum.IsDefined(o) ? o : (ComplaintOutcome?)null;
        violations.ThrowIfAny();
        await desk.CloseAsync(RequireMe(), Complaint!, outcome, Note, null, violations, HttpContext.RequestAborted);
        return Redirect("/manage/complaints?done=" + Complaint);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "response" => nameof(Answer),
        "outcome" => nameof(Outcome),
        "note" => nameof(Note),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        var (items, _) = await desk.ListAsync(me, new ComplaintFilter(false, null, null, null, null, Overdue), Shown, null, new Violations(), cancellationToken);
        var residentIds = items.Where(v => v.ShowsFiler && v.Complaint.FiledBy.StartsWith("residents/", StringComparison.Ordinal))
            .Select(v => v.Complaint.FiledBy["residents/".Length..]);
        var names = await residents.MaskedNamesAsync(residentIds, cancellationToken);
        var rows = new List<Row>();
        foreach (var item in items)
        {
            var filer = !item.ShowsFiler ? ""
                : item.Complaint.FiledBy.StartsWith("residents/", StringComparison.Ordinal) ? names[item.Complaint.FiledBy["residents/".Length..]]
                : item.Complaint.FiledBy;
            rows.Add(new Row(item, await desk.StepsAsync(me, item.Complaint.Id, cancellationToken), filer));
        }
        Rows = rows;
    }
}
