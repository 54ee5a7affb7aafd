using CommunityShare.Domain.Places;
using NodaTime;

namespace CommunityShare.Domain.Facilities;

public enum FacilityKind
{
    SportsField = 1,
    Court = 2,
    Gym = 3,
    Pool = 4,
    Hall = 5,
    Classroom = 6,
    MeetingRoom = 7,
    HealthCheckRoom = 8,
    Track = 9,
    Library = 10,
    Other = 11,
}

public sealed record Accessibility(bool StepFreeAccess, bool AccessibleToilet, bool HearingLoop, string Notes)
{
    public static readonly Accessibility None = new(false, false, false, "");
}

/// <summary>
/// A bookable facility of an institution. <see cref="Capacity"/> 1 means exclusive use; more means
/// shared use where each booking takes its party's places. A facility may be a part of a whole
/// (one level deep): booking the whole blocks every part and the other way round.
/// </summary>
public sealed class Facility
{
    public const int MaxCapacity = 100_000;

    private Facility() { }

    public Facility(string id, string institutionId, string? parentFacilityId, string placeCode, string name, FacilityKind kind,
        string description, int capacity, Accessibility accessibility, GeoPoint? location, DateTimeZone zone,
        OpeningSchedule schedule, BookingRules rules, Instant now)
    {
        Id = id;
        InstitutionId = institutionId;
        ParentFacilityId = parentFacilityId;
        PlaceCode = placeCode;
        Name = name;
        Kind = kind;
        Description = description;
        Capacity = capacity;
        Accessibility = accessibility;
        Location = location;
        TimeZoneId = zone.Id;
        Schedule = schedule;
        Rules = rules;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string InstitutionId { get; private set; } = "";

    public string? ParentFacilityId { get; private set; }

    /// <summary>The institution's place, kept here so that searches by place need no join.</summary>
    public string PlaceCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public FacilityKind Kind { get; private set; }

    public string Description { get; private set; } = "";

    public int Capacity { get; private set; }

    public bool IsExclusive => Capacity == 1;

    public Accessibility Accessibility { get; private set; } = Accessibility.None;

    public GeoPoint? Location { get; private set; }

    public string TimeZoneId { get; private set; } = "";

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZoneId];

    public OpeningSchedule Schedule { get; private set; } = OpeningSchedule.Closed;

    public BookingRules Rules { get; private set; } = BookingRules.Default;

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public void Describe(string name, FacilityKind kind, string description, Accessibility accessibility, GeoPoint? location, Instant now)
    {
        Name = name;
        Kind = kind;
        Description = description;
        Accessibility = accessibility;
        Location = location;
        Touch(now);
    }

    public void SetCapacity(int capacity, Instant now)
    {
        Capacity = capacity;
        Touch(now);
    }

    public void SetZone(DateTimeZone zone, Instant now)
    {
        TimeZoneId = zone.Id;
        Touch(now);
    }

    public void SetSchedule(OpeningSchedule schedule, Instant now)
    {
        Schedule = schedule;
        Touch(now);
    }

    public void SetRules(BookingRules rules, Instant now)
    {
        Rules = rules;
        Touch(now);
    }

    /// <summary>Moves the facility with its institution when the institution moves to another place.</summary>
    public void Relocate(string placeCode, Instant now)
    {
        PlaceCode = placeCode;
        Touch(now);
    }

    private void Touch(Instant now)
    {
        UpdateTime = now;
        Version++;
    }
}
