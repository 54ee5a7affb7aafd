using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Providers;
using CommunityShare.Server.Web;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Pages.Provider;

/// <summary>
/// The provider's own page (服务商): for each provider the caller works for, its contracts with state,
/// term, value and service levels, the facilities in scope (leading to the consoles the provider may
/// use while the contract runs) and the reminders sent about them.
/// </summary>
public sealed class ProviderHomeModel(ContractDesk desk, ProviderRegistry providers, CommunityShareDb db, RunningContracts running) : AppPageModel
{
    public sealed record ScopeFacility(string Id, string Name, string InstitutionId, string InstitutionName);

    public sealed record ContractLine(ContractView View, IReadOnlyList<ScopeFacility> Facilities, IReadOnlyList<ContractReminder> Reminders);

    public sealed record ProviderDesk(Domain.Providers.Provider Provider, IReadOnlyList<ContractLine> Contracts);

    public IReadOnlyList<ProviderDesk> Desks { get; private set; } = [];

    public LocalDate Today => running.Today;

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        var mine = me.Assignments.Where(a => a.Role == Role.ProviderStaff).Select(a => a.ScopeId).Distinct().ToArray();
        if (mine.Length == 0)
        {
            throw new Problem(ProblemKind.PermissionDenied, me.IsStaff ? Reasons.NotInScope : Reasons.NotAllowed, "This page is for providers' staff.");
        }
        var cancellationToken = HttpContext.RequestAborted;
        var desks = new List<ProviderDesk>();
        var institutions = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
        foreach (var providerId in mine)
        {
            var provider = await providers.GetAsync(providerId, cancellationToken);
            var contracts = (await desk.ListAsync(me, new ContractFilter(providerId, null, null, []), 200, null, new Violations(), cancellationToken))
                .Contracts.Where(c => c.Contract.State != ContractState.Draft)
                .OrderBy(c => c.Contract.State).ThenByDescending(c => c.Contract.End).ToArray();
            var ids = contracts.SelectMany(c => c.Contract.FacilityIds).Distinct().ToArray();
            var facilities = await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id))
                .ToDictionaryAsync(f => f.Id, f => new ScopeFacility(f.Id, f.Name, f.InstitutionId, institutions.GetValueOrDefault(f.InstitutionId, f.InstitutionId)),
                    cancellationToken);
            var contractIds = contracts.Select(c => c.Contract.Id).ToArray();
            var reminders = (await db.ContractReminders.AsNoTracking().Where(r => contractIds.Contains(r.ContractId)).ToListAsync(cancellationToken))
                .OrderByDescending(r => r.CreateTime).ToLookup(r => r.ContractId);
            desks.Add(new ProviderDesk(provider, contracts.Select(c => new ContractLine(c,
                c.Contract.FacilityIds.Where(facilities.ContainsKey).Select(f => facilities[f]).ToArray(), reminders[c.Contract.Id].Take(10).ToArray())).ToArray()));
        }
        Desks = desks;
    }
}
