using CommunityShare.Domain;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>The appeals a town or subdistrict office hears: the entry, the resident's statement, and the decision with its reason.</summary>
public sealed class AppealsModel(CreditAppeals appeals) : AppPageModel, IRedisplay, IFormFields
{
    public const int Shown = 100;

    public IReadOnlyList<Hearing> Hearings { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    /// <summary>The appeal just decided (residents/{r}/appeals/{a}), to show problems on its form.</summary>
    [BindProperty]
    public string? Appeal { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostDecideAsync()
    {
        var violations = new Violations();
        var ids = Grpc.ResourceNames.Parse(Appeal, "residents/{}/appeals/{}", "appeal", violations);
        violations.Check(Outcome is not ("grant" or "reject"), "outcome", Reasons.Required, "choose whether the appeal is granted.");
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        var decided = await appeals.DecideAsync(RequireMe(), ids![0], ids[1], Outcome == "grant", Decision, violations, HttpContext.RequestAborted);
        return Redirect("/manage/appeals?decided=" + decided.Id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "decision" => nameof(Decision),
        "outcome" => nameof(Outcome),
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Hearings = await appeals.HearingsAsync(RequireMe(), All ? null : AppealState.Pending, Shown, cancellationToken);
}
