using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;

namespace CommunityShare.Server.Facilities;

/// <summary>
/// The places that bookings hold in every facility over a window of days, as the search pages
/// read them, kept in memory until any booking changes: the pages search the whole district on
/// every request, and bookings change far less often than people look. Only what is shown comes
/// from here; whether a slot can still be booked is always decided again inside the booking
/// guard (<see cref="Bookings.CreateBooking"/>).
/// </summary>
/// <remarks>
/// Kept correct by <see cref="BookingChanges"/>, which bumps <see cref="Version"/> after every
/// committed save that adds, changes or deletes a booking (every booking write goes through EF's
/// SaveChanges). A window is read with the version at hand and kept only if no bump came while it
/// was read; a bump after the commit is what matters, so a window read before the commit can
/// never outlive it.
/// </remarks>
public sealed class BookingHoldings
{
    /// <summary>Most windows kept; past it they are all dropped (a search asks for one of a few dozen days).</summary>
    private const int MostWindows = 64;

    private readonly ConcurrentDictionary<(Instant From, Instant To, long Catalogue), Window> _windows = new();
    private long _version;

    private sealed record Window(long Version, ILookup<string, Held> ByFacility);

    /// <summary>Goes up after every committed change to bookings.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Called after a change to bookings is committed (and before, which does no harm).</summary>
    public void Changed()
    {
        Interlocked.Increment(ref _version);
        _windows.Clear();
    }

    /// <summary>
    /// What bookings in a holding state hold from <paramref name="from"/> to <paramref name="to"/>
    /// in every facility of the catalogue, by facility (a booking lasts at most 25 h, so it starts
    /// after <paramref name="earliestStart"/>).
    /// </summary>
    internal async Task<ILookup<string, Held>> GetAsync(CommunityShareDb db, CatalogueSnapshot catalogue, long catalogueVersion, Instant from,
        Instant to, Instant earliestStart, CancellationToken cancellationToken)
    {
        var version = Version;
        var key = (from, to, catalogueVersion);
        if (_windows.TryGetValue(key, out var kept) && kept.Version == version)
        {
            return kept.ByFacility;
        }
        var ids = catalogue.Facilities.Select(f => f.Id).ToArray();
        // The ids as one JSON parameter: one statement (and one cached plan), each id an index seek.
        var held = await db.Bookings.AsNoTracking()
            .Where(b => EF.Parameter(ids).Contains(b.FacilityId) && Booking.HoldingStates.Contains(b.State)
                        && b.Start < to && b.Start > earliestStart && b.End > from)
            .Select(b => new Held(b.FacilityId, b.Start, b.End, b.PartySize))
            .ToListAsync(cancellationToken);
        var byFacility = held.ToLookup(b => b.FacilityId, StringComparer.Ordinal);
        if (Version == version)
        {
            if (_windows.Count >= MostWindows)
            {
                _windows.Clear();
            }
            _windows[key] = new Window(version, byFacility);
        }
        return byFacility;
    }
}

/// <summary>
/// Tells <see cref="BookingHoldings"/> that bookings changed: after a save that touched a booking
/// commits (at the end of SaveChanges without a transaction of the caller's, or when the
/// caller's transaction commits, as the booking writer's does).
/// </summary>
public sealed class BookingChanges(BookingHoldings holdings) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Contexts whose open transaction has saved a booking change not yet committed.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<Booking>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            _pending.AddOrUpdate(context, holdings);
            holdings.Changed();
        }
    }

    /// <summary>Without a transaction of the caller's, SaveChanges has committed (or rolled back) by now.</summary>
    private void Saved(DbContext? context)
    {
        if (context is { Database.CurrentTransaction: null } && _pending.Remove(context))
        {
            holdings.Changed();
        }
    }

    private void Ended(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            holdings.Changed();
        }
    }
}
