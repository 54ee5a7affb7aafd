using NodaTime;

namespace CommunityShare.Domain.TimeBank;

/// <summary>What moved coins in or out of a time account.</summary>
public enum TimeEntryKind
{
    /// <summary>Confirmed volunteer service: 60 minutes of service = 1 time coin (时间币).</summary>
    Deposit = 1,

    /// <summary>Coins given to a family member (the matching <see cref="GiftIn"/> is on their account).</summary>
    GiftOut = 2,

    /// <summary>Coins received from a family member.</summary>
    GiftIn = 3,

    /// <summary>Coins spent on an item of the district's catalogue.</summary>
    Redemption = 4,

    /// <summary>Staff took back an entry (a redemption refunded, a deposit recorded in error), with the reason.</summary>
    Reversal = 5,
}

/// <summary>
/// One line of a resident's time account. The ledger is append-only: an entry is never changed or
/// deleted, a mistake is corrected by a <see cref="TimeEntryKind.Reversal"/> that names it. Each
/// entry carries its place in the account (<see cref="Sequence"/>, 1, 2, 3 …) and the balance after
/// it, so the balance is the last entry's and the ledger always sums to it; the database keeps
/// (resident, sequence) unique and the balance never below zero.
/// </summary>
public sealed class TimeEntry
{
    public const int MaxNoteLength = 500;
    public const int MaxSourceLength = 300;

    private TimeEntry() { }

    internal TimeEntry(string id, string residentId, int sequence, TimeEntryKind kind, int minutes, int balanceAfter, string source,
        string counterparty, string placeCode, string note, Instant occurTime, string recordedBy, Instant now)
    {
        Id = id;
        ResidentId = residentId;
        Sequence = sequence;
        Kind = kind;
        Minutes = minutes;
        BalanceAfter = balanceAfter;
        Source = source;
        Counterparty = counterparty;
        PlaceCode = placeCode;
        Note = note;
        OccurTime = occurTime;
        RecordedBy = recordedBy;
        RecordTime = now;
    }

    public string Id { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    /// <summary>1 for the account's first entry, then one more for each.</summary>
    public int Sequence { get; private set; }

    public TimeEntryKind Kind { get; private set; }

    /// <summary>Signed: coins in are positive, coins out negative (60 minutes = 1 coin).</summary>
    public int Minutes { get; private set; }

    /// <summary>The balance once this entry is counted; never negative.</summary>
    public int BalanceAfter { get; private set; }

    /// <summary>
    /// What the entry rests on, as a resource name: the service record of a deposit, the redemption,
    /// the entry a reversal takes back, the matching entry of a gift on the other account.
    /// </summary>
    public string Source { get; private set; } = "";

    /// <summary>The other resident of a gift (their id); empty otherwise.</summary>
    public string Counterparty { get; private set; } = "";

    /// <summary>Where it arose (the service's place for a deposit, the resident's home otherwise): its office may reverse it.</summary>
    public string PlaceCode { get; private set; } = "";

    /// <summary>The evidence or words given with it: what service, the gift's message, why it was reversed.</summary>
    public string Note { get; private set; } = "";

    /// <summary>When it happened (the service for a deposit); the record time otherwise.</summary>
    public Instant OccurTime { get; private set; }

    /// <summary>staff/{id} or residents/{id}.</summary>
    public string RecordedBy { get; private set; } = "";

    public Instant RecordTime { get; private set; }

    public bool IsCredit => Minutes > 0;

    /// <summary>Staff may take back a deposit (recorded in error) or a redemption (refunded); gifts and reversals stand.</summary>
    public bool IsReversible => Kind is TimeEntryKind.Deposit or TimeEntryKind.Redemption;
}
