using CommunityShare.Domain;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Providers;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage.ServiceContracts;

/// <summary>
/// The contracts a district, town or subdistrict can see, by state: those whose term is over but
/// still active (overdue) and those ending within 60 days are marked; the latest reminders sent.
/// </summary>
public sealed class ContractsModel(ContractDesk desk, CommunityShareDb db, RunningContracts running) : AppPageModel
{
    public const int Shown = 500;

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public IReadOnlyList<ContractView> Contracts { get; private set; } = [];

    public IReadOnlyList<(ContractReminder Reminder, string Title)> Reminders { get; private set; } = [];

    public LocalDate Today => running.Today;

    public bool MayWrite { get; private set; }

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        ContractState[] states = Enum.TryParse<ContractState>(State, out var s) && Enum.IsDefined(s) ? [s] : [];
        var page = await desk.ListAsync(me, new ContractFilter(null, null, null, states), Shown, null, new Violations(), cancellationToken);
        Contracts = page.Contracts.OrderBy(c => c.Contract.State).ThenBy(c => c.Contract.End).ThenBy(c => c.Contract.Id, StringComparer.Ordinal).ToArray();
        var ids = Contracts.Select(c => c.Contract.Id).ToArray();
        var titles = Contracts.ToDictionary(c => c.Contract.Id, c => c.Contract.Title);
        Reminders = (await db.ContractReminders.AsNoTracking().Where(r => ids.Contains(r.ContractId)).ToListAsync(cancellationToken))
            .OrderByDescending(r => r.CreateTime).ThenBy(r => r.Id, StringComparer.Ordinal).Take(20).Select(r => (r, titles[r.ContractId])).ToArray();
        MayWrite = me.Assignments.Any(a => a.Role is Domain.Access.Role.DistrictStaff or Domain.Access.Role.StreetOfficeStaff);
    }

    /// <summary>Active with its term over: somebody should end it.</summary>
    public bool Overdue(ServiceContract c) => c.State == ContractState.Active && c.End < Today;

    /// <summary>Active and ending within 60 days.</summary>
    public bool Expiring(ServiceContract c) =>
        c.State == ContractState.Active && c.End >= Today && Period.Between(Today, c.End, PeriodUnits.Days).Days <= ContractReminder.ExpiryNoticeDays;
}
