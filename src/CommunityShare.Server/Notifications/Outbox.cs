using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Notifications;

public sealed record OutboxPage(IReadOnlyList<OutboxMessage> Messages, string NextPageToken);

/// <summary>Reads the local outbox: staff only, since it holds full mobile numbers and e-mail addresses.</summary>
public sealed class Outbox(CommunityShareDb db)
{
    /// <summary>Oldest first, keyset-paged on (create time, id).</summary>
    public async Task<OutboxPage> ListAsync(Actor actor, string? recipient, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        // Messages carry residents' full addresses: district staff and supervisors only.
        actor.RequireDistrictRole("read the notification outbox", changes: false);
        violations.MaxLength(recipient, OutboxChannel.MaxRecipientLength, "recipient");
        var fingerprint = $"recipient={recipient}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();

        var query = db.OutboxMessages.AsNoTracking();
        if (!string.IsNullOrEmpty(recipient))
        {
            query = query.Where(m => m.Recipient == recipient);
        }
        if (after is not null)
        {
            var time = Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture));
            var lastId = after[1];
            query = query.Where(m => m.CreateTime > time || (m.CreateTime == time && string.Compare(m.Id, lastId) > 0));
        }
        var rows = await query.OrderBy(m => m.CreateTime).ThenBy(m => m.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, shown[^1].CreateTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new OutboxPage(shown, next);
    }
}
