namespace CommunityShare.Domain.Complaints;

/// <summary>The district's complaint rules: how many working days each level has to respond.</summary>
public sealed record ComplaintPolicy(int ResponseWorkingDays)
{
    public const int MaxWorkingDays = 30;

    public static ComplaintPolicy Default { get; } = new(5);

    public void Validate(Violations violations, string prefix) =>
        violations.Check(ResponseWorkingDays is < 1 or > MaxWorkingDays, prefix + ".response_working_days", Reasons.OutOfRange,
            $"must be 1 to {MaxWorkingDays} working days.");
}
