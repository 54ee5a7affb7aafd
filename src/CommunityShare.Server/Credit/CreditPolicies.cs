using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Credit;

/// <summary>A district-wide setting stored as JSON: read whole, replaced whole, with a version for etags.</summary>
public sealed class StoredSetting
{
    public string Key { get; set; } = "";

    public string Json { get; set; } = "";

    public int Version { get; set; }

    public Instant UpdateTime { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// The district's credit policy: the default (<see cref="CreditPolicy.Default"/>) until district staff
/// change it. Read on every booking, so kept in memory and dropped when it changes.
/// </summary>
public sealed class CreditPolicies(IClock clock)
{
    public const string Key = "credit-policy";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private sealed record Cached(CreditPolicy Policy, int Version);

    private volatile Cached? _current;

    public async Task<(CreditPolicy Policy, int Version)> GetAsync(CommunityShareDb db, CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return (current.Policy, current.Version);
        }
        var stored = await db.Set<StoredSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        var read = stored is null ? new Cached(CreditPolicy.Default, 0) : new Cached(JsonSerializer.Deserialize<CreditPolicy>(stored.Json, Json)!, stored.Version);
        _current = read;
        return (read.Policy, read.Version);
    }

    /// <summary>District staff replace the policy; every problem at once, a stale etag is ABORTED. Standing is worked out again from the records.</summary>
    public async Task<(CreditPolicy Policy, int Version)> UpdateAsync(CommunityShareDb db, Actor actor, CreditPolicy policy, string? etag,
        Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole("change the credit policy", changes: true);
        policy.Validate(violations, "credit_policy");
        violations.Check(policy.Rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != policy.Rules.Count, "credit_policy.rules",
            Reasons.OutOfRange, "each rule needs its own id.");
        violations.ThrowIfAny();
        var stored = await db.Set<StoredSetting>().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        Etags.Require("creditPolicy", etag, stored?.Version ?? 0);
        if (stored is null)
        {
            stored = new StoredSetting { Key = Key };
            db.Set<StoredSetting>().Add(stored);
        }
        stored.Json = JsonSerializer.Serialize(policy, Json);
        stored.Version++;
        stored.UpdateTime = clock.GetCurrentInstant();
        stored.UpdatedBy = actor.ResourceName;
        await db.SaveChangesAsync(cancellationToken);
        _current = null;
        return (policy, stored.Version);
    }
}
