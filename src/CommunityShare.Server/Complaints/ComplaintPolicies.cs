using System.Text.Json;
using CommunityShare.Domain;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Policies;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Complaints;

/// <summary>The <c>Complaints</c> settings.</summary>
public sealed class ComplaintSettings
{
    public const string Section = "Complaints";

    /// <summary>Working days each level has to respond, until district staff set the policy.</summary>
    public int ResponseWorkingDays { get; set; } = 5;

    /// <summary>How often the escalation sweep looks (real time); what it decides goes by the injected clock.</summary>
    public int EscalationSweepSeconds { get; set; } = 60;
}

/// <summary>The district's complaint policy, stored as a setting; its default comes from <see cref="ComplaintSettings"/>.</summary>
public sealed class ComplaintPolicies(IClock clock, IOptions<ComplaintSettings> settings) : PolicyStore<ComplaintPolicy>(clock)
{
    public const string Name = "complaintPolicy";

    protected override string Key => Name;

    protected override ComplaintPolicy Default => new(settings.Value.ResponseWorkingDays);

    protected override string Write(ComplaintPolicy policy) => JsonSerializer.Serialize(policy);

    protected override ComplaintPolicy Read(string json) => JsonSerializer.Deserialize<ComplaintPolicy>(json) ?? ComplaintPolicy.Default;

    protected override void Validate(ComplaintPolicy policy, Violations violations) => policy.Validate(violations, "complaint_policy");
}
