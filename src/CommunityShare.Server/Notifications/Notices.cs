using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Notifications;

/// <summary>
/// A message the platform sends by itself, once: a reminder, a credit notice. Its key makes it
/// once-only (a second attempt finds the key); a message due later waits with <see cref="SendTime"/>
/// unset until <see cref="DueTime"/>, and may be dropped if what it announces no longer holds.
/// </summary>
public sealed class ScheduledNotice
{
    public string Key { get; set; } = "";

    public string Recipient { get; set; } = "";

    public string Address { get; set; } = "";

    public string Template { get; set; } = "";

    public string Text { get; set; } = "";

    public Instant DueTime { get; set; }

    public Instant? SendTime { get; set; }

    /// <summary>Set when the notice was dropped unsent (what it announced no longer holds).</summary>
    public Instant? DropTime { get; set; }
}

/// <summary>Once-only and scheduled messages, through the notification channel.</summary>
public sealed class Notices(CommunityShareDb db, INotificationChannel channel, IClock clock)
{
    /// <summary>Sends the message now unless one with the same key was sent or scheduled before; true when it was sent.</summary>
    public async Task<bool> SendOnceAsync(string key, OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (await db.Set<ScheduledNotice>().AnyAsync(n => n.Key == key, cancellationToken))
        {
            return false;
        }
        var now = clock.GetCurrentInstant();
        db.Set<ScheduledNotice>().Add(Notice(key, message, now));
        await channel.SendAsync(message with { Time = now }, cancellationToken); // saves the notice with the message
        return true;
    }

    /// <summary>Schedules the message for <paramref name="due"/> unless the key is known already.</summary>
    public async Task ScheduleAsync(string key, OutgoingMessage message, Instant due, CancellationToken cancellationToken)
    {
        if (await db.Set<ScheduledNotice>().AnyAsync(n => n.Key == key, cancellationToken))
        {
            return;
        }
        var notice = Notice(key, message, null);
        notice.DueTime = due;
        db.Set<ScheduledNotice>().Add(notice);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sends what is due; <paramref name="stillTrue"/> may drop a notice whose news no longer holds. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(Func<ScheduledNotice, CancellationToken, Task<bool>> stillTrue, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.Set<ScheduledNotice>().Where(n => n.SendTime == null && n.DropTime == null && n.DueTime <= now)
            .OrderBy(n => n.DueTime).Take(200).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var notice in due)
        {
            if (!await stillTrue(notice, cancellationToken))
            {
                notice.DropTime = now;
                continue;
            }
            notice.SendTime = now;
            await channel.SendAsync(new OutgoingMessage(new MessageRecipient(notice.Recipient, notice.Address), notice.Template, notice.Text, now),
                cancellationToken);
            sent++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return sent;
    }

    private static ScheduledNotice Notice(string key, OutgoingMessage message, Instant? sent) => new()
    {
        Key = key,
        Recipient = message.Recipient.Id,
        Address = message.Recipient.Address,
        Template = message.Template,
        Text = message.Text,
        DueTime = message.Time,
        SendTime = sent,
    };
}
