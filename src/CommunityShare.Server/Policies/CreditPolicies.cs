using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityShare.Domain;
using CommunityShare.Domain.Credit;
using NodaTime;

namespace CommunityShare.Server.Policies;

/// <summary>The district's credit policy (<see cref="CreditPolicy.Default"/> until changed); standing is worked out again from the records.</summary>
public sealed class CreditPolicies(IClock clock) : PolicyStore<CreditPolicy>(clock)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    protected override string Key => "creditPolicy";

    protected override CreditPolicy Default => CreditPolicy.Default;

    protected override string Write(CreditPolicy policy) => JsonSerializer.Serialize(policy, Json);

    protected override CreditPolicy Read(string json) => JsonSerializer.Deserialize<CreditPolicy>(json, Json)!;

    protected override void Validate(CreditPolicy policy, Violations violations)
    {
        policy.Validate(violations, "credit_policy");
        violations.Check(policy.Rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != policy.Rules.Count, "credit_policy.rules",
            Reasons.OutOfRange, "each rule needs its own id.");
    }
}
