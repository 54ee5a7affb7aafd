using CommunityShare.Domain;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages;

/// <summary>
/// What is open near a neighbourhood today and this week: the signed-in resident's home
/// neighbourhood, or the one a visitor chooses. Facilities of the neighbourhood's town or
/// subdistrict, nearest first, with their free slots from <see cref="Availability"/>.
/// </summary>
public sealed class IndexModel(Availability availability, Gazetteer gazetteer, ResidentRegistry residents, CommunityShareDb db, IClock clock)
    : AppPageModel
{
    public const int Listed = 6;
    public const int WeekDays = 7;

    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    public GazetteerEntries Names { get; private set; } = null!;

    public Place? Neighbourhood { get; private set; }

    public bool IsHome { get; private set; }

    public LocalDate Today { get; private set; }

    public sealed record Nearby(FacilityFreeSlots Found, string InstitutionName, double? DistanceMetres, bool Walkable,
        IReadOnlyList<SlotView> Today, int ThisWeek);

    public IReadOnlyList<Nearby> OpenToday { get; private set; } = [];

    public IReadOnlyList<Nearby> OpenThisWeek { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Names = await gazetteer.GetAsync(db, cancellationToken);
        Today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone]).Date;
        if (!string.IsNullOrEmpty(Place))
        {
            Neighbourhood = Names.Neighbourhood(Place)
                            ?? throw Problem.Invalid("place", Reasons.NotFound, "is not a neighbourhood of the district.");
        }
        else if (Me?.ResidentId is { } residentId)
        {
            try
            {
                var home = (await residents.GetAsync(Me, residentId, full: false, cancellationToken)).Resident.HomePlaceCode;
                Neighbourhood = Names.Neighbourhood(home);
                IsHome = Neighbourhood is not null;
            }
            catch (Problem problem) when (problem.Kind == ProblemKind.NotFound)
            {
                // An account without a real-name record yet: it chooses, like a visitor.
            }
        }
        if (Neighbourhood is null)
        {
            return;
        }

        var town = Names.TownOf(Neighbourhood.Code);
        var from = Neighbourhood.Location;
        var found = await availability.FindAllAsync(new SlotSearch(null, town?.Code ?? Neighbourhood.Code,
            new DateInterval(Today, Today.PlusDays(WeekDays - 1)), null, null, false, 1, false), cancellationToken);
        var rows = found.Select(r =>
            {
                double? distance = from is { } here && r.Facility.Location is { } there ? here.DistanceMetresTo(there) : null;
                var institution = Names.Institutions.TryGetValue(r.Facility.InstitutionId, out var i) ? i.Name : "";
                var today = r.Slots.Where(s => s.Time.Date == Today).OrderBy(s => s.Time.Interval.Start).ToArray();
                return new Nearby(r, institution, distance, distance <= WalkingCircle.FifteenMinuteWalkMetres, today, r.Slots.Count);
            })
            .OrderBy(r => r.DistanceMetres ?? double.MaxValue).ThenBy(r => r.Found.Facility.Id, StringComparer.Ordinal)
            .ToArray();
        OpenToday = rows.Where(r => r.Today.Count > 0).Take(Listed).ToArray();
        OpenThisWeek = rows.Take(Listed).ToArray();
    }
}
