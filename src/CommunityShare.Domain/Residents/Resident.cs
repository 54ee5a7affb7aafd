using NodaTime;

namespace CommunityShare.Domain.Residents;

/// <summary>
/// A real-name resident. Name, mobile number and identity number are personal information: they
/// are shown masked outside the resident's own view, and every staff view of them is audited.
/// A minor (under 18) is linked to a guardian, who may act for them.
/// </summary>
public sealed class Resident
{
    public const int AdultAge = 18;

    private Resident() { }

    public Resident(string id, string name, string mobile, IdentityNumber identityNumber, string homePlaceCode, string? guardianId, Instant now)
        : this(id, name, mobile, identityNumber, homePlaceCode, guardianId, now, now, 1)
    {
    }

    /// <summary>A resident as stored, with the times and version it has.</summary>
    public Resident(string id, string name, string mobile, IdentityNumber identityNumber, string homePlaceCode, string? guardianId,
        Instant createTime, Instant updateTime, int version, string? householdId = null)
    {
        HouseholdId = householdId;
        Id = id;
        Name = name;
        Mobile = mobile;
        IdentityNumber = identityNumber;
        HomePlaceCode = homePlaceCode;
        GuardianId = guardianId;
        CreateTime = createTime;
        UpdateTime = updateTime;
        Version = version;
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Mobile { get; private set; } = "";

    public IdentityNumber IdentityNumber { get; private set; } = null!;

    /// <summary>The neighbourhood or village the resident belongs to.</summary>
    public string HomePlaceCode { get; private set; } = "";

    public string? GuardianId { get; private set; }

    /// <summary>The household (户) the resident's office put them in: its members share the household quotas. None: counted alone.</summary>
    public string? HouseholdId { get; private set; }

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    /// <summary>138****1234.</summary>
    public string MaskedMobile => Mobile.Length >= 7 ? Mobile[..3] + new string('*', Mobile.Length - 7) + Mobile[^4..] : new string('*', Mobile.Length);

    /// <summary>张*, 欧阳** — the family name (first character) stays.</summary>
    public string MaskedName => MaskName(Name);

    public static string MaskName(string name) => name.Length <= 1 ? name : name[..1] + new string('*', name.Length - 1);

    public bool IsMinorOn(LocalDate today) => Period.Between(IdentityNumber.BirthDate, today, PeriodUnits.Years).Years < AdultAge;

    /// <summary>Mainland mobile numbers: 11 digits starting with 1.</summary>
    public static bool IsValidMobile(string? mobile) => mobile is { Length: 11 } && mobile[0] == '1' && mobile.All(char.IsAsciiDigit);

    /// <summary>Corrects the real name (staff only: the name is the one on the identity card).</summary>
    public void Rename(string name, Instant now)
    {
        Name = name;
        Touch(now);
    }

    /// <summary>Puts the resident in a household, or (null) in none; the office does it, with the household register.</summary>
    public void JoinHousehold(string? householdId, Instant now)
    {
        HouseholdId = householdId;
        Touch(now);
    }

    public void MoveHome(string homePlaceCode, Instant now)
    {
        HomePlaceCode = homePlaceCode;
        Touch(now);
    }

    public void ChangeMobile(string mobile, Instant now)
    {
        Mobile = mobile;
        Touch(now);
    }

    public void SetGuardian(string? guardianId, Instant now)
    {
        GuardianId = guardianId;
        Touch(now);
    }

    private void Touch(Instant now)
    {
        UpdateTime = now;
        Version++;
    }
}
