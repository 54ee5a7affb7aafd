using NodaTime;

namespace CommunityShare.Domain.Residents;

/// <summary>
/// A resident's standing consent (代办授权) for another resident — typically a grown-up child for an
/// elderly parent — to book, cancel and check in in their name. It is given by the resident, or
/// recorded by counter staff who saw the resident consent, and it lasts until it is revoked.
/// </summary>
public sealed class ProxyGrant
{
    public const int MaxRelationshipLength = 20;
    public const int MaxConsentNoteLength = 200;

    private ProxyGrant() { }

    public ProxyGrant(string id, string residentId, string proxyResidentId, string relationship, string consentNote, string grantedBy, Instant now)
    {
        if (residentId == proxyResidentId)
        {
            throw Problem.Broken(Reasons.ProxyIsSelf, "A resident does not need consent to act for themselves.",
                new Dictionary<string, string> { ["field"] = "proxy_grant.proxy" });
        }
        Id = id;
        ResidentId = residentId;
        ProxyResidentId = proxyResidentId;
        Relationship = relationship;
        ConsentNote = consentNote;
        GrantedBy = grantedBy;
        CreateTime = now;
    }

    public string Id { get; private set; } = "";

    /// <summary>Whose bookings the proxy may make.</summary>
    public string ResidentId { get; private set; } = "";

    /// <summary>Who acts for them.</summary>
    public string ProxyResidentId { get; private set; } = "";

    /// <summary>How the two are related, in the resident's words (子女, 配偶, 邻居 …).</summary>
    public string Relationship { get; private set; } = "";

    /// <summary>How consent was given when staff recorded it (e.g. "本人到场签字"); empty when the resident granted it themselves.</summary>
    public string ConsentNote { get; private set; } = "";

    /// <summary>Who recorded the grant: the resident, their guardian, or counter staff.</summary>
    public string GrantedBy { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public Instant? RevokeTime { get; private set; }

    public bool IsActive => RevokeTime is null;

    public void Revoke(Instant now)
    {
        if (RevokeTime is not null)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "This consent was already revoked.",
                new Dictionary<string, string> { ["state"] = "REVOKED", ["action"] = "revoke" });
        }
        RevokeTime = now;
    }
}

/// <summary>How a resident agreed to a booking that someone else made for them.</summary>
public enum ProxyConsentMethod
{
    /// <summary>The resident booked for themselves.</summary>
    None = 0,

    /// <summary>At the counter, in person (the clerk saw the resident or their identity card).</summary>
    InPerson = 1,

    /// <summary>The resident asked by telephone.</summary>
    ByPhone = 2,

    /// <summary>A signed form or letter.</summary>
    Written = 3,

    /// <summary>A family member or other proxy with the resident's standing consent (<see cref="ProxyGrant"/>).</summary>
    StandingGrant = 4,

    /// <summary>The guardian of a minor.</summary>
    Guardian = 5,
}

/// <summary>The consent recorded on a booking made for a resident by someone else.</summary>
public sealed record ProxyConsent(ProxyConsentMethod Method, string Note)
{
    public const int MaxNoteLength = 200;

    public static readonly ProxyConsent Own = new(ProxyConsentMethod.None, "");

    /// <summary>Methods staff may state when they book at the counter; the others follow from a relation.</summary>
    public static bool StatedByStaff(ProxyConsentMethod method) =>
        method is ProxyConsentMethod.InPerson or ProxyConsentMethod.ByPhone or ProxyConsentMethod.Written;
}
