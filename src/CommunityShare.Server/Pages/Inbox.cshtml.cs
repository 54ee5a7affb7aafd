using CommunityShare.Server.Notifications;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages;

/// <summary>The signed-in person's messages (text messages as sent: reminders, waitlist offers, approvals, credit notices), newest first.</summary>
public sealed class InboxModel(Outbox outbox) : AppPageModel
{
    public const int Shown = 100;

    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public async Task OnGetAsync() => Messages = await outbox.InboxAsync(RequireMe(), Shown, HttpContext.RequestAborted);
}
