using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Audit;

public sealed record AuditFilter(string? Resource, string? Actor, Instant? Start, Instant? End);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string NextPageToken);

/// <summary>Reads the audit trail: the district's staff and supervisors all of it, a resident what concerns their own record.</summary>
public sealed class AuditLog(CommunityShareDb db)
{
    public const int MaxFilterLength = 200;

    /// <summary>Newest first, keyset-paged on the entry's id (entries are numbered as they are written).</summary>
    public async Task<AuditPage> ListAsync(Actor actor, AuditFilter filter, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.MaxLength(filter.Resource, MaxFilterLength, "resource");
        violations.MaxLength(filter.Actor, MaxFilterLength, "actor");
        violations.Check(filter is { Start: { } s, End: { } e } && e <= s, "end_time", Reasons.OutOfRange, "must be after start_time.");
        var ownRecord = actor.ResidentId is { } me && filter.Resource == ResourceNames.Resident(me);
        if (!ownRecord)
        {
            if (!actor.IsStaff)
            {
                throw Problem.PermissionDenied(Reasons.NotAllowed,
                    "A resident can read only the trail of their own record: set resource to residents/{your id}.");
            }
            actor.RequireDistrictRole("read the audit trail", changes: false);
        }
        var fingerprint = $"{filter.Resource}|{filter.Actor}|{filter.Start}|{filter.End}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();

        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Resource))
        {
            var under = filter.Resource.TrimEnd('/') + "/";
            query = query.Where(a => a.Resource == filter.Resource || a.Resource.StartsWith(under));
        }
        if (!string.IsNullOrEmpty(filter.Actor))
        {
            query = query.Where(a => a.Actor == filter.Actor);
        }
        if (filter.Start is { } start)
        {
            query = query.Where(a => a.Time >= start);
        }
        if (filter.End is { } end)
        {
            query = query.Where(a => a.Time < end);
        }
        if (after is not null)
        {
            var lastId = long.Parse(after[0], CultureInfo.InvariantCulture);
            query = query.Where(a => a.Id < lastId);
        }
        var rows = await query.OrderByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize ? PageToken.Encode(fingerprint, shown[^1].Id.ToString(CultureInfo.InvariantCulture)) : "";
        return new AuditPage(shown, next);
    }
}
