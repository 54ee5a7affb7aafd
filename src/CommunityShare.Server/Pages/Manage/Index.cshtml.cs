using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>
/// The staff workbench (工作台): for each of the caller's roles, the part of the district it reaches
/// and the consoles for it — an institution's facilities and bookings, an area's overview and
/// counter service. Residents without a role are told this is for staff.
/// </summary>
public sealed class WorkbenchModel(Gazetteer gazetteer, CommunityShareDb db, Providers.RunningContracts running) : AppPageModel
{
    public sealed record Reach(RoleAssignment Role, string Name, string? AreaCode, IReadOnlyList<(string Id, string Name)> Institutions);

    public IReadOnlyList<Reach> Reaches { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        me.RequireStaff("use the staff workbench");
        var names = await gazetteer.GetAsync(db, HttpContext.RequestAborted);
        // Providers: their name, and the institutions whose facilities their running contracts cover.
        var providerNames = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(db.Providers, p => p.Id, p => p.Name,
            HttpContext.RequestAborted);
        var facilityOwners = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(db.Facilities, f => f.Id,
            f => f.InstitutionId, HttpContext.RequestAborted);
        Reaches = me.Assignments.Select(role => role.Role switch
        {
            Role.InstitutionStaff => new Reach(role, names.Institutions.TryGetValue(role.ScopeId, out var i) ? i.Name : role.ScopeId, null,
                [(role.ScopeId, names.Institutions.TryGetValue(role.ScopeId, out var own) ? own.Name : role.ScopeId)]),
            Role.ProviderStaff => new Reach(role, providerNames.GetValueOrDefault(role.ScopeId, role.ScopeId), null,
                running.FacilitiesRunBy(role.ScopeId).Select(f => facilityOwners.GetValueOrDefault(f)).OfType<string>().Distinct()
                    .Order(StringComparer.Ordinal).Select(i => (i, names.Institutions.TryGetValue(i, out var x) ? x.Name : i)).ToArray()),
            _ => new Reach(role, names.NameOf(role.ScopeId), role.ScopeId,
                names.Institutions.Values.Where(x => x.PlaceCode.StartsWith(role.ScopeId, StringComparison.Ordinal))
                    .OrderBy(x => x.PlaceCode, StringComparer.Ordinal).ThenBy(x => x.Id, StringComparer.Ordinal)
                    .Select(x => (x.Id, x.Name)).ToArray()),
        }).ToArray();
    }

    /// <summary>Office and district staff serve residents at the counter; supervisors only look.</summary>
    public static bool ServesAtCounter(RoleAssignment role) => role.ServesAtCounter;

    public static bool IsArea(PlaceKind kind) => kind is not (PlaceKind.Neighborhood or PlaceKind.Village);
}
