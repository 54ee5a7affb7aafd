using NodaTime;

namespace CommunityShare.Domain.Places;

public enum PlaceKind
{
    District = 1,
    Town = 2,
    Subdistrict = 3,
    Neighborhood = 4,
    Village = 5,
    IndustrialZone = 6,
}

/// <summary>
/// One node of the jurisdiction tree. Its id is the official division code, and a child's code
/// starts with its parent's, so "everything under a place" is a prefix match on the code.
/// </summary>
public sealed class Place
{
    private Place() { }

    public Place(string code, string? parentCode, PlaceKind kind, string name, string nameEn, GeoPoint? location, Instant now)
    {
        Code = code;
        ParentCode = parentCode;
        Kind = kind;
        Name = name;
        NameEn = nameEn;
        Location = location;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Code { get; private set; } = "";

    public string? ParentCode { get; private set; }

    public PlaceKind Kind { get; private set; }

    public string Name { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public GeoPoint? Location { get; private set; }

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    /// <summary>Whether a place of kind <paramref name="child"/> may sit directly under one of kind <paramref name="parent"/>.</summary>
    public static bool MayContain(PlaceKind parent, PlaceKind child) => parent switch
    {
        PlaceKind.District => child is PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone,
        PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone =>
            child is PlaceKind.Neighborhood or PlaceKind.Village,
        _ => false,
    };

    /// <summary>True when <paramref name="code"/> is this place or lies anywhere under it.</summary>
    public static bool Covers(string ancestorCode, string code) => code.StartsWith(ancestorCode, StringComparison.Ordinal);

    public void Update(string name, string nameEn, GeoPoint? location, Instant now)
    {
        Name = name;
        NameEn = nameEn;
        Location = location;
        UpdateTime = now;
        Version++;
    }
}
