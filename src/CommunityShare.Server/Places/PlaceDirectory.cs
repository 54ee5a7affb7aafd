using System.Text.RegularExpressions;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Places;

public sealed record PlaceDraft(string Code, string? ParentCode, PlaceKind? Kind, string Name, string NameEn, GeoPoint? Location);

public sealed record PlaceChanges(string Name, string NameEn, GeoPoint? Location, HashSet<string> Paths, string? Etag);

public sealed record PlacePage(IReadOnlyList<Place> Places, string NextPageToken);

/// <summary>Use cases of the jurisdiction tree. Reads are public; changes are for staff.</summary>
public sealed partial class PlaceDirectory(CommunityShareDb db, IClock clock, RequestLedger ledger)
{
    public const int MaxNameLength = 100;

    [GeneratedRegex("^[0-9]{6,15}$")]
    private static partial Regex CodePattern();

    public async Task<Place> GetAsync(string code, CancellationToken cancellationToken) =>
        await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken)
        ?? throw Problem.NotFound(ResourceNames.Place(code));

    public async Task<PlacePage> ListAsync(string? parentCode, PlaceKind? kind, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var filter = $"{parentCode}|{kind}";
        var after = PageToken.Decode(pageToken, filter, violations);
        violations.ThrowIfAny();
        var query = db.Places.AsNoTracking();
        if (parentCode is not null)
        {
            query = query.Where(p => p.ParentCode == parentCode);
        }
        if (kind is not null)
        {
            query = query.Where(p => p.Kind == kind);
        }
        if (after is not null)
        {
            query = query.Where(p => string.Compare(p.Code, after[0]) > 0);
        }
        var page = await query.OrderBy(p => p.Code).Take(pageSize + 1).ToListAsync(cancellationToken);
        var next = page.Count > pageSize ? PageToken.Encode(filter, page[pageSize - 1].Code) : "";
        return new PlacePage(page.Take(pageSize).ToArray(), next);
    }

    public async Task<Place> CreateAsync(Actor actor, PlaceDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("change the place tree");
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await GetAsync(done["places/".Length..], cancellationToken);
        }
        violations.Check(!CodePattern().IsMatch(draft.Code), "place_id", Reasons.InvalidFormat, "must be an official division code of 6 to 15 digits.");
        violations.Check(draft.Kind is null, "place.kind", Reasons.Required, "is required.");
        ValidateNames(draft.Name, draft.NameEn, violations);
        Place? parent = null;
        if (draft.Kind == PlaceKind.District)
        {
            violations.Check(draft.ParentCode is not null, "place.parent", Reasons.PlaceKindNotAllowed, "must be empty for a district.");
        }
        else if (draft.ParentCode is null)
        {
            // A malformed parent was already reported (and read as null); it is not also missing.
            violations.Check(draft.Kind is not null && !violations.Items.Any(v => v.Field == "place.parent"), "place.parent", Reasons.Required,
                "is required for every place below the district.");
        }
        else
        {
            parent = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == draft.ParentCode, cancellationToken);
            if (violations.Check(parent is null, "place.parent", Reasons.NotFound, $"{ResourceNames.Place(draft.ParentCode)} does not exist."))
            {
                violations.Check(draft.Kind is not null && !Place.MayContain(parent!.Kind, draft.Kind.Value), "place.kind",
                    Reasons.PlaceKindNotAllowed, $"a {draft.Kind} cannot sit under a {parent!.Kind}.");
                violations.Check(!draft.Code.StartsWith(parent!.Code, StringComparison.Ordinal) || draft.Code == parent.Code, "place_id",
                    Reasons.InvalidFormat, $"must start with the parent's code {parent.Code} and be longer.");
            }
        }
        violations.ThrowIfAny();
        if (draft.ParentCode is null)
        {
            // A new root: only district staff of exactly that district (a prefix would let a town
            // office open a "district" under its own code).
            actor.RequireDistrictRole("create a district", changes: true, draft.Code);
        }
        else
        {
            actor.RequireManage(Jurisdiction.OfPlace(draft.ParentCode), "add places there");
        }
        if (await db.Places.AnyAsync(p => p.Code == draft.Code, cancellationToken))
        {
            throw Problem.AlreadyExists(ResourceNames.Place(draft.Code));
        }
        var now = clock.GetCurrentInstant();
        var place = new Place(draft.Code, draft.ParentCode, draft.Kind!.Value, draft.Name.Trim(), draft.NameEn.Trim(), draft.Location, now);
        db.Places.Add(place);
        ledger.Record(requestKey, ResourceNames.Place(place.Code), now);
        await db.SaveChangesAsync(cancellationToken);
        return place;
    }

    public async Task<Place> UpdateAsync(Actor actor, string code, PlaceChanges changes, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("change the place tree");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return await GetAsync(code, cancellationToken);
        }
        var place = await db.Places.FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (changes.Paths.Contains("display_name") || changes.Paths.Contains("display_name_en"))
        {
            ValidateNames(changes.Paths.Contains("display_name") ? changes.Name : place?.Name ?? "x",
                changes.Paths.Contains("display_name_en") ? changes.NameEn : "", violations);
        }
        violations.ThrowIfAny();
        if (place is null)
        {
            throw Problem.NotFound(ResourceNames.Place(code));
        }
        actor.RequireManage(Jurisdiction.OfPlace(place.ParentCode ?? place.Code), "change this place");
        Etags.Require(ResourceNames.Place(code), changes.Etag, place.Version);
        var now = clock.GetCurrentInstant();
        place.Update(changes.Paths.Contains("display_name") ? changes.Name.Trim() : place.Name,
            changes.Paths.Contains("display_name_en") ? changes.NameEn.Trim() : place.NameEn,
            changes.Paths.Contains("location") ? changes.Location : place.Location, now);
        ledger.Record(requestKey, ResourceNames.Place(code), now);
        await db.SaveChangesAsync(cancellationToken);
        return place;
    }

    public async Task DeleteAsync(Actor actor, string code, string? etag, RequestKey? requestKey, CancellationToken cancellationToken)
    {
        actor.RequireStaff("change the place tree");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return;
        }
        var place = await db.Places.FirstOrDefaultAsync(p => p.Code == code, cancellationToken)
                    ?? throw Problem.NotFound(ResourceNames.Place(code));
        actor.RequireManage(Jurisdiction.OfPlace(place.ParentCode ?? place.Code), "remove this place");
        Etags.Require(ResourceNames.Place(code), etag, place.Version);
        if (await db.Places.AnyAsync(p => p.ParentCode == code, cancellationToken)
            || await db.Institutions.AnyAsync(i => i.PlaceCode == code, cancellationToken))
        {
            throw Problem.Broken(Reasons.HasChildren, "The place still has places or institutions under it; move or delete them first.",
                new Dictionary<string, string> { ["resource"] = ResourceNames.Place(code) });
        }
        db.Places.Remove(place);
        ledger.Record(requestKey, ResourceNames.Place(code), clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void ValidateNames(string name, string nameEn, Violations violations)
    {
        if (violations.Required(name, "place.display_name"))
        {
            violations.MaxLength(name, MaxNameLength, "place.display_name");
        }
        violations.MaxLength(nameEn, MaxNameLength, "place.display_name_en");
    }
}
