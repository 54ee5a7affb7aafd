using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Policies;

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
/// A district policy (credit, quotas …): its default until district staff change it, read on every
/// booking and so kept in memory, dropped when it changes. Every problem of a new policy is told at
/// once; a stale etag is ABORTED.
/// </summary>
public abstract class PolicyStore<T>(IClock clock)
    where T : class
{
    private volatile Cached? _current;

    private sealed record Cached(T Policy, int Version);

    /// <summary>The key of the setting, and the resource name of the policy.</summary>
    protected abstract string Key { get; }

    protected abstract T Default { get; }

    protected abstract string Write(T policy);

    protected abstract T Read(string json);

    protected abstract void Validate(T policy, Violations violations);

    public async Task<(T Policy, int Version)> GetAsync(CommunityShareDb db, CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return (current.Policy, current.Version);
        }
        var stored = await db.Set<StoredSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        var read = stored is null ? new Cached(Default, 0) : new Cached(Read(stored.Json), stored.Version);
        _current = read;
        return (read.Policy, read.Version);
    }

    public async Task<(T Policy, int Version)> UpdateAsync(CommunityShareDb db, Actor actor, T policy, string? etag, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole($"change the {Key}", changes: true);
        Validate(policy, violations);
        violations.ThrowIfAny();
        var stored = await db.Set<StoredSetting>().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        Etags.Require(Key, etag, stored?.Version ?? 0);
        if (stored is null)
        {
            stored = new StoredSetting { Key = Key };
            db.Set<StoredSetting>().Add(stored);
        }
        stored.Json = Write(policy);
        stored.Version++;
        stored.UpdateTime = clock.GetCurrentInstant();
        stored.UpdatedBy = actor.ResourceName;
        await db.SaveChangesAsync(cancellationToken);
        _current = null;
        return (policy, stored.Version);
    }
}
