using CommunityShare.Domain.Access;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Providers;

/// <summary>Who runs a facility today under a contract, as the facility page and API show it.</summary>
public sealed record ContractOperator(string ContractId, string ProviderId, string ProviderName, ContractKind Kind);

/// <summary>
/// Where a facility sits for authorization: its place, its institution and the providers whose
/// contract runs it today (<see cref="ServiceContract.Runs"/>, today in Asia/Shanghai by the injected
/// clock). Every use case asks here rather than building a <see cref="Jurisdiction"/> itself, so provider
/// staff manage exactly the facilities of their running contracts, within scope and term.
/// <para>
/// Contracts change rarely and are read on nearly every staff request, so the active ones are held in
/// memory; every contract write calls <see cref="Invalidate"/> after it commits. The term is checked on
/// each call, so a contract starts and stops running with the clock, without a write.
/// </para>
/// </summary>
public sealed class RunningContracts(IServiceScopeFactory scopes, IClock clock)
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private sealed record Entry(string Id, string ProviderId, string ProviderName, ContractKind Kind, LocalDate Start, LocalDate End,
        HashSet<string> FacilityIds);

    private readonly Lock _gate = new();
    private IReadOnlyList<Entry>? _active;
    private long _generation;

    public LocalDate Today => clock.GetCurrentInstant().InZone(Zone).Date;

    public Jurisdiction JurisdictionOf(Facility facility) => JurisdictionOf(facility.Id, facility.PlaceCode, facility.InstitutionId);

    public Jurisdiction JurisdictionOf(string facilityId, string placeCode, string? institutionId)
    {
        var providers = Running(facilityId).Select(e => e.ProviderId).Distinct().ToArray();
        return new Jurisdiction(placeCode, institutionId, providers.Length == 0 ? null : providers);
    }

    /// <summary>The provider running the facility today, if any (the first contract by id when two overlap).</summary>
    public ContractOperator? OperatorOf(string facilityId) =>
        Running(facilityId).OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => new ContractOperator(e.Id, e.ProviderId, e.ProviderName, e.Kind))
            .FirstOrDefault();

    /// <summary>The facilities a provider runs today.</summary>
    public IReadOnlySet<string> FacilitiesRunBy(string providerId)
    {
        var today = Today;
        return Active().Where(e => e.ProviderId == providerId && e.Start <= today && today <= e.End).SelectMany(e => e.FacilityIds)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Forget what is held; the next question reads the contracts again. Call after every contract write.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _active = null;
        }
    }

    private IEnumerable<Entry> Running(string facilityId)
    {
        var today = Today;
        return Active().Where(e => e.Start <= today && today <= e.End && e.FacilityIds.Contains(facilityId));
    }

    private IReadOnlyList<Entry> Active()
    {
        long generation;
        lock (_gate)
        {
            if (_active is { } held)
            {
                return held;
            }
            generation = _generation;
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityShareDb>();
        var loaded = db.ServiceContracts.AsNoTracking().Where(c => c.State == ContractState.Active)
            .Join(db.Providers.AsNoTracking(), c => c.ProviderId, p => p.Id, (c, p) => new { Contract = c, p.Name })
            .AsEnumerable()
            .Select(x => new Entry(x.Contract.Id, x.Contract.ProviderId, x.Name, x.Contract.Kind, x.Contract.Start, x.Contract.End,
                x.Contract.FacilityIds.ToHashSet(StringComparer.Ordinal)))
            .ToArray();
        lock (_gate)
        {
            // A write that committed while we read leaves what we read stale: keep it for this answer only.
            if (_generation == generation)
            {
                _active = loaded;
            }
        }
        return loaded;
    }
}
