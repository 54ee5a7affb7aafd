using CommunityShare.Domain;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Complaints;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Complaints;

/// <summary>The signed-in person's complaints, newest first, each with every step; a closed one can be rated once.</summary>
public sealed class MyComplaintsModel(ComplaintDesk desk) : AppPageModel, IRedisplay, IFormFields
{
    public const int Shown = 50;

    public IReadOnlyList<(ComplaintView View, IReadOnlyList<ComplaintStep> Steps)> Complaints { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Filed { get; set; }

    /// <summary>The complaint being rated (its id), to show problems on its form.</summary>
    [BindProperty]
    public string? Complaint { get; set; }

    [BindProperty]
    public int? Satisfaction { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRateAsync()
    {
        var violations = new Violations();
        violations.Check(Satisfaction is null, "satisfaction", Reasons.Required, "choose how satisfied you are, 1 to 5.");
        violations.Check(string.IsNullOrEmpty(Complaint), "complaint", Reasons.Required, "is required.");
        violations.ThrowIfAny();
        await desk.RateAsync(RequireMe(), Complaint!, Satisfaction!.Value, Comment, violations, HttpContext.RequestAborted);
        return Redirect("/complaints?rated=" + Complaint);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "satisfaction" => nameof(Satisfaction),
        "comment" => nameof(Comment),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        var (items, _) = await desk.ListAsync(me, new ComplaintFilter(true, null, null, null, null, false), Shown, null, new Violations(), cancellationToken);
        var list = new List<(ComplaintView, IReadOnlyList<ComplaintStep>)>();
        foreach (var item in items)
        {
            list.Add((item, await desk.StepsAsync(me, item.Complaint.Id, cancellationToken)));
        }
        Complaints = list;
    }
}
