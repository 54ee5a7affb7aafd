using System.Text.RegularExpressions;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Places;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Providers;

public sealed record ProviderDraft(string? Id, string Name, ProviderKind? Kind, string CreditCode, string? PlaceCode, string Description);

public sealed record ProviderChanges(ProviderDraft Values, HashSet<string> Paths, string? Etag);

public sealed record ProviderPage(IReadOnlyList<Provider> Providers, string NextPageToken);

/// <summary>
/// The register of providers. Reading it is public (providers are parties to public contracts);
/// the district and the office of a town or subdistrict register providers, and keep the ones they registered.
/// </summary>
public sealed partial class ProviderRegistry(CommunityShareDb db, IClock clock, RequestLedger ledger, RunningContracts running)
{
    public static readonly HashSet<string> UpdatablePaths = ["display_name", "kind", "credit_code", "description"];

    public static readonly HashSet<string> AllPaths = [.. UpdatablePaths, "place"];

    [GeneratedRegex("^[0-9A-HJ-NPQRTUWXY]{18}$")]
    private static partial Regex CreditCodePattern();

    public static string Name(string id) => "providers/" + id;

    public async Task<Provider> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));

    public async Task<ProviderPage> ListAsync(string? placeCode, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var filter = placeCode ?? "";
        var after = PageToken.Decode(pageToken, filter, violations);
        violations.ThrowIfAny();
        var query = db.Providers.AsNoTracking();
        if (placeCode is not null)
        {
            query = query.Where(p => p.PlaceCode.StartsWith(placeCode));
        }
        if (after is not null)
        {
            query = query.Where(p => string.Compare(p.Id, after[0]) > 0);
        }
        var page = await query.OrderBy(p => p.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = page.Take(pageSize).ToArray();
        return new ProviderPage(shown, page.Count > pageSize ? PageToken.Encode(filter, shown[^1].Id) : "");
    }

    public async Task<Provider> CreateAsync(Actor actor, ProviderDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("register providers");
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await GetAsync(done["providers/".Length..], cancellationToken);
        }
        if (draft.Id is not null)
        {
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(draft.Id), "provider_id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
        }
        Validate(draft, AllPaths, violations);
        if (draft.PlaceCode is not null)
        {
            await ContractDesk.ValidateOfficeAsync(db, draft.PlaceCode, "provider.place", violations, cancellationToken);
        }
        violations.ThrowIfAny();
        actor.RequireManage(Jurisdiction.OfPlace(draft.PlaceCode!), "register providers there");
        var id = draft.Id ?? Ids.New();
        if (await db.Providers.AnyAsync(p => p.Id == id, cancellationToken))
        {
            throw Problem.AlreadyExists(Name(id));
        }
        var now = clock.GetCurrentInstant();
        var provider = new Provider(id, draft.Name.Trim(), draft.Kind!.Value, draft.CreditCode.Trim(), draft.PlaceCode!, draft.Description.Trim(), now);
        db.Providers.Add(provider);
        ledger.Record(requestKey, Name(id), now);
        await db.SaveChangesAsync(cancellationToken);
        return provider;
    }

    public async Task<Provider> UpdateAsync(Actor actor, string id, ProviderChanges changes, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("change providers");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return await GetAsync(id, cancellationToken);
        }
        Validate(changes.Values, changes.Paths, violations);
        violations.ThrowIfAny();
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));
        actor.RequireManage(Jurisdiction.OfPlace(provider.PlaceCode), "change this provider");
        Etags.Require(Name(id), changes.Etag, provider.Version);
        var (v, p) = (changes.Values, changes.Paths);
        provider.Update(
            p.Contains("display_name") ? v.Name.Trim() : provider.Name,
            p.Contains("kind") ? v.Kind!.Value : provider.Kind,
            p.Contains("credit_code") ? v.CreditCode.Trim() : provider.CreditCode,
            p.Contains("description") ? v.Description.Trim() : provider.Description,
            clock.GetCurrentInstant());
        ledger.Record(requestKey, Name(id), clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        running.Invalidate(); // facilities show the operator's name
        return provider;
    }

    private static void Validate(ProviderDraft draft, HashSet<string> paths, Violations violations)
    {
        if (paths.Contains("display_name") && violations.Required(draft.Name, "provider.display_name"))
        {
            violations.MaxLength(draft.Name, Provider.MaxNameLength, "provider.display_name");
        }
        if (paths.Contains("kind"))
        {
            violations.Check(draft.Kind is null && !violations.Items.Any(x => x.Field == "provider.kind"), "provider.kind", Reasons.Required,
                "is required: COMPANY or SOCIAL_ORGANISATION.");
        }
        if (paths.Contains("credit_code") && !string.IsNullOrWhiteSpace(draft.CreditCode))
        {
            violations.Check(!CreditCodePattern().IsMatch(draft.CreditCode.Trim()), "provider.credit_code", Reasons.InvalidFormat,
                "must be the 18-character unified social credit code (digits and capital letters).");
        }
        if (paths.Contains("description"))
        {
            violations.MaxLength(draft.Description, Provider.MaxDescriptionLength, "provider.description");
        }
        if (paths.Contains("place"))
        {
            violations.Check(draft.PlaceCode is null && !violations.Items.Any(x => x.Field == "provider.place"), "provider.place",
                Reasons.Required, "is required, as places/{code} of the district, a town or a subdistrict.");
        }
    }
}
