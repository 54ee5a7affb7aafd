using NodaTime;

namespace CommunityShare.Server.Residents;

/// <summary>
/// How a resident is stored: the identity number encrypted (ASP.NET Core Data Protection, keys
/// next to the database) and, for uniqueness, a keyed hash of it; never the number in clear.
/// </summary>
public sealed class ResidentRecord
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Mobile { get; set; } = "";

    public string ProtectedIdentityNumber { get; set; } = "";

    public string IdentityNumberHash { get; set; } = "";

    public string HomePlaceCode { get; set; } = "";

    public string? GuardianId { get; set; }

    public string? HouseholdId { get; set; }

    public Instant CreateTime { get; set; }

    public Instant UpdateTime { get; set; }

    public int Version { get; set; }
}
