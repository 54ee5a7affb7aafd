using NodaTime;

namespace CommunityShare.Domain.Credit;

public enum AppealState
{
    Pending = 1,

    /// <summary>The entry stands.</summary>
    Rejected = 2,

    /// <summary>The entry is voided; what rested on it ends.</summary>
    Granted = 3,
}

/// <summary>
/// A resident's appeal against one entry of their credit record. It is heard by staff of the town
/// or subdistrict where the entry arose (not by the institution that recorded it), and every step
/// leaves a trace: the statement, who decided, why and when.
/// </summary>
public sealed class CreditAppeal
{
    public const int MaxStatementLength = 1000;
    public const int MaxDecisionLength = 500;

    private CreditAppeal() { }

    public CreditAppeal(string id, CreditEvent entry, string statement, string filedBy, Instant now)
    {
        if (!entry.IsStrike)
        {
            throw Problem.Broken(Reasons.NotAppealable, "Only a strike against the resident can be appealed.",
                new Dictionary<string, string> { ["field"] = "appeal.event", ["kind"] = entry.Kind.ToString() });
        }
        if (entry.IsVoid)
        {
            throw Problem.Broken(Reasons.NotAppealable, "This entry is already void.",
                new Dictionary<string, string> { ["field"] = "appeal.event", ["kind"] = entry.Kind.ToString() });
        }
        Id = id;
        ResidentId = entry.ResidentId;
        EventId = entry.Id;
        PlaceCode = entry.PlaceCode;
        Statement = statement;
        FiledBy = filedBy;
        FileTime = now;
        State = AppealState.Pending;
    }

    public string Id { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    public string EventId { get; private set; } = "";

    /// <summary>Where the entry arose: the office over it hears the appeal.</summary>
    public string PlaceCode { get; private set; } = "";

    public string Statement { get; private set; } = "";

    /// <summary>The resident, a guardian or a proxy.</summary>
    public string FiledBy { get; private set; } = "";

    public Instant FileTime { get; private set; }

    public AppealState State { get; private set; }

    public string Decision { get; private set; } = "";

    public string DecidedBy { get; private set; } = "";

    public Instant? DecideTime { get; private set; }

    /// <summary>Decides the appeal; granting it voids the entry (the caller passes it in, so both change together).</summary>
    public void Decide(bool grant, string decision, string decidedBy, CreditEvent entry, Instant now)
    {
        if (State != AppealState.Pending)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "This appeal has already been decided.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = "decide" });
        }
        if (grant)
        {
            entry.Void("appeal granted: " + decision, now);
        }
        State = grant ? AppealState.Granted : AppealState.Rejected;
        Decision = decision;
        DecidedBy = decidedBy;
        DecideTime = now;
    }
}
