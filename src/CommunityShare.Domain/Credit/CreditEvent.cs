using NodaTime;

namespace CommunityShare.Domain.Credit;

/// <summary>What happened, as the credit record (诚信档案) keeps it.</summary>
public enum CreditEventKind
{
    /// <summary>Did not come to a confirmed booking and did not cancel (失约).</summary>
    NoShow = 1,

    /// <summary>Cancelled after the facility's free-cancellation deadline.</summary>
    LateCancellation = 2,

    /// <summary>Damage to a facility, reported by the institution with its evidence.</summary>
    Damage = 3,

    /// <summary>A broken rule of the facility (too many people, a banned activity …), reported by the institution.</summary>
    RuleBreach = 4,

    /// <summary>A complaint against the resident that was upheld.</summary>
    ComplaintUpheld = 5,

    /// <summary>Came to a booking and checked in (守信).</summary>
    KeptBooking = 6,

    /// <summary>Confirmed volunteer service.</summary>
    VolunteerService = 7,
}

/// <summary>
/// One entry of a resident's credit record, with its evidence and time. A broken commitment is a
/// strike; kept bookings and volunteer service are good events. An entry is never deleted: an appeal
/// that succeeds voids it (with the reason), and it no longer counts.
/// </summary>
public sealed class CreditEvent
{
    public const int MaxEvidenceLength = 1000;

    private CreditEvent() { }

    public CreditEvent(string id, string residentId, CreditEventKind kind, Instant occurTime, string evidence, string source, string placeCode,
        string recordedBy, Instant now)
    {
        Id = id;
        ResidentId = residentId;
        Kind = kind;
        OccurTime = occurTime;
        Evidence = evidence;
        Source = source;
        PlaceCode = placeCode;
        RecordedBy = recordedBy;
        RecordTime = now;
    }

    public string Id { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    public CreditEventKind Kind { get; private set; }

    /// <summary>When it happened (the booking's start for a no-show).</summary>
    public Instant OccurTime { get; private set; }

    /// <summary>What shows it happened: the booking and what was seen, in the recorder's words.</summary>
    public string Evidence { get; private set; } = "";

    /// <summary>The resource it is about, e.g. facilities/{f}/bookings/{b}.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Where it happened: the facility's place, which decides who hears an appeal.</summary>
    public string PlaceCode { get; private set; } = "";

    /// <summary>staff/{id}, or "system" for what the platform saw itself (a no-show after the check-in window).</summary>
    public string RecordedBy { get; private set; } = "";

    public Instant RecordTime { get; private set; }

    public Instant? VoidTime { get; private set; }

    public string VoidReason { get; private set; } = "";

    public bool IsStrike => IsStrikeKind(Kind);

    public bool IsVoid => VoidTime is not null;

    public static bool IsStrikeKind(CreditEventKind kind) => kind is CreditEventKind.NoShow or CreditEventKind.LateCancellation
        or CreditEventKind.Damage or CreditEventKind.RuleBreach or CreditEventKind.ComplaintUpheld;

    /// <summary>An appeal overturned it: it stays in the record, marked, and counts no more.</summary>
    public void Void(string reason, Instant now)
    {
        if (VoidTime is not null)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "This entry was already voided.",
                new Dictionary<string, string> { ["state"] = "VOID", ["action"] = "void" });
        }
        VoidTime = now;
        VoidReason = reason;
    }
}
