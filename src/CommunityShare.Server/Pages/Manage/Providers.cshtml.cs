using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Providers;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>
/// The register of providers for the district, towns and subdistricts: register one (at a place the
/// caller manages), or change one they keep (<c>?edit={id}</c>). The rules are ProviderRegistry's.
/// </summary>
public sealed class ProvidersModel(ProviderRegistry registry, CommunityShareDb db) : AppPageModel, IRedisplay
{
    public const int Shown = 500;

    public sealed class ProviderForm
    {
        public string? Id { get; set; }

        public string? DisplayName { get; set; }

        public string? Kind { get; set; }

        public string? CreditCode { get; set; }

        public string? Place { get; set; }

        public string? Description { get; set; }

        public string? Etag { get; set; }
    }

    [BindProperty]
    public ProviderForm Input { get; set; } = new();

    public IReadOnlyList<Domain.Providers.Provider> Providers { get; private set; } = [];

    public IReadOnlyDictionary<string, int> ContractCounts { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyList<(string Code, string Name)> Offices { get; private set; } = [];

    public IReadOnlyDictionary<string, string> PlaceNames { get; private set; } = new Dictionary<string, string>();

    public bool Editing => !string.IsNullOrEmpty(Input.Id);

    public string? Done { get; private set; }

    public async Task OnGetAsync(string? edit, string? done)
    {
        RequireMe().RequireStaff("keep the register of providers");
        Done = done;
        if (edit is not null)
        {
            var p = await registry.GetAsync(edit, HttpContext.RequestAborted);
            Input = new ProviderForm
            {
                Id = p.Id, DisplayName = p.Name, Kind = p.Kind.ToString(), CreditCode = p.CreditCode, Place = p.PlaceCode, Description = p.Description,
                Etag = Grpc.Etags.Of(p.Version),
            };
        }
        await LoadAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = RequireMe();
        var violations = new Violations();
        ProviderKind? kind = Enum.TryParse<ProviderKind>(Input.Kind, out var k) && Enum.IsDefined(k) ? k : null;
        var draft = new ProviderDraft(null, Input.DisplayName ?? "", kind, Input.CreditCode ?? "", string.IsNullOrEmpty(Input.Place) ? null : Input.Place,
            Input.Description ?? "");
        var saved = Editing
            ? await registry.UpdateAsync(me, Input.Id!, new ProviderChanges(draft, [.. ProviderRegistry.UpdatablePaths], Input.Etag), null, violations,
                HttpContext.RequestAborted)
            : await registry.CreateAsync(me, draft, null, violations, HttpContext.RequestAborted);
        return Redirect("/manage/providers?done=" + saved.Id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The register office and the district change a provider's entry.</summary>
    public bool MayChange(Domain.Providers.Provider p) => Me?.Manages(Jurisdiction.OfPlace(p.PlaceCode)) == true;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Providers = (await registry.ListAsync(null, Shown, null, new Violations(), cancellationToken)).Providers.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        ContractCounts = await db.ServiceContracts.AsNoTracking().GroupBy(c => c.ProviderId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var places = await db.Places.AsNoTracking().Select(p => new { p.Code, p.Name, p.Kind }).ToListAsync(cancellationToken);
        PlaceNames = places.ToDictionary(p => p.Code, p => p.Name);
        Offices = places.Where(p => p.Kind is Domain.Places.PlaceKind.District or Domain.Places.PlaceKind.Town or Domain.Places.PlaceKind.Subdistrict
                                    or Domain.Places.PlaceKind.IndustrialZone && me.Manages(Jurisdiction.OfPlace(p.Code)))
            .OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => (p.Code, p.Name)).ToArray();
    }
}
