using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Audit;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <summary>What one sweep did.</summary>
public sealed record WaitlistSweepOutcome(int Expired, int Offered);

/// <summary>
/// Moves the waitlist on by the injected clock (so tests move time and call it): offers whose
/// deadline has passed expire and their places go to the next in line; entries for slots too close
/// for an offer are closed; and whatever is free for an entry still waiting is offered to it, which
/// also catches places freed other than by a booking's change (a facility given more places, a
/// blackout lifted). All of it in one guarded write.
/// </summary>
public sealed class WaitlistSweep(CommunityShareDb db, IClock clock, IBookingGuard guard, WaitlistOffers offers)
{
    /// <summary>At most this many lapsed offers, and this many waiting entries, per sweep; the next sweep takes the rest.</summary>
    public const int Batch = 500;

    public async Task<WaitlistSweepOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        using var acting = Acting.As(Acting.System);
        var outcome = await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var lapsed = await writeDb.WaitlistEntries.Where(w => w.State == WaitlistEntryState.Offered && w.OfferDeadline <= now)
                .OrderBy(w => w.OfferDeadline).Take(Batch).ToListAsync(ct);
            var holdIds = lapsed.Select(w => w.BookingId).ToArray();
            var holds = await writeDb.Bookings.Where(b => holdIds.Contains(b.Id) && b.State == BookingState.Offered).ToListAsync(ct);
            foreach (var entry in lapsed)
            {
                entry.Expire(now);
            }
            writeDb.Bookings.RemoveRange(holds);
            await writeDb.SaveChangesAsync(ct);

            // Everything still waiting, soonest slot first: the places the lapsed offers held are among what is free.
            var waiting = await writeDb.WaitlistEntries.Where(w => w.State == WaitlistEntryState.Waiting)
                .OrderBy(w => w.Start).ThenBy(w => w.CreateTime).Take(Batch).ToListAsync(ct);
            var offered = await offers.OfferFreeAsync(writeDb, waiting, now, ct);
            return new WaitlistSweepOutcome(lapsed.Count, offered);
        }, cancellationToken);
        db.ChangeTracker.Clear();
        return outcome;
    }
}

/// <summary>Runs <see cref="WaitlistSweep"/> every <see cref="WaitlistSettings.SweepSeconds"/> seconds.</summary>
public sealed class WaitlistSweepService(IServiceScopeFactory scopes, IOptions<WaitlistSettings> settings, ILogger<WaitlistSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.SweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<WaitlistSweep>().RunAsync(stoppingToken);
                if (outcome.Expired > 0 || outcome.Offered > 0)
                {
                    LogSwept(logger, outcome.Expired, outcome.Offered, null);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; nothing half-done is saved (a sweep is one guarded write).
                LogFailed(logger, e);
            }
        }
    }

    private static readonly Action<ILogger, int, int, Exception?> LogSwept =
        LoggerMessage.Define<int, int>(LogLevel.Information, new EventId(1, "WaitlistSwept"), "Expired {Expired} waitlist offers and made {Offered}");

    private static readonly Action<ILogger, Exception?> LogFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(2, "WaitlistSweepFailed"), "Sweeping the waitlist failed; trying again at the next tick");
}
