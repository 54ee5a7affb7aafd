using CommunityShare.Server.Bookings;
using CommunityShare.Server.Credit;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Notifications;

/// <summary>The <c>Notices</c> settings.</summary>
public sealed class NoticeSettings
{
    public const string Section = "Notices";

    /// <summary>How often reminders, credit notices and scheduled notices are looked for (real time; what is due goes by the injected clock).</summary>
    public int SweepSeconds { get; set; } = 60;
}

/// <summary>Sends what the platform says by itself: day-before reminders, credit consequence notices, and scheduled notices that are due.</summary>
public sealed class NoticeService(IServiceScopeFactory scopes, IOptions<NoticeSettings> settings, ILogger<NoticeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.SweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    /// <summary>One sweep: what is due now is sent (tests call it after moving the clock).</summary>
    public static async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        using var acting = Audit.Acting.As(Audit.Acting.System);
        var sent = await services.GetRequiredService<Reminders>().RunAsync(cancellationToken);
        var consequences = services.GetRequiredService<ConsequenceNotices>();
        sent += await consequences.RunAsync(cancellationToken);
        sent += await services.GetRequiredService<Notices>().SendDueAsync(consequences.StillStandsAsync, cancellationToken);
        return sent;
    }

    private static readonly Action<ILogger, Exception?> LogFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(1, "NoticesFailed"), "Sending notices failed; trying again at the next tick");
}
