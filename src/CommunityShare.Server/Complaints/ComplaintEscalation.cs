using CommunityShare.Server.Audit;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Complaints;

/// <summary>
/// Escalates overdue complaints every <see cref="ComplaintSettings.EscalationSweepSeconds"/> seconds. What
/// is overdue goes by the injected clock, so tests move time and call <see cref="ComplaintDesk.EscalateOverdueAsync"/>.
/// </summary>
public sealed class ComplaintEscalationService(IServiceScopeFactory scopes, IOptions<ComplaintSettings> settings, ILogger<ComplaintEscalationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.EscalationSweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(scopes, logger, stoppingToken);
        }
    }

    /// <summary>One sweep (all batches); failures are logged and retried at the next tick.</summary>
    public static async Task<int> SweepAsync(IServiceScopeFactory scopes, ILogger logger, CancellationToken cancellationToken)
    {
        var total = 0;
        try
        {
            using var acting = Acting.As(Acting.System);
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                var moved = await scope.ServiceProvider.GetRequiredService<ComplaintDesk>().EscalateOverdueAsync(cancellationToken);
                total += moved;
                if (moved == 0)
                {
                    break;
                }
            }
            if (total > 0)
            {
                LogEscalated(logger, total, null);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A complaint answered at the same moment fails the batch's save; the next tick sees it answered.
            LogFailed(logger, e);
        }
        return total;
    }

    private static readonly Action<ILogger, int, Exception?> LogEscalated =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "ComplaintsEscalated"), "Escalated {Count} overdue complaints");

    private static readonly Action<ILogger, Exception?> LogFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(2, "ComplaintEscalationFailed"), "Escalating overdue complaints failed; trying again at the next tick");
}
