namespace CommunityShare.Domain;

public enum ActorKind
{
    Resident = 1,
    Staff = 2,
}

/// <summary>
/// Who is asking. Use cases decide what an actor may do; the front doors only establish who it is.
/// </summary>
public sealed record Actor(ActorKind Kind, string Id)
{
    public bool IsResident => Kind == ActorKind.Resident;

    public bool IsStaff => Kind == ActorKind.Staff;

    /// <summary>residents/{id} or staff/{id}.</summary>
    public string ResourceName => (IsResident ? "residents/" : "staff/") + Id;

    public void RequireStaff(string action)
    {
        if (!IsStaff)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, $"Only institution or district staff may {action}.");
        }
    }
}
