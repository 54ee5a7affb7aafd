using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using NodaTime;

namespace CommunityShare.Server.Notifications;

/// <summary>
/// The default channel: each message becomes a row of <c>OutboxMessages</c>, which staff and
/// tests read through <c>NotificationService.ListOutboxMessages</c>. It uses the request's
/// <see cref="CommunityShareDb"/>, so a message sent inside a use case's transaction is
/// committed with it, or not at all (a transactional outbox a future gateway can drain).
/// </summary>
public sealed class OutboxChannel(CommunityShareDb db) : INotificationChannel
{
    public const int MaxRecipientLength = 200;
    public const int MaxAddressLength = 320;
    public const int MaxTemplateLength = 100;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Recipient.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Recipient.Address);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Template);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Recipient.Id.Length, MaxRecipientLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Recipient.Address.Length, MaxAddressLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Template.Length, MaxTemplateLength);
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Ids.New(),
            Recipient = message.Recipient.Id,
            Address = message.Recipient.Address,
            Template = message.Template,
            Text = message.Text,
            CreateTime = message.Time,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>A message in the local outbox (table <c>OutboxMessages</c>).</summary>
public sealed class OutboxMessage
{
    public string Id { get; set; } = "";

    /// <summary>A resource name: residents/{id}, later accounts/{id}.</summary>
    public string Recipient { get; set; } = "";

    /// <summary>A mobile number or an e-mail address, in full.</summary>
    public string Address { get; set; } = "";

    public string Template { get; set; } = "";

    public string Text { get; set; } = "";

    public Instant CreateTime { get; set; }
}
