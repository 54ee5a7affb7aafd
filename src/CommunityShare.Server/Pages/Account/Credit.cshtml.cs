using CommunityShare.Domain;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Account;

/// <summary>
/// The resident's own credit record (诚信档案): whether their commitment is enough, every consequence in
/// force with its reason and end, every entry with its evidence, and an appeal against any strike.
/// </summary>
public sealed class MyCreditModel(CreditRecords records, CreditAppeals appeals) : AppPageModel, IRedisplay, IFormFields
{
    public CreditRecordView Record { get; private set; } = null!;

    /// <summary>The entry the appeal form was sent for (to show its problems on it).</summary>
    [BindProperty]
    public string? Entry { get; set; }

    [BindProperty]
    public string? Statement { get; set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAppealAsync()
    {
        var me = RequireMe();
        var residentId = me.ResidentId ?? throw Problem.PermissionDenied(Reasons.NotAllowed, "Only a resident has a credit record.");
        var appeal = await appeals.FileAsync(me, residentId, string.IsNullOrWhiteSpace(Entry) ? null : Entry, Statement, new Violations(),
            HttpContext.RequestAborted);
        return Redirect("/account/credit?appealed=" + appeal.Id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "appeal.statement" => nameof(Statement),
        "appeal.event" => nameof(Entry),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        var residentId = me.ResidentId ?? throw Problem.PermissionDenied(Reasons.NotAllowed, "Only a resident has a credit record.");
        Record = await records.GetAsync(me, residentId, cancellationToken);
    }
}
