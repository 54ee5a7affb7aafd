using NodaTime;

namespace CommunityShare.Domain.Providers;

public enum ProviderKind
{
    /// <summary>企业</summary>
    Company = 1,

    /// <summary>社会组织</summary>
    SocialOrganisation = 2,
}

/// <summary>
/// A company or social organisation that runs public services under contract (服务商). Its staff
/// hold the provider role with the provider's id as scope; what they may touch follows from the
/// contracts that run now (<see cref="ServiceContract.Runs"/>).
/// </summary>
public sealed class Provider
{
    public const int MaxNameLength = 100;
    public const int MaxCreditCodeLength = 18;
    public const int MaxDescriptionLength = 1000;

    private Provider() { }

    public Provider(string id, string name, ProviderKind kind, string creditCode, string placeCode, string description, Instant now)
    {
        Id = id;
        Name = name;
        Kind = kind;
        CreditCode = creditCode;
        PlaceCode = placeCode;
        Description = description;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public ProviderKind Kind { get; private set; }

    /// <summary>统一社会信用代码 (18 characters), as registered; may be empty while unknown.</summary>
    public string CreditCode { get; private set; } = "";

    /// <summary>The place that registered it (the district, a town or subdistrict): that office and those above it keep it.</summary>
    public string PlaceCode { get; private set; } = "";

    public string Description { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public void Update(string name, ProviderKind kind, string creditCode, string description, Instant now)
    {
        Name = name;
        Kind = kind;
        CreditCode = creditCode;
        Description = description;
        UpdateTime = now;
        Version++;
    }
}
