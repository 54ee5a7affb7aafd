using System.Globalization;
using CommunityShare.Domain.Residents;
using NodaTime;

namespace CommunityShare.Domain.TimeBank;

/// <summary>
/// A resident's time account (时间账户), as it stands after its last entry. Every resident has one
/// from day one, district-wide; it exists as its ledger. Each method checks its rules (all of them at
/// once), appends the entry the account's next <see cref="TimeEntry.Sequence"/> and moves the balance,
/// so several entries appended in one unit of work chain correctly. The balance never goes below zero.
/// </summary>
public sealed class TimeAccount
{
    /// <summary>The most one deposit or gift may move: 100 hours.</summary>
    public const int MaxMinutesPerEntry = 100 * 60;

    public TimeAccount(string residentId, TimeEntry? last)
    {
        if (last is not null && last.ResidentId != residentId)
        {
            throw new ArgumentException("The last entry is of another account.", nameof(last));
        }
        ResidentId = residentId;
        Balance = last?.BalanceAfter ?? 0;
        LastSequence = last?.Sequence ?? 0;
    }

    public string ResidentId { get; }

    /// <summary>Minutes (60 = 1 coin).</summary>
    public int Balance { get; private set; }

    public int LastSequence { get; private set; }

    /// <summary>Coins for confirmed service: 1 to <see cref="MaxMinutesPerEntry"/> minutes, with the service record it rests on.</summary>
    public TimeEntry Deposit(string id, int minutes, string source, string placeCode, string note, Instant occurTime, string recordedBy, Instant now)
    {
        var violations = new Violations();
        violations.Check(minutes is < 1 or > MaxMinutesPerEntry, "minutes", Reasons.OutOfRange,
            $"must be 1 to {MaxMinutesPerEntry.ToString(CultureInfo.InvariantCulture)} minutes.");
        if (violations.Required(source, "source"))
        {
            violations.MaxLength(source, TimeEntry.MaxSourceLength, "source");
        }
        violations.MaxLength(note, TimeEntry.MaxNoteLength, "note");
        violations.Check(occurTime > now, "occur_time", Reasons.OutOfRange, "must not be in the future: coins are for service given.");
        violations.ThrowIfAny();
        return Append(id, TimeEntryKind.Deposit, minutes, source, "", placeCode, note, occurTime, recordedBy, now);
    }

    /// <summary>
    /// Coins to a family member: the giver's entry (out) and the recipient's (in), each naming the
    /// other. Every broken rule at once: to oneself, not family, more than the balance.
    /// </summary>
    public (TimeEntry Out, TimeEntry In) Gift(TimeAccount recipient, bool family, int minutes, string note, string outId, string inId,
        string recordedBy, string placeCode, string recipientPlaceCode, Instant now)
    {
        var violations = new Violations();
        violations.Check(minutes is < 1 or > MaxMinutesPerEntry, "minutes", Reasons.OutOfRange,
            $"must be 1 to {MaxMinutesPerEntry.ToString(CultureInfo.InvariantCulture)} minutes.");
        violations.MaxLength(note, TimeEntry.MaxNoteLength, "note");
        violations.ThrowIfAny();
        var broken = new List<RuleViolation>();
        if (recipient.ResidentId == ResidentId)
        {
            broken.Add(new RuleViolation(Reasons.GiftToSelf, "Coins are given to someone else.",
                new Dictionary<string, string> { ["field"] = "recipient" }));
        }
        else if (!family)
        {
            broken.Add(new RuleViolation(Reasons.NotFamily,
                "Coins are given to family: a member of the same household, or a guardian or ward.",
                new Dictionary<string, string> { ["field"] = "recipient" }));
        }
        if (Shortfall(minutes) is { } short_)
        {
            broken.Add(short_);
        }
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        var giverName = $"residents/{ResidentId}/timeAccount/entries/{outId}";
        var recipientName = $"residents/{recipient.ResidentId}/timeAccount/entries/{inId}";
        var given = Append(outId, TimeEntryKind.GiftOut, -minutes, recipientName, recipient.ResidentId, placeCode, note, now, recordedBy, now);
        var received = recipient.Append(inId, TimeEntryKind.GiftIn, minutes, giverName, ResidentId, recipientPlaceCode, note, now, recordedBy, now);
        return (given, received);
    }

    /// <summary>Spends coins on a catalogue item the district offers; the pass and the entry that paid for it.</summary>
    public (Redemption Pass, TimeEntry Entry) Redeem(RedemptionItem item, string redemptionId, string entryId, string code, string placeCode,
        string recordedBy, Instant now)
    {
        var broken = new List<RuleViolation>();
        if (!item.Offered)
        {
            broken.Add(new RuleViolation(Reasons.ItemUnavailable, "The district does not offer this item now.",
                new Dictionary<string, string> { ["field"] = "redemption.item", ["item"] = item.Id }));
        }
        if (Shortfall(item.CostMinutes) is { } short_)
        {
            broken.Add(short_);
        }
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        var entry = Append(entryId, TimeEntryKind.Redemption, -item.CostMinutes, $"residents/{ResidentId}/redemptions/{redemptionId}", "",
            placeCode, item.Title, now, recordedBy, now);
        return (new Redemption(redemptionId, ResidentId, item, entryId, code, recordedBy, now), entry);
    }

    /// <summary>
    /// Takes back a deposit (its coins leave again, so the balance must hold them) or a redemption (its
    /// coins return; a pass already used cannot be taken back). <paramref name="pass"/> is the
    /// redemption of a redemption entry; <paramref name="alreadyReversed"/> whether a reversal names it.
    /// </summary>
    public TimeEntry Reverse(TimeEntry original, Redemption? pass, bool alreadyReversed, string reason, string id, string recordedBy, Instant now)
    {
        var violations = new Violations();
        if (violations.Required(reason, "reason"))
        {
            violations.MaxLength(reason, Redemption.MaxReasonLength, "reason");
        }
        violations.ThrowIfAny();
        if (original.ResidentId != ResidentId)
        {
            throw new ArgumentException("The entry is of another account.", nameof(original));
        }
        var broken = new List<RuleViolation>();
        if (!original.IsReversible)
        {
            broken.Add(new RuleViolation(Reasons.NotReversible, "Only a deposit or a redemption can be reversed.",
                new Dictionary<string, string> { ["kind"] = original.Kind.ToString() }));
        }
        else if (alreadyReversed || pass?.State == RedemptionState.Reversed)
        {
            broken.Add(new RuleViolation(Reasons.AlreadyReversed, "This entry has already been reversed."));
        }
        else if (pass?.State == RedemptionState.Used)
        {
            broken.Add(new RuleViolation(Reasons.RedemptionUsed, "The pass has been used; its coins cannot come back.",
                new Dictionary<string, string> { ["used_for"] = pass.UsedFor }));
        }
        else if (original.Kind == TimeEntryKind.Deposit && Shortfall(original.Minutes) is { } short_)
        {
            broken.Add(short_);
        }
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        pass?.Reverse(reason, recordedBy, now);
        return Append(id, TimeEntryKind.Reversal, -original.Minutes, $"residents/{ResidentId}/timeAccount/entries/{original.Id}", "",
            original.PlaceCode, reason, now, recordedBy, now);
    }

    /// <summary>
    /// Family for gifts: members of the same household (户, set by the office from the household
    /// register), and a guardian and the resident they are guardian of.
    /// </summary>
    public static bool AreFamily(Resident a, Resident b) =>
        a.Id != b.Id && ((a.HouseholdId is not null && a.HouseholdId == b.HouseholdId) || a.GuardianId == b.Id || b.GuardianId == a.Id);

    private RuleViolation? Shortfall(int minutes) => minutes <= Balance
        ? null
        : new RuleViolation(Reasons.InsufficientCoins, "The account does not hold enough coins.",
            new Dictionary<string, string>
            {
                ["balance_minutes"] = Balance.ToString(CultureInfo.InvariantCulture),
                ["needed_minutes"] = minutes.ToString(CultureInfo.InvariantCulture),
            });

    private TimeEntry Append(string id, TimeEntryKind kind, int minutes, string source, string counterparty, string placeCode, string note,
        Instant occurTime, string recordedBy, Instant now)
    {
        if (Balance + minutes < 0)
        {
            // The rules above never get here; the database's CHECK is the last word.
            throw new InvalidOperationException("A time account cannot go below zero.");
        }
        Balance += minutes;
        LastSequence++;
        return new TimeEntry(id, ResidentId, LastSequence, kind, minutes, Balance, source, counterparty, placeCode, note, occurTime, recordedBy, now);
    }
}
