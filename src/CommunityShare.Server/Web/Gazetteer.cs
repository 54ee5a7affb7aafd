using System.Globalization;
using CommunityShare.Domain.Institutions;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Web;

/// <summary>The district's places and institutions as the pages name them.</summary>
public sealed record GazetteerEntries(
    IReadOnlyDictionary<string, Place> Places,
    IReadOnlyDictionary<string, Institution> Institutions,
    IReadOnlyList<Place> Towns,
    IReadOnlyDictionary<string, IReadOnlyList<Place>> NeighbourhoodsByTown)
{
    /// <summary>The place's name in the page's language (Chinese when it has no English name).</summary>
    public string NameOf(string? code)
    {
        if (code is null || !Places.TryGetValue(code, out var place))
        {
            return code ?? "";
        }
        return English && place.NameEn.Length > 0 ? place.NameEn : place.Name;
    }

    /// <summary>The town or subdistrict a place lies in (itself when it is one).</summary>
    public Place? TownOf(string? code)
    {
        while (code is not null && Places.TryGetValue(code, out var place))
        {
            if (place.Kind is PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone)
            {
                return place;
            }
            code = place.ParentCode;
        }
        return null;
    }

    public Place? Neighbourhood(string? code) =>
        code is not null && Places.TryGetValue(code, out var p) && p.Kind is PlaceKind.Neighborhood or PlaceKind.Village ? p : null;

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}

/// <summary>
/// Names of places and institutions for the pages, read once and kept in memory: every search,
/// home and facility page shows them, and they change a few times a year. Kept for a minute, and
/// dropped at once when the catalogue changes (an institution that moves invalidates it); a
/// renamed neighbourhood shows within the minute. Rules are never read from here.
/// </summary>
public sealed class Gazetteer(FacilitySnapshots snapshots, IClock clock)
{
    private static readonly Duration KeptFor = Duration.FromMinutes(1);
    private volatile Cached? _cached;

    private sealed record Cached(GazetteerEntries Entries, Instant Until, long CatalogueVersion);

    public async Task<GazetteerEntries> GetAsync(CommunityShareDb db, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var version = snapshots.Version;
        if (_cached is { } c && c.Until > now && c.CatalogueVersion == version)
        {
            return c.Entries;
        }
        var places = await db.Places.AsNoTracking().ToListAsync(cancellationToken);
        var institutions = await db.Institutions.AsNoTracking().ToListAsync(cancellationToken);
        var towns = places.Where(p => p.Kind is PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone)
            .OrderBy(p => p.Code, StringComparer.Ordinal).ToArray();
        var byTown = places.Where(p => p.Kind is PlaceKind.Neighborhood or PlaceKind.Village && p.ParentCode is not null)
            .GroupBy(p => p.ParentCode!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Place>)g.OrderBy(p => p.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var entries = new GazetteerEntries(
            places.ToDictionary(p => p.Code, StringComparer.Ordinal),
            institutions.ToDictionary(i => i.Id, StringComparer.Ordinal),
            towns,
            byTown);
        _cached = new Cached(entries, now + KeptFor, version);
        return entries;
    }
}
