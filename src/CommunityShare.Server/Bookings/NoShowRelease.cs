using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Audit;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <summary>The <c>Bookings</c> settings of the no-show release.</summary>
public sealed class NoShowSettings
{
    public const string Section = "Bookings";

    /// <summary>A confirmed booking not checked in this long after its start is released as a no-show (15 minutes late counts as not coming).</summary>
    public int NoShowAfterMinutes { get; set; } = 15;

    /// <summary>How often the release looks (real time); what it decides goes by the injected clock.</summary>
    public int NoShowSweepSeconds { get; set; } = 30;
}

/// <summary>
/// Releases no-shows: a confirmed booking not checked in by <see cref="NoShowSettings.NoShowAfterMinutes"/>
/// after its start becomes a no-show, so its places come back for walk-ins and the waitlist (what is
/// still ahead of them is offered to the line at once), and the resident's credit record says so. Runs by the injected clock, so tests move time and call it.
/// </summary>
public sealed class NoShowRelease(CommunityShareDb db, IClock clock, IOptions<NoShowSettings> settings, IBookingGuard guard, WaitlistOffers offers)
{
    public const int Batch = 200;

    /// <summary>Releases every booking past the cut-off; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var cutoff = now - Duration.FromMinutes(settings.Value.NoShowAfterMinutes);
        var released = 0;
        using var acting = Acting.As(Acting.System);
        while (true)
        {
            // A batch is one guarded write: the places it frees are offered to the waitlist before anyone can book them.
            var count = await guard.RunAsync(db, async (writeDb, ct) =>
            {
                var due = await writeDb.Bookings.Where(b => b.State == BookingState.Confirmed && b.Start <= cutoff)
                    .OrderBy(b => b.Start).Take(Batch).ToListAsync(ct);
                if (due.Count == 0)
                {
                    return 0;
                }
                var ids = due.Select(b => b.FacilityId).Distinct().ToArray();
                var places = await writeDb.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id))
                    .ToDictionaryAsync(f => f.Id, f => f.PlaceCode, ct);
                foreach (var booking in due)
                {
                    booking.MarkNoShow(now);
                    CreditRecords.Append(writeDb, CreditEventKind.NoShow, booking, places[booking.FacilityId],
                        $"开始后 {settings.Value.NoShowAfterMinutes} 分钟内未签到，系统自动释放。", Acting.System, now);
                }
                await writeDb.SaveChangesAsync(ct);
                await offers.OfferFreedAsync(writeDb, due.Select(b => new FreedPlace(b.FacilityId, b.Slot)).ToArray(), now, ct);
                return due.Count;
            }, cancellationToken);
            db.ChangeTracker.Clear();
            if (count == 0)
            {
                return released;
            }
            released += count;
        }
    }
}

/// <summary>Runs <see cref="NoShowRelease"/> every <see cref="NoShowSettings.NoShowSweepSeconds"/> seconds.</summary>
public sealed class NoShowReleaseService(IServiceScopeFactory scopes, IOptions<NoShowSettings> settings, ILogger<NoShowReleaseService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.NoShowSweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var released = await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(stoppingToken);
                if (released > 0)
                {
                    LogReleased(logger, released, null);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; nothing half-done is saved (each batch is one save).
                LogFailed(logger, e);
            }
        }
    }

    private static readonly Action<ILogger, int, Exception?> LogReleased =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "NoShowsReleased"), "Released {Count} no-shows");

    private static readonly Action<ILogger, Exception?> LogFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(2, "NoShowReleaseFailed"), "Releasing no-shows failed; trying again at the next tick");
}
