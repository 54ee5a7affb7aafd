using NodaTime;

namespace CommunityShare.Domain.Volunteers;

/// <summary>A volunteer team (志愿者服务队) of a town or subdistrict; a volunteer may be in several.</summary>
public sealed class Team
{
    public const int MaxNameLength = 100;

    private Team() { }

    public Team(string id, string placeCode, string name, Instant now)
    {
        Id = id;
        PlaceCode = placeCode;
        Name = name;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    /// <summary>The town or subdistrict the team belongs to: its staff manage it.</summary>
    public string PlaceCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public void Rename(string name, Instant now)
    {
        Name = name;
        UpdateTime = now;
        Version++;
    }
}

/// <summary>One volunteer in one team; leaders lead it on site.</summary>
public sealed class TeamMember
{
    private TeamMember() { }

    public TeamMember(string teamId, string residentId, bool leader, Instant now)
    {
        TeamId = teamId;
        ResidentId = residentId;
        Leader = leader;
        JoinTime = now;
    }

    public string TeamId { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    public bool Leader { get; set; }

    public Instant JoinTime { get; private set; }
}
