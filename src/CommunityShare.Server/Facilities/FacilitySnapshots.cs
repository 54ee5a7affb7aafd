using System.Collections.Concurrent;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Facilities;

/// <summary>Every facility and the blackouts of the days around now and ahead, as searches read them.</summary>
public sealed record CatalogueSnapshot(IReadOnlyList<Facility> Facilities, ILookup<string, Blackout> BlackoutsByFacility);

/// <summary>What booking needs to know about a facility: itself, its whole and parts, and the blackouts ahead.</summary>
public sealed record FacilitySnapshot(Facility Facility, string[] Family, IReadOnlyList<Blackout> Blackouts);

/// <summary>
/// Facilities, their families and blackouts change rarely and are read on every booking, so they
/// are kept in memory and dropped whenever the catalogue changes. Only rules come from here: who
/// holds which places is always read inside the booking guard.
/// </summary>
public sealed class FacilitySnapshots
{
    private readonly ConcurrentDictionary<string, FacilitySnapshot> _snapshots = new(StringComparer.Ordinal);
    private long _version;
    private volatile CatalogueSnapshot? _all;
    private readonly ConcurrentDictionary<(string Id, int Version, long Catalogue, LocalDate Date), SlotTime[]> _grids = new();

    /// <summary>Most (facility, date) slot grids kept; past it they are all dropped and computed again.</summary>
    private const int MostGrids = 100_000;

    /// <summary>
    /// The slot grid of a facility on a date (<see cref="SlotGrid.SlotsOn"/>), computed once per
    /// version of the facility: it depends only on the schedule, zone and slot length, and every
    /// search and facility page needs it for every facility and day it shows. Keyed by the
    /// facility's version and the catalogue's, so a grid of an older facility is never served.
    /// </summary>
    public SlotTime[] SlotsOn(Facility facility, LocalDate date)
    {
        var version = Interlocked.Read(ref _version);
        var key = (facility.Id, facility.Version, version, date);
        if (_grids.TryGetValue(key, out var grid))
        {
            return grid;
        }
        if (_grids.Count >= MostGrids)
        {
            _grids.Clear();
        }
        grid = SlotGrid.SlotsOn(date, facility.Schedule, facility.Zone, facility.Rules.SlotLength).ToArray();
        if (Interlocked.Read(ref _version) == version)
        {
            _grids[key] = grid;
        }
        return grid;
    }

    /// <summary>
    /// Every facility and the blackouts from two days back on, read once and kept until the
    /// catalogue changes: the web pages search the whole district on every request. The
    /// instances are shared, so nobody may change them.
    /// </summary>
    public async Task<CatalogueSnapshot> AllAsync(CommunityShareDb db, Instant now, CancellationToken cancellationToken)
    {
        if (_all is { } cached)
        {
            return cached;
        }
        var version = Interlocked.Read(ref _version);
        var facilities = await db.Facilities.AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);
        // Two days back: a search's first day starts before now, and its slots that have passed are closed anyway.
        var since = now - Duration.FromDays(2);
        var blackouts = await db.Blackouts.AsNoTracking().Where(b => b.End > since).ToListAsync(cancellationToken);
        var all = new CatalogueSnapshot(facilities, blackouts.ToLookup(b => b.FacilityId, StringComparer.Ordinal));
        if (Interlocked.Read(ref _version) == version)
        {
            _all = all;
            if (Interlocked.Read(ref _version) != version)
            {
                _all = null;
            }
        }
        return all;
    }

    public async Task<FacilitySnapshot> GetAsync(CommunityShareDb db, string facilityId, Instant now, CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue(facilityId, out var cached))
        {
            return cached;
        }
        var version = Interlocked.Read(ref _version);
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
        var parentId = facility.ParentFacilityId;
        var family = await db.Facilities.AsNoTracking()
            .Where(f => f.ParentFacilityId == facilityId || f.Id == parentId)
            .Select(f => f.Id)
            .ToListAsync(cancellationToken);
        family.Add(facilityId);
        // Past blackouts cannot matter to a new booking; ones ending later are all kept.
        var blackouts = await db.Blackouts.AsNoTracking()
            .Where(b => family.Contains(b.FacilityId) && b.End > now)
            .ToListAsync(cancellationToken);
        var snapshot = new FacilitySnapshot(facility, family.ToArray(), blackouts);
        // Kept only if nothing changed while it was read; otherwise the next booking reads again.
        if (Interlocked.Read(ref _version) == version)
        {
            _snapshots[facilityId] = snapshot;
            if (Interlocked.Read(ref _version) != version)
            {
                _snapshots.TryRemove(facilityId, out _);
            }
        }
        return snapshot;
    }

    /// <summary>Goes up with every change to the catalogue, for caches of what is derived from it.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Called after every change to facilities or blackouts.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _snapshots.Clear();
        _all = null;
        _grids.Clear();
    }
}
