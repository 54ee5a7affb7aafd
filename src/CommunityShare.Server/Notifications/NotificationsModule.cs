namespace CommunityShare.Server.Notifications;

public static class NotificationsModule
{
    /// <summary>The outbox channel (replace <see cref="INotificationChannel"/> to send for real) and its reader.</summary>
    public static WebApplicationBuilder AddCommunityShareNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<INotificationChannel, OutboxChannel>();
        builder.Services.AddScoped<Outbox>();
        return builder;
    }
}
