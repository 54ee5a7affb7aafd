using NodaTime;

namespace CommunityShare.Domain.Volunteers;

/// <summary>
/// Something a street office or town runs with volunteers ("Saturday opening of school X's field",
/// "health check day at community centre Y"); its shifts are what volunteers fill.
/// </summary>
public sealed class Activity
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 1000;

    private Activity() { }

    public Activity(string id, string placeCode, string title, string description, string? facilityId, string location, Instant now)
    {
        Id = id;
        PlaceCode = placeCode;
        Title = title;
        Description = description;
        FacilityId = facilityId;
        Location = location;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    /// <summary>Where it happens (a neighbourhood, town or subdistrict code): the office over it runs it.</summary>
    public string PlaceCode { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>The facility it staffs, when it is one (a school field's public opening).</summary>
    public string? FacilityId { get; private set; }

    /// <summary>Where to come, in words (address, gate, room).</summary>
    public string Location { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public void Update(string title, string description, string location, Instant now)
    {
        Title = title;
        Description = description;
        Location = location;
        UpdateTime = now;
        Version++;
    }
}

/// <summary>One stretch of an activity: a half-open interval, how many volunteers it needs, and the skills each of them must hold.</summary>
public sealed class Shift
{
    public const int MaxPlaces = 200;
    public static readonly Duration Longest = Duration.FromHours(12);

    private Shift() { }

    public Shift(string id, string activityId, string placeCode, Interval period, int placesNeeded, Skills requiredSkills, Instant now)
    {
        Id = id;
        ActivityId = activityId;
        PlaceCode = placeCode;
        Start = period.Start;
        End = period.End;
        PlacesNeeded = placesNeeded;
        RequiredSkills = requiredSkills;
        CreateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string ActivityId { get; private set; } = "";

    /// <summary>The activity's place, kept here so that a week's shifts are found (and their nearness judged) without the activity.</summary>
    public string PlaceCode { get; private set; } = "";

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public Interval Period => new(Start, End);

    public Duration Length => End - Start;

    public int PlacesNeeded { get; private set; }

    public Skills RequiredSkills { get; private set; }

    public Instant CreateTime { get; private set; }

    public int Version { get; private set; }

    public static void Validate(Violations violations, string prefix, Interval? period, int placesNeeded, Skills requiredSkills)
    {
        violations.Check(period is { } p && p.Duration > Longest, $"{prefix}.end_time", Reasons.OutOfRange, "a shift lasts at most 12 hours.");
        violations.Check(placesNeeded is < 1 or > MaxPlaces, $"{prefix}.places_needed", Reasons.OutOfRange, $"must be 1 to {MaxPlaces}.");
        violations.Check((requiredSkills & ~SkillSet.Known) != 0, $"{prefix}.required_skills", Reasons.OutOfRange, "holds a skill that is not on the list.");
    }

    /// <summary>Changes places and skills; fewer places than are taken is refused by the caller (<see cref="ShiftRules"/>).</summary>
    public void Change(int placesNeeded, Skills requiredSkills)
    {
        PlacesNeeded = placesNeeded;
        RequiredSkills = requiredSkills;
        Version++;
    }
}
