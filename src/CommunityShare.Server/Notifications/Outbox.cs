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
        // Messages carry residents' full addresses: district staff and supervisors, or the person they were sent to.
        if (!IsOwn(actor, recipient))
        {
            actor.RequireDistrictRole("read the notification outbox", changes: false);
        }
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

    /// <summary>The signed-in person's own messages (as a resident and as an account), newest first: their inbox.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> InboxAsync(Actor actor, int count, CancellationToken cancellationToken)
    {
        var mine = new[] { actor.ResidentId is null ? null : ResourceNames.Resident(actor.ResidentId), ResourceNames.Account(actor.Id) }
            .OfType<string>().ToArray();
        return await db.OutboxMessages.AsNoTracking().Where(m => mine.Contains(m.Recipient))
            .OrderByDescending(m => m.CreateTime).ThenByDescending(m => m.Id).Take(count).ToListAsync(cancellationToken);
    }

    private static bool IsOwn(Actor actor, string? recipient) =>
        !string.IsNullOrEmpty(recipient)
        && ((actor.ResidentId is not null && recipient == ResourceNames.Resident(actor.ResidentId)) || recipient == ResourceNames.Account(actor.Id));
}
