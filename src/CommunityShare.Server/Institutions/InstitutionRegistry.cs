using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Institutions;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Institutions;

public sealed record InstitutionDraft(string? Id, string Name, InstitutionKind? Kind, string? PlaceCode, string Address, GeoPoint? Location);

public sealed record InstitutionChanges(InstitutionDraft Values, HashSet<string> Paths, string? Etag);

public sealed record InstitutionPage(IReadOnlyList<Institution> Institutions, string NextPageToken);

/// <summary>Use cases for institutions. Reads are public; changes are for staff.</summary>
public sealed class InstitutionRegistry(CommunityShareDb db, IClock clock, RequestLedger ledger, Facilities.FacilitySnapshots snapshots)
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;

    public async Task<Institution> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
        ?? throw Problem.NotFound(ResourceNames.Institution(id));

    public async Task<InstitutionPage> ListAsync(string? placeCode, InstitutionKind? kind, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var filter = $"{placeCode}|{kind}";
        var after = PageToken.Decode(pageToken, filter, violations);
        violations.ThrowIfAny();
        var query = db.Institutions.AsNoTracking();
        if (placeCode is not null)
        {
            query = query.Where(i => i.PlaceCode.StartsWith(placeCode));
        }
        if (kind is not null)
        {
            query = query.Where(i => i.Kind == kind);
        }
        if (after is not null)
        {
            query = query.Where(i => string.Compare(i.Id, after[0]) > 0);
        }
        var page = await query.OrderBy(i => i.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var next = page.Count > pageSize ? PageToken.Encode(filter, page[pageSize - 1].Id) : "";
        return new InstitutionPage(page.Take(pageSize).ToArray(), next);
    }

    public async Task<Institution> CreateAsync(Actor actor, InstitutionDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("register institutions");
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await GetAsync(done["institutions/".Length..], cancellationToken);
        }
        if (draft.Id is not null)
        {
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(draft.Id), "institution_id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
        }
        await ValidateAsync(draft, AllPaths, "institution", violations, cancellationToken);
        violations.ThrowIfAny();
        actor.RequireManage(Jurisdiction.OfPlace(draft.PlaceCode!), "register institutions there");
        var id = draft.Id ?? Ids.New();
        if (await db.Institutions.AnyAsync(i => i.Id == id, cancellationToken))
        {
            throw Problem.AlreadyExists(ResourceNames.Institution(id));
        }
        var now = clock.GetCurrentInstant();
        var institution = new Institution(id, draft.Name.Trim(), draft.Kind!.Value, draft.PlaceCode!, draft.Address.Trim(), draft.Location!.Value, now);
        db.Institutions.Add(institution);
        ledger.Record(requestKey, ResourceNames.Institution(id), now);
        await db.SaveChangesAsync(cancellationToken);
        return institution;
    }

    public async Task<Institution> UpdateAsync(Actor actor, string id, InstitutionChanges changes, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("change institutions");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return await GetAsync(id, cancellationToken);
        }
        await ValidateAsync(changes.Values, changes.Paths, "institution", violations, cancellationToken);
        violations.ThrowIfAny();
        var institution = await db.Institutions.FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
                          ?? throw Problem.NotFound(ResourceNames.Institution(id));
        actor.RequireManage(new Jurisdiction(institution.PlaceCode, institution.Id), "change this institution");
        if (changes.Paths.Contains("place") && changes.Values.PlaceCode != institution.PlaceCode)
        {
            // Moving an institution is for the offices of both places, not for its own staff.
            actor.RequireManage(Jurisdiction.OfPlace(institution.PlaceCode), "move this institution");
            actor.RequireManage(Jurisdiction.OfPlace(changes.Values.PlaceCode!), "move an institution there");
        }
        Etags.Require(ResourceNames.Institution(id), changes.Etag, institution.Version);
        var v = changes.Values;
        var p = changes.Paths;
        var now = clock.GetCurrentInstant();
        var placeCode = p.Contains("place") ? v.PlaceCode! : institution.PlaceCode;
        if (placeCode != institution.PlaceCode)
        {
            // Facilities carry their institution's place for searching; they move with it.
            await db.Facilities.Where(f => f.InstitutionId == id).ForEachAsync(f => f.Relocate(placeCode, now), cancellationToken);
        }
        institution.Update(
            p.Contains("display_name") ? v.Name.Trim() : institution.Name,
            p.Contains("kind") ? v.Kind!.Value : institution.Kind,
            placeCode,
            p.Contains("address") ? v.Address.Trim() : institution.Address,
            p.Contains("location") ? v.Location!.Value : institution.Location,
            now);
        ledger.Record(requestKey, ResourceNames.Institution(id), now);
        await db.SaveChangesAsync(cancellationToken);
        snapshots.Invalidate(); // its facilities moved with it
        return institution;
    }

    public async Task DeleteAsync(Actor actor, string id, string? etag, RequestKey? requestKey, CancellationToken cancellationToken)
    {
        actor.RequireStaff("remove institutions");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return;
        }
        var institution = await db.Institutions.FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
                          ?? throw Problem.NotFound(ResourceNames.Institution(id));
        actor.RequireManage(Jurisdiction.OfPlace(institution.PlaceCode), "remove this institution");
        Etags.Require(ResourceNames.Institution(id), etag, institution.Version);
        if (await db.Facilities.AnyAsync(f => f.InstitutionId == id, cancellationToken))
        {
            throw Problem.Broken(Reasons.HasChildren, "The institution still has facilities; delete them first.",
                new Dictionary<string, string> { ["resource"] = ResourceNames.Institution(id) });
        }
        db.Institutions.Remove(institution);
        ledger.Record(requestKey, ResourceNames.Institution(id), clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A malformed value is reported where it is read and becomes null; it is not also "required".</summary>
    private static bool Reported(Violations violations, string field) => violations.Items.Any(v => v.Field == field);

    public static readonly HashSet<string> AllPaths = ["display_name", "kind", "place", "address", "location"];

    private async Task ValidateAsync(InstitutionDraft draft, HashSet<string> paths, string prefix, Violations violations,
        CancellationToken cancellationToken)
    {
        if (paths.Contains("display_name") && violations.Required(draft.Name, $"{prefix}.display_name"))
        {
            violations.MaxLength(draft.Name, MaxNameLength, $"{prefix}.display_name");
        }
        if (paths.Contains("kind"))
        {
            violations.Check(draft.Kind is null && !Reported(violations, $"{prefix}.kind"), $"{prefix}.kind", Reasons.Required, "is required.");
        }
        if (paths.Contains("address") && violations.Required(draft.Address, $"{prefix}.address"))
        {
            violations.MaxLength(draft.Address, MaxAddressLength, $"{prefix}.address");
        }
        if (paths.Contains("location"))
        {
            violations.Check(draft.Location is null && !Reported(violations, $"{prefix}.location"), $"{prefix}.location", Reasons.Required,
                "is required (WGS-84).");
        }
        if (paths.Contains("place"))
        {
            if (draft.PlaceCode is null)
            {
                violations.Check(!Reported(violations, $"{prefix}.place"), $"{prefix}.place", Reasons.Required,
                    "is required: the town, subdistrict or neighborhood it is in.");
            }
            else
            {
                var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == draft.PlaceCode, cancellationToken);
                if (violations.Check(place is null, $"{prefix}.place", Reasons.NotFound, $"{ResourceNames.Place(draft.PlaceCode)} does not exist."))
                {
                    violations.Check(place!.Kind == PlaceKind.District, $"{prefix}.place", Reasons.PlaceKindNotAllowed,
                        "must be a town, subdistrict, industrial zone, neighborhood or village, not the district itself.");
                }
            }
        }
    }
}
