using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Places;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Providers;

/// <summary>A contract as it is shown: with its provider's name and whether it runs today.</summary>
public sealed record ContractView(ServiceContract Contract, string ProviderName, bool Running);

public sealed record ContractFilter(string? ProviderId, string? PlaceCode, string? FacilityId, IReadOnlyCollection<ContractState> States);

public sealed record ContractPage(IReadOnlyList<ContractView> Contracts, string NextPageToken);

public sealed record ContractChanges(ContractTerms Values, HashSet<string> Paths, string? Etag);

public sealed record ReminderPage(IReadOnlyList<ContractReminder> Reminders, string NextPageToken);

public enum ContractAction
{
    Activate = 1,
    Suspend = 2,
    Resume = 3,
    End = 4,
    Terminate = 5,
}

/// <summary>
/// Use cases for service contracts. The contracting office (staff who manage its place: the district,
/// the town or the subdistrict) writes and changes them; staff who oversee the place and the
/// provider's own staff read them. Every write runs in the write guard, is audited, and makes
/// <see cref="RunningContracts"/> read the contracts again.
/// </summary>
public sealed class ContractDesk(CommunityShareDb db, IClock clock, IBookingGuard guard, RunningContracts running)
{
    public static readonly HashSet<string> UpdatablePaths =
        ["title", "kind", "contracting_place", "start_date", "end_date", "value", "facilities", "service_levels"];

    public static string Name(string id) => "contracts/" + id;

    public static string ReminderName(ContractReminder reminder) => $"contracts/{reminder.ContractId}/reminders/{reminder.Id}";

    public async Task<ContractView> GetAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var view = await FindAsync(db, id, cancellationToken);
        RequireRead(actor, view.Contract);
        return view;
    }

    public async Task<ContractPage> ListAsync(Actor actor, ContractFilter filter, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var fingerprint = $"{filter.ProviderId}|{filter.PlaceCode}|{filter.FacilityId}|{string.Join(",", filter.States.Order())}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        actor.RequireStaff("see contracts");
        var query = db.ServiceContracts.AsNoTracking();
        if (filter.ProviderId is not null)
        {
            query = query.Where(c => c.ProviderId == filter.ProviderId);
        }
        if (filter.PlaceCode is not null)
        {
            query = query.Where(c => c.ContractingPlaceCode.StartsWith(filter.PlaceCode));
        }
        if (filter.FacilityId is not null)
        {
            query = query.Where(c => c.FacilityIds.Contains(filter.FacilityId));
        }
        if (filter.States.Count > 0)
        {
            var states = filter.States.ToArray();
            query = query.Where(c => states.Contains(c.State));
        }
        if (after is not null)
        {
            query = query.Where(c => string.Compare(c.Id, after[0]) > 0);
        }
        // Contracts are few (hundreds in a district): who may read each is decided here, not in SQL.
        var rows = (await query.OrderBy(c => c.Id).ToListAsync(cancellationToken)).Where(c => MayRead(actor, c)).Take(pageSize + 1).ToList();
        var shown = rows.Take(pageSize).ToArray();
        var names = await ProviderNamesAsync(db, shown.Select(c => c.ProviderId), cancellationToken);
        var today = running.Today;
        return new ContractPage(shown.Select(c => new ContractView(c, names.GetValueOrDefault(c.ProviderId, c.ProviderId), c.RunsOn(today))).ToArray(),
            rows.Count > pageSize ? PageToken.Encode(fingerprint, shown[^1].Id) : "");
    }

    public async Task<ContractView> CreateAsync(Actor actor, string? providerId, string? id, ContractTerms terms, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("write contracts");
        if (id is not null)
        {
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(id), "contract_id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
        }
        if (providerId is not null)
        {
            violations.Check(!await db.Providers.AnyAsync(p => p.Id == providerId, cancellationToken), "contract.provider", Reasons.NotFound,
                $"{ProviderRegistry.Name(providerId)} does not exist.");
        }
        else if (!violations.Items.Any(v => v.Field == "contract.provider"))
        {
            violations.Add("contract.provider", Reasons.Required, "is required, as providers/{id}.");
        }
        await ValidateTermsAsync(db, terms, violations, cancellationToken);
        violations.ThrowIfAny();
        actor.RequireManage(Jurisdiction.OfPlace(terms.ContractingPlaceCode), "write contracts for this place");
        var view = await guard.RunAsync(db, async (on, ct) =>
        {
            if (await new RequestLedger(on).FindAsync(requestKey, ct) is { } done)
            {
                return await FindAsync(on, done["contracts/".Length..], ct);
            }
            var newId = id ?? Ids.New();
            if (await on.ServiceContracts.AnyAsync(c => c.Id == newId, ct))
            {
                throw Problem.AlreadyExists(Name(newId));
            }
            var now = clock.GetCurrentInstant();
            var contract = new ServiceContract(newId, providerId!, terms, now);
            on.ServiceContracts.Add(contract);
            new RequestLedger(on).Record(requestKey, Name(newId), now);
            await on.SaveChangesAsync(ct);
            return await FindAsync(on, newId, ct);
        }, cancellationToken);
        running.Invalidate();
        return view;
    }

    public async Task<ContractView> UpdateAsync(Actor actor, string id, ContractChanges changes, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("write contracts");
        var view = await guard.RunAsync(db, async (on, ct) =>
        {
            if (await new RequestLedger(on).FindAsync(requestKey, ct) is not null)
            {
                return await FindAsync(on, id, ct);
            }
            var contract = await on.ServiceContracts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw Problem.NotFound(Name(id));
            var (v, p) = (changes.Values, changes.Paths);
            var terms = new ContractTerms(
                p.Contains("title") ? v.Title : contract.Title,
                p.Contains("kind") ? v.Kind : contract.Kind,
                p.Contains("contracting_place") ? v.ContractingPlaceCode : contract.ContractingPlaceCode,
                p.Contains("start_date") ? v.Start : contract.Start,
                p.Contains("end_date") ? v.End : contract.End,
                p.Contains("value") ? v.Value : contract.Value,
                p.Contains("facilities") ? v.FacilityIds : contract.FacilityIds,
                p.Contains("service_levels") ? v.Levels : contract.Levels);
            await ValidateTermsAsync(on, terms, violations, ct);
            violations.ThrowIfAny();
            actor.RequireManage(Jurisdiction.OfPlace(contract.ContractingPlaceCode), "change this contract");
            actor.RequireManage(Jurisdiction.OfPlace(terms.ContractingPlaceCode), "move a contract to this place");
            Etags.Require(Name(id), changes.Etag, contract.Version);
            var now = clock.GetCurrentInstant();
            contract.UpdateDraft(terms, now);
            new RequestLedger(on).Record(requestKey, Name(id), now);
            await on.SaveChangesAsync(ct);
            return await FindAsync(on, id, ct);
        }, cancellationToken);
        running.Invalidate();
        return view;
    }

    public async Task<ContractView> ChangeStateAsync(Actor actor, string id, ContractAction action, string? reason, string? etag,
        RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("change contracts");
        var needsReason = action is ContractAction.Suspend or ContractAction.Terminate;
        if (needsReason && violations.Check(string.IsNullOrWhiteSpace(reason), "reason", Reasons.Required,
                "is required to suspend or terminate a contract; the provider is told it."))
        {
            violations.MaxLength(reason, ServiceContract.MaxReasonLength, "reason");
        }
        violations.ThrowIfAny();
        var view = await guard.RunAsync(db, async (on, ct) =>
        {
            if (await new RequestLedger(on).FindAsync(requestKey, ct) is not null)
            {
                return await FindAsync(on, id, ct);
            }
            var contract = await on.ServiceContracts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw Problem.NotFound(Name(id));
            actor.RequireManage(Jurisdiction.OfPlace(contract.ContractingPlaceCode), "change this contract");
            Etags.Require(Name(id), etag, contract.Version);
            var now = clock.GetCurrentInstant();
            switch (action)
            {
                case ContractAction.Activate:
                    await RequireFreeScopeAsync(on, contract, ct);
                    contract.Activate(now.InZone(RunningContracts.Zone).Date, now);
                    break;
                case ContractAction.Suspend:
                    contract.Suspend(reason!.Trim(), now);
                    break;
                case ContractAction.Resume:
                    contract.Resume(now);
                    break;
                case ContractAction.End:
                    contract.Finish(now);
                    break;
                default:
                    contract.Terminate(reason!.Trim(), now);
                    break;
            }
            new RequestLedger(on).Record(requestKey, Name(id), now);
            await on.SaveChangesAsync(ct);
            return await FindAsync(on, id, ct);
        }, cancellationToken);
        running.Invalidate();
        return view;
    }

    public async Task<ReminderPage> ListRemindersAsync(Actor actor, string contractId, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, contractId, violations);
        violations.ThrowIfAny();
        var view = await FindAsync(db, contractId, cancellationToken);
        RequireRead(actor, view.Contract);
        var query = db.ContractReminders.AsNoTracking().Where(r => r.ContractId == contractId);
        var rows = (await query.ToListAsync(cancellationToken)).OrderByDescending(r => r.CreateTime).ThenBy(r => r.Id, StringComparer.Ordinal)
            .SkipWhile(r => after is not null && r.Id != after[0]).Skip(after is null ? 0 : 1).Take(pageSize + 1).ToList();
        var shown = rows.Take(pageSize).ToArray();
        return new ReminderPage(shown, rows.Count > pageSize ? PageToken.Encode(contractId, shown[^1].Id) : "");
    }

    /// <summary>The provider's own staff, and staff who oversee the contracting place.</summary>
    public static bool MayRead(Actor actor, ServiceContract contract) =>
        actor.Oversees(Jurisdiction.OfPlace(contract.ContractingPlaceCode))
        || actor.Assignments.Any(a => a.Role == Role.ProviderStaff && a.ScopeId == contract.ProviderId);

    private static void RequireRead(Actor actor, ServiceContract contract)
    {
        if (!MayRead(actor, contract))
        {
            actor.RequireStaff("see contracts");
            throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope, "This contract is neither your provider's nor signed where you are responsible.",
                new Dictionary<string, string> { ["place"] = contract.ContractingPlaceCode });
        }
    }

    /// <summary>A contracting office (or a provider's registering office) is the district, a town or a subdistrict.</summary>
    internal static async Task ValidateOfficeAsync(CommunityShareDb on, string placeCode, string field, Violations violations,
        CancellationToken cancellationToken)
    {
        var kind = await on.Places.AsNoTracking().Where(p => p.Code == placeCode).Select(p => (PlaceKind?)p.Kind).FirstOrDefaultAsync(cancellationToken);
        if (violations.Check(kind is null, field, Reasons.NotFound, $"{ResourceNames.Place(placeCode)} does not exist."))
        {
            violations.Check(kind is not (PlaceKind.District or PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone), field,
                Reasons.PlaceKindNotAllowed, "must be the district, a town or a subdistrict.");
        }
    }

    private static async Task ValidateTermsAsync(CommunityShareDb on, ContractTerms terms, Violations violations, CancellationToken cancellationToken)
    {
        ServiceContract.Validate(terms, violations);
        if (string.IsNullOrEmpty(terms.ContractingPlaceCode))
        {
            return;
        }
        await ValidateOfficeAsync(on, terms.ContractingPlaceCode, "contract.contracting_place", violations, cancellationToken);
        var ids = terms.FacilityIds.ToArray();
        var places = await on.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.PlaceCode, cancellationToken);
        for (var i = 0; i < ids.Length; i++)
        {
            var field = $"contract.facilities[{i}]";
            if (violations.Check(!places.TryGetValue(ids[i], out var place), field, Reasons.NotFound, $"{ResourceNames.Facility(ids[i])} does not exist."))
            {
                violations.Check(!place!.StartsWith(terms.ContractingPlaceCode, StringComparison.Ordinal), field, Reasons.FacilityOutsidePlace,
                    $"{ResourceNames.Facility(ids[i])} is not in {ResourceNames.Place(terms.ContractingPlaceCode)}, so this office cannot contract it out.");
            }
        }
    }

    /// <summary>No facility is run under two signed contracts whose terms overlap.</summary>
    private static async Task RequireFreeScopeAsync(CommunityShareDb on, ServiceContract contract, CancellationToken cancellationToken)
    {
        var (start, end, id) = (contract.Start, contract.End, contract.Id);
        var others = await on.ServiceContracts.AsNoTracking()
            .Where(c => c.Id != id && (c.State == ContractState.Active || c.State == ContractState.Suspended) && c.Start <= end && c.End >= start)
            .ToListAsync(cancellationToken);
        var clashes = contract.FacilityIds
            .SelectMany(f => others.Where(o => o.FacilityIds.Contains(f)).Select(o => new RuleViolation(Reasons.FacilityAlreadyContracted,
                $"{ResourceNames.Facility(f)} is already run under {Name(o.Id)} in this term.",
                new Dictionary<string, string> { ["facility"] = ResourceNames.Facility(f), ["contract"] = Name(o.Id) })))
            .ToArray();
        if (clashes.Length > 0)
        {
            throw Problem.Broken(clashes);
        }
    }

    private async Task<ContractView> FindAsync(CommunityShareDb on, string id, CancellationToken cancellationToken)
    {
        var contract = await on.ServiceContracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));
        var name = await on.Providers.AsNoTracking().Where(p => p.Id == contract.ProviderId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        return new ContractView(contract, name ?? contract.ProviderId, contract.RunsOn(clock.GetCurrentInstant().InZone(RunningContracts.Zone).Date));
    }

    private static async Task<Dictionary<string, string>> ProviderNamesAsync(CommunityShareDb on, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToArray();
        return await on.Providers.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
    }

    internal static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
