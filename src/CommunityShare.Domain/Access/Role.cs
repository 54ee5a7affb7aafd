namespace CommunityShare.Domain.Access;

/// <summary>What a member of staff is, within the scope of one assignment.</summary>
public enum Role
{
    /// <summary>Staff of one institution (school, hospital, sports base, centre): scope is the institution's id.</summary>
    InstitutionStaff = 1,

    /// <summary>Staff of a town or subdistrict office, including its community affairs centre: scope is the place code.</summary>
    StreetOfficeStaff = 2,

    /// <summary>Staff of a contracted provider: scope is the provider's id (what its contracts cover).</summary>
    ProviderStaff = 3,

    /// <summary>District staff: scope is the district's code, and everything in it.</summary>
    DistrictStaff = 4,

    /// <summary>District supervisor: sees everything in the district, changes nothing.</summary>
    DistrictSupervisor = 5,
}

/// <summary>One role over one scope. A person may hold several.</summary>
public sealed record RoleAssignment(Role Role, string ScopeId)
{
    /// <summary>Town, subdistrict and district staff serve residents at a counter; see <see cref="Actor.ServesAtCounter"/>.</summary>
    public bool ServesAtCounter => Role is Role.StreetOfficeStaff or Role.DistrictStaff;

    /// <summary>Reads "institution=school-1", "office=310112101", "provider=p1", "district=310112", "supervisor=310112".</summary>
    public static bool TryParse(string text, out RoleAssignment? assignment)
    {
        assignment = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            return false;
        }
        Role? role = text[..equals] switch
        {
            "institution" => Role.InstitutionStaff,
            "office" => Role.StreetOfficeStaff,
            "provider" => Role.ProviderStaff,
            "district" => Role.DistrictStaff,
            "supervisor" => Role.DistrictSupervisor,
            _ => null,
        };
        if (role is null)
        {
            return false;
        }
        assignment = new RoleAssignment(role.Value, text[(equals + 1)..]);
        return true;
    }

    public override string ToString() => Role switch
    {
        Role.InstitutionStaff => "institution",
        Role.StreetOfficeStaff => "office",
        Role.ProviderStaff => "provider",
        Role.DistrictStaff => "district",
        _ => "supervisor",
    } + "=" + ScopeId;
}
