using NodaTime;

namespace CommunityShare.Domain.Credit;

/// <summary>What a broken commitment costs for a while.</summary>
public enum ConsequenceKind
{
    /// <summary>Every booking waits for the institution's approval, even where it is normally instant.</summary>
    ApprovalRequired = 1,

    /// <summary>No booking of high-demand facilities (热门场地).</summary>
    BarredFromHighDemand = 2,

    /// <summary>No booking at all.</summary>
    BarredFromAll = 3,
}

/// <summary>
/// One graded step of the policy: when at least <see cref="Threshold"/> strikes of the
/// <see cref="Counts"/> kinds fall within <see cref="WindowDays"/> days, the consequence follows for
/// <see cref="DurationDays"/> days from the strike that reached it.
/// </summary>
public sealed record ConsequenceRule(string Id, IReadOnlyList<CreditEventKind> Counts, int Threshold, int WindowDays, ConsequenceKind Kind, int DurationDays)
{
    /// <summary>The reason a resident is told, in words a machine can also read (e.g. "NO_SHOW×2/90d").</summary>
    public string Describe() => $"{string.Join("+", Counts.Select(c => c.ToString()))}×{Threshold}/{WindowDays}d";
}

/// <summary>
/// How the district turns credit records into standing (守信准入, 失信禁入). Strikes count for
/// <see cref="StrikeLifetimeDays"/> days and then expire; each rule gives a consequence with its
/// reason and end date. Configuration, with defaults taken from the practice of Chinese cities
/// (shared/anchors/china-practice.md: three no-shows bar for 30 days).
/// </summary>
public sealed record CreditPolicy(int StrikeLifetimeDays, IReadOnlyList<ConsequenceRule> Rules)
{
    public static readonly CreditPolicy Default = new(365,
    [
        new ConsequenceRule("approval-after-2-no-shows", [CreditEventKind.NoShow], 2, 90, ConsequenceKind.ApprovalRequired, 30),
        new ConsequenceRule("bar-after-3-no-shows", [CreditEventKind.NoShow], 3, 90, ConsequenceKind.BarredFromHighDemand, 30),
        new ConsequenceRule("approval-after-3-late-cancellations", [CreditEventKind.LateCancellation], 3, 30, ConsequenceKind.ApprovalRequired, 14),
        new ConsequenceRule("bar-after-damage-or-breach", [CreditEventKind.Damage, CreditEventKind.RuleBreach, CreditEventKind.ComplaintUpheld], 2, 180,
            ConsequenceKind.BarredFromAll, 30),
    ]);

    /// <summary>Every setting that is out of range, with paths under <paramref name="prefix"/>.</summary>
    public void Validate(Violations violations, string prefix)
    {
        violations.Check(StrikeLifetimeDays is < 1 or > 3650, $"{prefix}.strike_lifetime_days", Reasons.OutOfRange, "must be 1 to 3650 days.");
        for (var i = 0; i < Rules.Count; i++)
        {
            var r = Rules[i];
            var path = $"{prefix}.rules[{i}]";
            violations.Check(r.Counts.Count == 0 || r.Counts.Any(k => !CreditEvent.IsStrikeKind(k)), $"{path}.counts", Reasons.OutOfRange,
                "must name one or more kinds of strike.");
            violations.Check(r.Threshold is < 1 or > 100, $"{path}.threshold", Reasons.OutOfRange, "must be 1 to 100.");
            violations.Check(r.WindowDays is < 1 or > 3650, $"{path}.window_days", Reasons.OutOfRange, "must be 1 to 3650 days.");
            violations.Check(r.DurationDays is < 1 or > 3650, $"{path}.duration_days", Reasons.OutOfRange, "must be 1 to 3650 days.");
        }
    }
}

/// <summary>A consequence in force (or that was): what, from when to when, why, and the strikes behind it.</summary>
public sealed record Consequence(ConsequenceKind Kind, Instant Start, Instant End, ConsequenceRule Rule, IReadOnlyList<string> EventIds)
{
    public bool ActiveAt(Instant now) => Start <= now && now < End;
}

/// <summary>A resident's standing at a moment: the consequences in force (strongest first), and those that have ended.</summary>
public sealed record CreditStanding(IReadOnlyList<Consequence> Active, IReadOnlyList<Consequence> Ended, int StrikesCounting, int GoodEvents)
{
    /// <summary>No consequence in force: the resident's commitment is enough (守信准入).</summary>
    public bool InGoodStanding => Active.Count == 0;

    public bool RequiresApproval => Active.Any(c => c.Kind == ConsequenceKind.ApprovalRequired);

    /// <summary>The bar that keeps the resident from booking a facility, if any (the longest of them).</summary>
    public Consequence? BarFor(bool highDemand) => Active
        .Where(c => c.Kind == ConsequenceKind.BarredFromAll || (highDemand && c.Kind == ConsequenceKind.BarredFromHighDemand))
        .OrderByDescending(c => c.End).FirstOrDefault();

    /// <summary>
    /// Works out the standing from the record. Deterministic: a voided entry (appeal upheld) simply
    /// stops counting, and so do the consequences that rested on it. For each rule, strikes are
    /// taken in time order; when the threshold is reached within the window the consequence starts at
    /// that strike (when it was recorded, if later), and the strikes behind it are used up (they do
    /// not trigger the rule again).
    /// </summary>
    public static CreditStanding Evaluate(IEnumerable<CreditEvent> record, CreditPolicy policy, Instant now)
    {
        var valid = record.Where(e => !e.IsVoid).ToArray();
        var lifetime = Duration.FromDays(policy.StrikeLifetimeDays);
        var strikes = valid.Where(e => e.IsStrike).OrderBy(e => e.OccurTime).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
        var consequences = new List<Consequence>();
        foreach (var rule in policy.Rules)
        {
            var window = Duration.FromDays(rule.WindowDays);
            var pending = new List<CreditEvent>();
            foreach (var strike in strikes.Where(s => rule.Counts.Contains(s.Kind)))
            {
                pending.RemoveAll(p => strike.OccurTime - p.OccurTime >= window || strike.OccurTime - p.OccurTime >= lifetime);
                pending.Add(strike);
                if (pending.Count >= rule.Threshold)
                {
                    // From when the platform knew: a damage report a week late bars from the report on.
                    var start = Instant.Max(strike.OccurTime, strike.RecordTime);
                    consequences.Add(new Consequence(rule.Kind, start, start + Duration.FromDays(rule.DurationDays), rule,
                        pending.Select(p => p.Id).ToArray()));
                    pending.Clear();
                }
            }
        }
        var active = consequences.Where(c => c.ActiveAt(now)).OrderByDescending(c => c.Kind).ThenByDescending(c => c.End).ToArray();
        var ended = consequences.Where(c => c.End <= now).OrderByDescending(c => c.End).ToArray();
        return new CreditStanding(active, ended, strikes.Count(s => now - s.OccurTime < lifetime && s.OccurTime <= now),
            valid.Count(e => !e.IsStrike));
    }
}
