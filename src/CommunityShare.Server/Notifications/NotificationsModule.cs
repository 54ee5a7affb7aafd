namespace CommunityShare.Server.Notifications;

public static class NotificationsModule
{
    /// <summary>The outbox channel (replace <see cref="NotificationChannelOn"/> to send for real) and its reader.</summary>
    public static WebApplicationBuilder AddCommunityShareNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationChannelOn>(_ => db => new OutboxChannel(db));
        builder.Services.AddScoped<INotificationChannel>(services => services.GetRequiredService<NotificationChannelOn>()(services.GetRequiredService<Data.CommunityShareDb>()));
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<Notices>();
        builder.Services.AddScoped<Bookings.Reminders>();
        builder.Services.AddSingleton<Bookings.CancelLinks>();
        builder.Services.AddScoped<Credit.ConsequenceNotices>();
        builder.Services.AddOptions<NoticeSettings>().BindConfiguration(NoticeSettings.Section)
            .Validate(s => s.SweepSeconds is >= 1 and <= 3600, "Notices:SweepSeconds must be 1 to 3600.")
            .ValidateOnStart();
        builder.Services.AddHostedService<NoticeService>();
        return builder;
    }
}
