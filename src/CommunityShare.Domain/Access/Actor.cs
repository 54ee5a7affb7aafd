namespace CommunityShare.Domain.Access;

/// <summary>
/// Who is asking: a person, acting as a resident (when they have a resident profile) and/or as
/// staff through their role assignments. Use cases decide with these methods what the actor may
/// do; the front doors only establish who it is.
/// </summary>
public sealed record Actor(string Id, string? ResidentId, IReadOnlyList<RoleAssignment> Assignments)
{
    public static Actor Resident(string residentId) => new(residentId, residentId, []);

    public static Actor Staff(string id, params RoleAssignment[] assignments) => new(id, null, assignments);

    public bool IsResident => ResidentId is not null;

    public bool IsStaff => Assignments.Count > 0;

    /// <summary>How the actor is named on what they do: staff/{id}, residents/{id}, or accounts/{id} for an account that is neither yet.</summary>
    public string ResourceName => IsStaff ? "staff/" + Id : ResidentId is not null ? "residents/" + ResidentId : "accounts/" + Id;

    /// <summary>May change what sits at <paramref name="where"/>.</summary>
    public bool Manages(Jurisdiction where) => Assignments.Any(a => a.Role switch
    {
        Role.DistrictStaff or Role.StreetOfficeStaff => Covers(a.ScopeId, where.PlaceCode),
        Role.InstitutionStaff => where.InstitutionId == a.ScopeId,
        Role.ProviderStaff => where.ProviderIds?.Contains(a.ScopeId) == true,
        _ => false,
    });

    /// <summary>May see (not change) what sits at <paramref name="where"/>, including residents' bookings there.</summary>
    public bool Oversees(Jurisdiction where) =>
        Manages(where) || Assignments.Any(a => a.Role == Role.DistrictSupervisor && Covers(a.ScopeId, where.PlaceCode));

    /// <summary>
    /// Serves residents at a community affairs counter (社区事务受理中心): finds them, books, cancels
    /// and checks in for them. Town, subdistrict and district staff do; supervisors only look, and an
    /// institution's staff work at their own door.
    /// </summary>
    public bool ServesAtCounter => Assignments.Any(a => a.ServesAtCounter);

    /// <summary>Residents are NOT_ALLOWED; staff without a counter role are NOT_IN_SCOPE.</summary>
    public void RequireCounterService(string action)
    {
        RequireStaff(action);
        if (!ServesAtCounter)
        {
            throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope,
                $"Only town, subdistrict and district staff serve residents at the counter, so you cannot {action}.");
        }
    }

    /// <summary>District-wide work (a new district, the whole outbox): district staff or supervisors only.</summary>
    public void RequireDistrictRole(string action, bool changes, string? districtCode = null)
    {
        RequireStaff(action);
        var allowed = changes ? new[] { Role.DistrictStaff } : [Role.DistrictStaff, Role.DistrictSupervisor];
        if (!Assignments.Any(a => allowed.Contains(a.Role) && (districtCode is null || a.ScopeId == districtCode)))
        {
            throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope, $"Only district staff may {action}.",
                new Dictionary<string, string> { ["place"] = districtCode ?? "" });
        }
    }

    /// <summary>Residents are turned away at once from what only staff do, wherever it is.</summary>
    public void RequireStaff(string action)
    {
        if (!IsStaff)
        {
            throw new Problem(ProblemKind.PermissionDenied, Reasons.NotAllowed, $"Only staff responsible for it may {action}.");
        }
    }

    public void RequireManage(Jurisdiction where, string action)
    {
        if (!Manages(where))
        {
            throw Denied(action, where);
        }
    }

    public void RequireOversee(Jurisdiction where, string action)
    {
        if (!Oversees(where))
        {
            throw Denied(action, where);
        }
    }

    /// <summary>A place code lies in a scope when it starts with the scope's code (division codes nest).</summary>
    private static bool Covers(string scopeCode, string placeCode) => placeCode.StartsWith(scopeCode, StringComparison.Ordinal);

    private Problem Denied(string action, Jurisdiction where) =>
        new(ProblemKind.PermissionDenied, IsStaff ? Reasons.NotInScope : Reasons.NotAllowed,
            IsStaff ? $"Your roles do not reach where this is, so you cannot {action}." : $"Only staff responsible for it may {action}.",
            new Dictionary<string, string> { ["place"] = where.PlaceCode });
}
