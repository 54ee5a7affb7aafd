using NodaTime;

namespace CommunityShare.Domain.Providers;

public enum ReminderKind
{
    /// <summary>The term ends within <see cref="ContractReminder.ExpiryNoticeDays"/> days.</summary>
    Expiring = 1,

    /// <summary>Fewer public opening hours a week than promised, over the last period.</summary>
    OpenHoursMissed = 2,

    /// <summary>Complaints answered later than promised, over the last period.</summary>
    ComplaintResponseMissed = 3,
}

/// <summary>
/// A reminder sent about a contract: kept so it is sent once (per contract, kind and period) and shown
/// on the contract pages. <see cref="Period"/> is the term's end for an expiry, or the first day of
/// the measured period for a missed level.
/// </summary>
public sealed class ContractReminder
{
    public const int ExpiryNoticeDays = 60;
    public const int MeasuredDays = 28;

    private ContractReminder() { }

    public ContractReminder(string contractId, ReminderKind kind, LocalDate period, double? measured, double? promised, Instant now)
    {
        Id = $"{contractId}.{(int)kind}.{period:yyyyMMdd}";
        ContractId = contractId;
        Kind = kind;
        Period = period;
        Measured = measured;
        Promised = promised;
        CreateTime = now;
    }

    /// <summary>"{contract}.{kind}.{yyyyMMdd}": the same reminder twice is the same row.</summary>
    public string Id { get; private set; } = "";

    public string ContractId { get; private set; } = "";

    public ReminderKind Kind { get; private set; }

    public LocalDate Period { get; private set; }

    /// <summary>What was delivered (hours a week, or complaints answered late), when the kind measures.</summary>
    public double? Measured { get; private set; }

    public double? Promised { get; private set; }

    public Instant CreateTime { get; private set; }

    public static string IdOf(string contractId, ReminderKind kind, LocalDate period) => $"{contractId}.{(int)kind}.{period:yyyyMMdd}";
}
