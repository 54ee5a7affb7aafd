using CommunityShare.Domain.Places;
using NodaTime;

namespace CommunityShare.Domain.Institutions;

public enum InstitutionKind
{
    School = 1,
    Hospital = 2,
    SportsTrainingBase = 3,
    CommunityCentre = 4,
}

/// <summary>A school, hospital, sports training base or community centre that opens facilities to residents.</summary>
public sealed class Institution
{
    private Institution() { }

    public Institution(string id, string name, InstitutionKind kind, string placeCode, string address, GeoPoint location, Instant now)
    {
        Id = id;
        Name = name;
        Kind = kind;
        PlaceCode = placeCode;
        Address = address;
        Location = location;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public InstitutionKind Kind { get; private set; }

    /// <summary>Code of the town, subdistrict or neighborhood it is in.</summary>
    public string PlaceCode { get; private set; } = "";

    public string Address { get; private set; } = "";

    public GeoPoint Location { get; private set; }

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public void Update(string name, InstitutionKind kind, string placeCode, string address, GeoPoint location, Instant now)
    {
        Name = name;
        Kind = kind;
        PlaceCode = placeCode;
        Address = address;
        Location = location;
        UpdateTime = now;
        Version++;
    }
}
