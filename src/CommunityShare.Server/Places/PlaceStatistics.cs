using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Places;

/// <summary>Hours open to the public, bookings and use in one part of the district over one stretch of days.</summary>
public sealed record Figures(Duration OpenTime, int Bookings, double PlaceHoursOffered, double PlaceHoursBooked)
{
    public static readonly Figures Zero = new(Duration.Zero, 0, 0, 0);

    /// <summary>Booked share of what was offered, 0 to 1 (0 when nothing was offered).</summary>
    public double UseRate => PlaceHoursOffered <= 0 ? 0 : Math.Min(1, PlaceHoursBooked / PlaceHoursOffered);

    public Figures Plus(Figures other) => new(OpenTime + other.OpenTime, Bookings + other.Bookings,
        PlaceHoursOffered + other.PlaceHoursOffered, PlaceHoursBooked + other.PlaceHoursBooked);
}

public sealed record DayFigures(LocalDate Date, Figures Figures);

public sealed record InstitutionFigures(string InstitutionId, string Name, string PlaceCode, int Facilities, Figures Figures);

/// <summary>A place directly under the area (a town of the district, a neighbourhood of a town): the sum of the institutions in it.</summary>
public sealed record SubAreaFigures(Place Place, int Institutions, int Facilities, Figures Figures);

public sealed record AreaFigures(Place Place, DateInterval Week, int Institutions, int Facilities, Figures Total,
    IReadOnlyList<DayFigures> Days, IReadOnlyList<InstitutionFigures> ByInstitution, IReadOnlyList<SubAreaFigures> SubAreas);

/// <summary>
/// What a part of the district opens and how it is used, for a week (Monday to Sunday): hours open
/// to the public (windows, date overrides and blackouts), bookings that took or held places, and
/// the use rate — booked place-hours over offered place-hours, where a facility offers its open
/// hours times its places (a whole with parts counts once; a booking of one of n parts uses 1/n of
/// it). Aggregates only, nothing personal: public, like the catalogue (政务公开).
/// </summary>
public sealed class PlaceStatistics(CommunityShareDb db)
{
    /// <summary>Bookings that took or held a place: a no-show still kept it from someone else.</summary>
    private static readonly BookingState[] Counted =
        [BookingState.PendingApproval, BookingState.Confirmed, BookingState.CheckedIn, BookingState.NoShow];

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>
    /// The same figures for the staff console (辖区概况): staff who oversee the place — its office,
    /// the district, the supervisor. Residents are NOT_ALLOWED, other staff NOT_IN_SCOPE (the public
    /// figures stay public through <see cref="ForWeekAsync"/>; the console links to staff work).
    /// </summary>
    public async Task<AreaFigures> OverviewAsync(Actor actor, string placeCode, LocalDate anyDayOfWeek, CancellationToken cancellationToken)
    {
        actor.RequireStaff("see an area's overview");
        var place = await FindAsync(placeCode, cancellationToken);
        actor.RequireOversee(Jurisdiction.OfPlace(place.Code), "see this area's overview");
        return await ForWeekAsync(place, anyDayOfWeek, cancellationToken);
    }

    public async Task<AreaFigures> ForWeekAsync(string placeCode, LocalDate anyDayOfWeek, CancellationToken cancellationToken) =>
        await ForWeekAsync(await FindAsync(placeCode, cancellationToken), anyDayOfWeek, cancellationToken);

    private async Task<Place> FindAsync(string placeCode, CancellationToken cancellationToken) =>
        await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == placeCode, cancellationToken)
        ?? throw Problem.NotFound(ResourceNames.Place(placeCode));

    private async Task<AreaFigures> ForWeekAsync(Place place, LocalDate anyDayOfWeek, CancellationToken cancellationToken)
    {
        var placeCode = place.Code;
        var monday = anyDayOfWeek.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
        var week = new DateInterval(monday, monday.PlusDays(6));
        var span = new Interval(monday.AtStartOfDayInZone(Shanghai).ToInstant().Minus(Duration.FromDays(1)),
            monday.PlusDays(8).AtStartOfDayInZone(Shanghai).ToInstant());

        var institutions = await db.Institutions.AsNoTracking().Where(i => i.PlaceCode.StartsWith(placeCode))
            .Select(i => new { i.Id, i.Name, i.PlaceCode }).ToListAsync(cancellationToken);
        var children = await db.Places.AsNoTracking().Where(p => p.ParentCode == placeCode).ToListAsync(cancellationToken);
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.PlaceCode.StartsWith(placeCode)).ToListAsync(cancellationToken);
        var ids = facilities.Select(f => f.Id).ToArray();
        var blackouts = (await db.Blackouts.AsNoTracking()
                .Where(b => ids.Contains(b.FacilityId) && b.Start < span.End && b.End > span.Start).ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId, b => b.Period);
        var bookings = (await db.Bookings.AsNoTracking()
                .Where(b => ids.Contains(b.FacilityId) && Counted.Contains(b.State) && b.Start < span.End && b.End > span.Start)
                .Select(b => new { b.FacilityId, b.Start, b.End, b.PartySize }).ToListAsync(cancellationToken))
            .ToLookup(b => b.FacilityId);
        var partsOf = facilities.Where(f => f.ParentFacilityId is not null).GroupBy(f => f.ParentFacilityId!).ToDictionary(g => g.Key, g => g.Count());

        var byDay = week.ToDictionary(d => d, _ => Figures.Zero);
        var byInstitution = new Dictionary<string, Figures>();
        foreach (var f in facilities)
        {
            var share = f.ParentFacilityId is null ? 1.0 : 1.0 / partsOf.GetValueOrDefault(f.ParentFacilityId, 1);
            var closures = blackouts[f.Id].ToArray();
            foreach (var date in week)
            {
                var day = new Interval(date.AtStartOfDayInZone(f.Zone).ToInstant(), date.PlusDays(1).AtStartOfDayInZone(f.Zone).ToInstant());
                var figures = Figures.Zero;
                if (f.ParentFacilityId is null)
                {
                    // Offered by wholes and standalone facilities only, so that a hall and its halves count once.
                    var open = OpenTime.Total(f.Schedule, f.Zone, date, closures);
                    figures = figures with { OpenTime = open, PlaceHoursOffered = open.TotalHours * f.Capacity };
                }
                foreach (var b in bookings[f.Id])
                {
                    var within = OpenTime.Overlap(new Interval(b.Start, b.End), day);
                    if (within > Duration.Zero && b.Start >= day.Start && b.Start < day.End)
                    {
                        figures = figures with
                        {
                            Bookings = figures.Bookings + 1,
                            PlaceHoursBooked = figures.PlaceHoursBooked + within.TotalHours * (f.Capacity == 1 ? share : b.PartySize),
                        };
                    }
                }
                byDay[date] = byDay[date].Plus(figures);
                byInstitution[f.InstitutionId] = byInstitution.GetValueOrDefault(f.InstitutionId, Figures.Zero).Plus(figures);
            }
        }
        var total = byDay.Values.Aggregate(Figures.Zero, (sum, d) => sum.Plus(d));
        var rows = institutions
            .Select(i => new InstitutionFigures(i.Id, i.Name, i.PlaceCode, facilities.Count(f => f.InstitutionId == i.Id),
                byInstitution.GetValueOrDefault(i.Id, Figures.Zero)))
            .OrderByDescending(r => r.Figures.OpenTime).ThenBy(r => r.InstitutionId, StringComparer.Ordinal)
            .ToArray();
        // Division codes nest, so an institution lies in the child whose code starts its own.
        var subAreas = children.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var inside = rows.Where(r => r.PlaceCode.StartsWith(c.Code, StringComparison.Ordinal)).ToArray();
            return new SubAreaFigures(c, inside.Length, inside.Sum(r => r.Facilities),
                inside.Aggregate(Figures.Zero, (sum, r) => sum.Plus(r.Figures)));
        }).ToArray();
        return new AreaFigures(place, week, institutions.Count, facilities.Count, total,
            week.Select(d => new DayFigures(d, byDay[d])).ToArray(), rows, subAreas);
    }
}
