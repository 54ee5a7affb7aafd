using NodaTime;

namespace CommunityShare.Domain.TimeBank;

public enum RedemptionState
{
    /// <summary>Redeemed and not yet used (it may have passed its expiry; see <see cref="Redemption.UsableAt"/>).</summary>
    Available = 1,

    /// <summary>Used: the booking it let through, or the service given.</summary>
    Used = 2,

    /// <summary>Taken back by staff; its coins were returned.</summary>
    Reversed = 3,
}

/// <summary>
/// What a resident got for their coins: a pass of the catalogue item as it was when redeemed (its
/// title, price and lead are kept, so a later change of the catalogue does not change it), valid
/// until <see cref="ExpireTime"/>, used once. The coins left the account with the ledger entry
/// <see cref="EntryId"/>; a reversal returns them.
/// </summary>
public sealed class Redemption
{
    public const int MaxReasonLength = 500;

    private Redemption() { }

    public Redemption(string id, string residentId, RedemptionItem item, string entryId, string code, string redeemedBy, Instant now)
    {
        Id = id;
        ResidentId = residentId;
        ItemId = item.Id;
        Kind = item.Kind;
        Title = item.Title;
        CostMinutes = item.CostMinutes;
        LeadHours = item.LeadHours;
        EntryId = entryId;
        Code = code;
        RedeemedBy = redeemedBy;
        RedeemTime = now;
        ExpireTime = now + Duration.FromDays(item.ValidDays);
        State = RedemptionState.Available;
    }

    public string Id { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    public string ItemId { get; private set; } = "";

    public RedemptionKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    public int CostMinutes { get; private set; }

    /// <summary>For a priority window: how many hours before general release it lets the resident book.</summary>
    public int LeadHours { get; private set; }

    /// <summary>The ledger entry that took the coins.</summary>
    public string EntryId { get; private set; } = "";

    /// <summary>A code to show where a service is given.</summary>
    public string Code { get; private set; } = "";

    /// <summary>The resident, or their proxy or guardian.</summary>
    public string RedeemedBy { get; private set; } = "";

    public Instant RedeemTime { get; private set; }

    public Instant ExpireTime { get; private set; }

    public RedemptionState State { get; private set; }

    public Instant? UseTime { get; private set; }

    /// <summary>What it was used for: the booking's resource name.</summary>
    public string UsedFor { get; private set; } = "";

    public Instant? ReverseTime { get; private set; }

    public string ReverseReason { get; private set; } = "";

    public string ReversedBy { get; private set; } = "";

    public int Version { get; private set; } = 1;

    public bool UsableAt(Instant now) => State == RedemptionState.Available && now < ExpireTime;

    /// <summary>A priority pass covers a booking whose release is at most <see cref="LeadHours"/> away.</summary>
    public bool CoversEarlyBooking(Instant release, Instant now) =>
        Kind == RedemptionKind.PriorityBookingWindow && UsableAt(now) && release - now <= Duration.FromHours(LeadHours);

    public void Use(string usedFor, Instant now)
    {
        if (!UsableAt(now))
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "This pass is used, reversed or expired.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = "use" });
        }
        State = RedemptionState.Used;
        UseTime = now;
        UsedFor = usedFor;
        Version++;
    }

    /// <summary>Staff take the redemption back (the caller appends the reversal that returns the coins).</summary>
    internal void Reverse(string reason, string reversedBy, Instant now)
    {
        State = RedemptionState.Reversed;
        ReverseTime = now;
        ReverseReason = reason;
        ReversedBy = reversedBy;
        Version++;
    }
}
