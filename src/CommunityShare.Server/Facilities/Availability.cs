using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Facilities;

public enum SlotState
{
    Available = 1,
    Full = 2,
    NotYetReleased = 3,
    Closed = 4,
    BlackedOut = 5,
}

/// <summary>A slot of a facility and what is left of it at the time it was computed.</summary>
public sealed record SlotView(string FacilityId, SlotTime Time, int Capacity, int RemainingPlaces, SlotState State, Instant ReleaseTime);

public sealed record SlotSearch(FacilityKind? Kind, string? PlaceCode, DateInterval Dates, LocalTime? EarliestStart, LocalTime? LatestEnd,
    bool LatestEndIsMidnight, int PartySize, bool StepFreeAccess, WalkingCircle? Near = null);

/// <summary>
/// "Within a walk of here": facilities whose location is at most <see cref="Metres"/> from
/// <see cref="From"/> in a straight line.
/// </summary>
public sealed record WalkingCircle(GeoPoint From, double Metres)
{
    /// <summary>
    /// The 15-minute community circle (十五分钟社区服务圈, TD/T 1062-2021 defines it by walking time).
    /// Assumed: 15 minutes at about 4.8 km/h is 1.2 km, taken as straight-line distance; real
    /// streets make the walk longer, so this errs on the generous side.
    /// </summary>
    public const double FifteenMinuteWalkMetres = 1200;

    public static WalkingCircle FifteenMinutes(GeoPoint from) => new(from, FifteenMinuteWalkMetres);

    public bool Contains(GeoPoint? point) => point is { } p && From.DistanceMetresTo(p) <= Metres;
}

/// <summary>A facility with its free slots that fit a search, for a person choosing among them.</summary>
public sealed record FacilityFreeSlots(Facility Facility, IReadOnlyList<SlotView> Slots);

public sealed record SlotSearchPage(IReadOnlyList<(FacilityView Facility, IReadOnlyList<SlotView> Slots)> Results, string NextPageToken);

/// <summary>
/// Free slots, computed from the same rules the booking use case applies (opening windows, slot
/// grid, release, notice, blackouts, places held by the facility, its whole and its parts).
/// </summary>
public sealed class Availability(CommunityShareDb db, IClock clock, FacilitySnapshots snapshots, BookingHoldings holdings)
{
    public const int MaxDaysPerFacility = 31;
    public const int MaxDaysPerSearch = 14;
    private const int SearchBatch = 40;

    public async Task<(IReadOnlyList<SlotView> Slots, string TimeZone)> ForFacilityAsync(string facilityId, DateInterval dates, bool availableOnly,
        int partySize, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
        var slots = (await ComputeAsync([facility], dates, partySize, cancellationToken))[facilityId];
        return (availableOnly ? slots.Where(s => s.State == SlotState.Available).ToArray() : slots, facility.TimeZoneId);
    }

    public async Task<SlotSearchPage> SearchAsync(SlotSearch search, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var filter = $"{search.Kind}|{search.PlaceCode}|{search.Dates}|{search.EarliestStart}|{search.LatestEnd}|{search.LatestEndIsMidnight}|{search.PartySize}|{search.StepFreeAccess}|{search.Near}";
        var after = PageToken.Decode(pageToken, filter, violations);
        violations.ThrowIfAny();

        var query = FacilityCatalog.Filter(db.Facilities.AsNoTracking(), search.PlaceCode, null, search.Kind);
        if (search.StepFreeAccess)
        {
            query = query.Where(f => f.Accessibility.StepFreeAccess);
        }
        if (search.PartySize > 1)
        {
            // The same party limit that booking applies (Admission.CheckTiming): no slot is offered that would be refused.
            query = query.Where(f => (f.Capacity == 1 || f.Capacity >= search.PartySize)
                                     && (f.Rules.MaxPartySize == 0 || f.Rules.MaxPartySize >= search.PartySize));
        }
        var lastId = after?[0];
        var results = new List<(FacilityView, IReadOnlyList<SlotView>)>();
        var exhausted = false;
        while (results.Count < pageSize)
        {
            var batchQuery = lastId is null ? query : query.Where(f => string.Compare(f.Id, lastId) > 0);
            var batch = await batchQuery.OrderBy(f => f.Id).Take(SearchBatch).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                exhausted = true;
                break;
            }
            var near = search.Near is null ? batch : batch.Where(f => search.Near.Contains(f.Location)).ToList();
            var slots = await ComputeAsync(near, search.Dates, search.PartySize, cancellationToken);
            foreach (var facility in batch)
            {
                lastId = facility.Id;
                if (!slots.ContainsKey(facility.Id))
                {
                    continue;
                }
                var matching = slots[facility.Id].Where(s => s.State == SlotState.Available && Fits(s, facility, search)).ToArray();
                if (matching.Length > 0)
                {
                    results.Add((new FacilityView(facility, []), matching));
                    if (results.Count == pageSize)
                    {
                        break;
                    }
                }
            }
            if (batch.Count < SearchBatch && lastId == batch[^1].Id)
            {
                exhausted = true;
                break;
            }
        }
        var next = !exhausted && results.Count == pageSize ? PageToken.Encode(filter, lastId!) : "";
        // Show each facility as GetFacility does, with the names of its parts.
        var shownIds = results.Select(r => r.Item1.Facility.Id).ToArray();
        var parts = await db.Facilities.AsNoTracking().Where(f => f.ParentFacilityId != null && shownIds.Contains(f.ParentFacilityId))
            .Select(f => new { f.ParentFacilityId, f.Id }).ToListAsync(cancellationToken);
        var withParts = results.Select(r => (new FacilityView(r.Item1.Facility,
                parts.Where(p => p.ParentFacilityId == r.Item1.Facility.Id).Select(p => p.Id).Order(StringComparer.Ordinal).ToArray()), r.Item2))
            .ToList();
        return new SlotSearchPage(withParts, next);
    }

    /// <summary>
    /// Every facility that matches the search, each with its free slots that fit it, unpaged and
    /// in no particular order: for the web search and home pages, which sort by distance or by
    /// the earliest free slot and page what they show. The same filters and slot states as
    /// <see cref="SearchAsync"/>; the facility list comes from the catalogue kept in memory.
    /// </summary>
    public async Task<IReadOnlyList<FacilityFreeSlots>> FindAllAsync(SlotSearch search, CancellationToken cancellationToken)
    {
        // No connection is opened up front: the catalogue and the holdings are usually in memory.
        var catalogue = await snapshots.AllAsync(db, clock.GetCurrentInstant(), cancellationToken);
        var matching = catalogue.Facilities.Where(f =>
                (search.PlaceCode is null || f.PlaceCode.StartsWith(search.PlaceCode, StringComparison.Ordinal))
                && (search.Kind is null || f.Kind == search.Kind)
                && (!search.StepFreeAccess || f.Accessibility.StepFreeAccess)
                && (search.PartySize <= 1 || ((f.Capacity == 1 || f.Capacity >= search.PartySize)
                                              && (f.Rules.MaxPartySize == 0 || f.Rules.MaxPartySize >= search.PartySize)))
                && (search.Near is null || search.Near.Contains(f.Location)))
            .ToArray();
        if (matching.Length == 0)
        {
            return [];
        }
        // Only the free slots that fit are made into views: a district-wide search looks at
        // thousands of slots and shows a few dozen.
        var slots = await ComputeAsync(matching, search.Dates, search.PartySize, cancellationToken, catalogue, freeFitting: search);
        var results = new List<FacilityFreeSlots>();
        foreach (var facility in matching)
        {
            var free = slots[facility.Id];
            if (free.Count > 0)
            {
                results.Add(new FacilityFreeSlots(facility, free));
            }
        }
        return results;
    }

    /// <summary>Every facility of the catalogue (kept in memory until it changes), for pages that name them.</summary>
    public async Task<IReadOnlyList<Facility>> CatalogueAsync(CancellationToken cancellationToken) =>
        (await snapshots.AllAsync(db, clock.GetCurrentInstant(), cancellationToken)).Facilities;

    private static bool Fits(SlotView slot, Facility facility, SlotSearch search) => Fits(slot.Time, facility.Zone, search);

    private static bool Fits(SlotTime slot, DateTimeZone zone, SlotSearch search)
    {
        if (search.EarliestStart is null && search.LatestEnd is null)
        {
            return true;
        }
        var localStart = slot.Interval.Start.InZone(zone).LocalDateTime;
        var localEnd = slot.Interval.End.InZone(zone).LocalDateTime;
        if (search.EarliestStart is { } earliest && localStart.TimeOfDay < earliest)
        {
            return false;
        }
        if (search.LatestEnd is { } latest && !search.LatestEndIsMidnight)
        {
            // A slot that runs past midnight ends on the next day, after any latest end.
            return localEnd.Date == localStart.Date && localEnd.TimeOfDay <= latest;
        }
        return true;
    }

    /// <summary>Slots of each facility over the dates, with the places left and the state for a party of that size.</summary>
    /// <param name="catalogue">The catalogue kept in memory, when the caller has it at hand: wholes, parts and blackouts are then found without a query.</param>
    /// <param name="freeFitting">When given, only the available slots that fit this search's times are returned (the others are not made into views).</param>
    private async Task<Dictionary<string, IReadOnlyList<SlotView>>> ComputeAsync(IReadOnlyList<Facility> facilities, DateInterval dates, int partySize,
        CancellationToken cancellationToken, CatalogueSnapshot? catalogue = null, SlotSearch? freeFitting = null)
    {
        var now = clock.GetCurrentInstant();
        var ids = facilities.Select(f => f.Id).ToArray();
        var parents = facilities.Where(f => f.ParentFacilityId is not null).Select(f => f.ParentFacilityId!).ToArray();
        // Wide enough for every zone: a local date is at most 14 h away from UTC.
        var from = dates.Start.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.FromHours(15);
        var to = dates.End.PlusDays(2).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(15);

        List<FamilyMember> family;
        if (catalogue is null)
        {
            family = await db.Facilities.AsNoTracking()
                .Where(f => ids.Contains(f.Id) || parents.Contains(f.Id) || (f.ParentFacilityId != null && ids.Contains(f.ParentFacilityId)))
                .Select(f => new FamilyMember(f.Id, f.ParentFacilityId))
                .ToListAsync(cancellationToken);
        }
        else
        {
            var wanted = ids.Concat(parents).ToHashSet(StringComparer.Ordinal);
            family = catalogue.Facilities.Where(f => wanted.Contains(f.Id) || (f.ParentFacilityId is not null && wanted.Contains(f.ParentFacilityId)))
                .Select(f => new FamilyMember(f.Id, f.ParentFacilityId))
                .ToList();
        }
        var familyIds = family.Select(f => f.Id).ToArray();
        var earliestStart = from - Booking.LongestPossible;
        ILookup<string, Held> occupants;
        if (catalogue is not null)
        {
            // The pages' searches: the holdings of the window in every facility, kept until a booking changes.
            occupants = await holdings.GetAsync(db, catalogue, snapshots.Version, from, to, earliestStart, cancellationToken);
        }
        else
        {
            // The ids as one JSON parameter: one statement (and one cached plan) whatever their number.
            var held = await db.Bookings.AsNoTracking()
                .Where(b => EF.Parameter(familyIds).Contains(b.FacilityId) && Booking.HoldingStates.Contains(b.State)
                            && b.Start < to && b.Start > earliestStart && b.End > from)
                .Select(b => new Held(b.FacilityId, b.Start, b.End, b.PartySize))
                .ToListAsync(cancellationToken);
            occupants = held.ToLookup(b => b.FacilityId, StringComparer.Ordinal);
        }
        var blackouts = catalogue?.BlackoutsByFacility ?? (await db.Blackouts.AsNoTracking()
                .Where(b => familyIds.Contains(b.FacilityId) && b.Start < to && b.End > from)
                .ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId, StringComparer.Ordinal);
        var partsOf = family.Where(f => f.ParentFacilityId is not null).ToLookup(f => f.ParentFacilityId!, f => f.Id, StringComparer.Ordinal);

        var result = new Dictionary<string, IReadOnlyList<SlotView>>(facilities.Count, StringComparer.Ordinal);
        // Scratch lists, reused for every facility: a search goes through all of them.
        var related = new List<string>();
        var ownList = new List<Occupant>();
        var others = new List<Interval>();
        var closed = new List<Interval>();
        foreach (var facility in facilities)
        {
            // The facility's whole and its parts: what they hold blocks it, as in booking.
            related.Clear();
            related.AddRange(partsOf[facility.Id]);
            if (facility.ParentFacilityId is { } parentId)
            {
                related.Add(parentId);
            }
            ownList.Clear();
            foreach (var o in occupants[facility.Id])
            {
                ownList.Add(new Occupant(o.FacilityId, new Interval(o.Start, o.End), facility.IsExclusive ? 1 : o.PartySize));
            }
            var own = ownList.Count == 0 ? [] : ownList.ToArray();
            others.Clear();
            closed.Clear();
            foreach (var r in related)
            {
                foreach (var o in occupants[r])
                {
                    others.Add(new Interval(o.Start, o.End));
                }
                AddClosed(closed, blackouts[r], from, to);
            }
            AddClosed(closed, blackouts[facility.Id], from, to);
            var zone = facility.Zone;
            var rules = facility.Rules;
            var needed = facility.IsExclusive ? 1 : Math.Max(1, partySize);
            // A party larger than the facility allows can never book a slot of it: shown as full for that party.
            var partyFits = rules.MaxPartySize == 0 || partySize <= rules.MaxPartySize;

            List<SlotView>? views = null;
            var releaseDate = default(LocalDate);
            var release = default(Instant);
            var first = true;
            foreach (var date in dates)
            {
                foreach (var slot in snapshots.SlotsOn(facility, date))
                {
                    var tooLate = slot.Interval.Start - now < rules.MinimumNotice;
                    if (tooLate && freeFitting is not null)
                    {
                        // Closed: never free, and nothing more to work out.
                        continue;
                    }
                    var remaining = OverlapsAny(others, slot.Interval)
                        ? 0
                        : Math.Max(0, facility.Capacity - (own.Length == 0 ? 0 : Admission.PeakPlaces(own, slot.Interval)));
                    if (slot.Date != releaseDate || first)
                    {
                        (releaseDate, release) = (slot.Date, rules.ReleaseOf(slot.Date, zone));
                        first = false;
                    }
                    var state = tooLate ? SlotState.Closed
                        : OverlapsAny(closed, slot.Interval) ? SlotState.BlackedOut
                        : remaining < needed || !partyFits ? SlotState.Full
                        : now < release ? SlotState.NotYetReleased
                        : SlotState.Available;
                    if (freeFitting is not null && (state != SlotState.Available || !Fits(slot, zone, freeFitting)))
                    {
                        continue;
                    }
                    (views ??= []).Add(new SlotView(facility.Id, slot, facility.Capacity, remaining, state, release));
                }
            }
            result[facility.Id] = views is null ? [] : views;
        }
        return result;
    }

    private static void AddClosed(List<Interval> closed, IEnumerable<Blackout> blackouts, Instant from, Instant to)
    {
        foreach (var b in blackouts)
        {
            var p = b.Period;
            if (p.Start < to && p.End > from)
            {
                closed.Add(p);
            }
        }
    }

    private static bool OverlapsAny(List<Interval> intervals, Interval slot)
    {
        foreach (var i in intervals)
        {
            if (Admission.Overlaps(i, slot))
            {
                return true;
            }
        }
        return false;
    }
}

internal sealed record FamilyMember(string Id, string? ParentFacilityId);

internal sealed record Held(string FacilityId, Instant Start, Instant End, int PartySize);
