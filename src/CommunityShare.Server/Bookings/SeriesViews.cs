using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <summary>One occurrence as it stands: a booked one shows its booking, and is cancelled when its booking was.</summary>
public sealed record OccurrenceView(SeriesOccurrence Occurrence, Booking? Booking)
{
    public OccurrenceState State => Occurrence.State == OccurrenceState.Booked && Booking?.State == BookingState.Cancelled
        ? OccurrenceState.Cancelled
        : Occurrence.State;

    /// <summary>Still to come and held or waiting to be booked.</summary>
    public bool IsAheadAt(Instant now) => Occurrence.Start > now
                                           && (State == OccurrenceState.Scheduled || (State == OccurrenceState.Booked && Booking is { } b && Booking.Holds(b.State)));
}

public enum SeriesState
{
    Active = 1,
    Cancelled = 2,
    Ended = 3,
}

/// <summary>A series with its facility and every occurrence, in date order.</summary>
public sealed record SeriesView(BookingSeries Series, Facility Facility, IReadOnlyList<OccurrenceView> Occurrences)
{
    public SeriesState StateAt(Instant now) =>
        Occurrences.Any(o => o.IsAheadAt(now)) ? SeriesState.Active
        : Series.CancelledFrom is not null ? SeriesState.Cancelled
        : SeriesState.Ended;

    public int Count(OccurrenceState state) => Occurrences.Count(o => o.State == state);
}

/// <summary>Reads series with their occurrences, bookings and facilities, in a few queries.</summary>
public static class SeriesViews
{
    public static async Task<SeriesView?> FindAsync(CommunityShareDb db, string facilityId, string seriesId, CancellationToken cancellationToken)
    {
        var series = await db.Set<BookingSeries>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == seriesId && s.FacilityId == facilityId, cancellationToken);
        return series is null ? null : (await LoadAsync(db, [series], cancellationToken))[0];
    }

    public static async Task<IReadOnlyList<SeriesView>> LoadAsync(CommunityShareDb db, IReadOnlyList<BookingSeries> series, CancellationToken cancellationToken)
    {
        var ids = series.Select(s => s.Id).ToArray();
        var occurrences = await db.Set<SeriesOccurrence>().AsNoTracking().Where(o => ids.Contains(o.SeriesId)).ToListAsync(cancellationToken);
        var bookingIds = occurrences.Where(o => o.BookingId != null).Select(o => o.BookingId!).ToArray();
        var bookings = await db.Bookings.AsNoTracking().Where(b => bookingIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
        var facilityIds = series.Select(s => s.FacilityId).Distinct().ToArray();
        var facilities = await db.Facilities.AsNoTracking().Where(f => facilityIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        var bySeries = occurrences.ToLookup(o => o.SeriesId);
        return series.Select(s => new SeriesView(s, facilities[s.FacilityId], bySeries[s.Id].OrderBy(o => o.Date)
            .Select(o => new OccurrenceView(o, o.BookingId is { } b ? bookings.GetValueOrDefault(b) : null)).ToArray())).ToArray();
    }
}
