namespace CommunityShare.Server.Notifications;

public static class NotificationsModule
{
    /// <summary>The outbox channel (replace <see cref="NotificationChannelOn"/> to send for real) and its reader.</summary>
    public static WebApplicationBuilder AddCommunityShareNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationChannelOn>(_ => db => new OutboxChannel(db));
        builder.Services.AddScoped<INotificationChannel>(services => services.GetRequiredService<NotificationChannelOn>()(services.GetRequiredService<Data.CommunityShareDb>()));
        builder.Services.AddScoped<Outbox>();
        return builder;
    }
}
