using NodaTime;

namespace CommunityShare.Server.Notifications;

/// <summary>
/// Where text messages and e-mail go. The default writes to the local outbox
/// (<see cref="OutboxChannel"/>); an SMS or e-mail gateway is another implementation of this
/// interface and nothing else changes. It knows nothing of bookings or accounts: callers render
/// the text and say whom it is for.
/// </summary>
public interface INotificationChannel
{
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The channel that sends through a given unit of work. A guarded write (<see cref="Data.IBookingGuard"/>)
/// runs on the writer's own DbContext, not the request's, so a message it sends (a waitlist offer) is
/// written through that one and committed with the change, or not at all. The request's
/// <see cref="INotificationChannel"/> is this on the request's DbContext.
/// </summary>
public delegate INotificationChannel NotificationChannelOn(Data.CommunityShareDb db);

/// <summary>Whom a message is for and where it goes.</summary>
/// <param name="Id">The recipient as a resource name, e.g. <c>residents/{id}</c> (later <c>accounts/{id}</c>).</param>
/// <param name="Address">A mobile number or an e-mail address.</param>
public sealed record MessageRecipient(string Id, string Address);

/// <summary>One rendered message.</summary>
/// <param name="Template">The template key the text was rendered from, e.g. <c>booking.confirmed</c>.</param>
/// <param name="Text">The rendered text, exactly as it is to be sent.</param>
/// <param name="Time">When it was composed, from the injected <see cref="IClock"/>.</param>
public sealed record OutgoingMessage(MessageRecipient Recipient, string Template, string Text, Instant Time);
