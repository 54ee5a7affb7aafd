using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Facilities;

/// <summary>
/// Facility search: by kind, town or subdistrict, date and time, party size, step-free access and
/// the 15-minute walk from a neighbourhood; sorted by distance or by the earliest free slot, paged.
/// The free slots come from <see cref="Availability"/>, the same use case as SearchFreeSlots.
/// </summary>
public sealed class FacilitySearchModel(Availability availability, Gazetteer gazetteer, CommunityShareDb db, IClock clock)
    : AppPageModel, IFormFields
{
    public const int PageSize = 10;
    public const int MaxPartySize = 1000;
    public const string ByEarliest = "earliest";
    public const string ByDistance = "distance";

    /// <summary>The kinds offered in the form, by their names.</summary>
    public static readonly string[] Kinds = Enum.GetNames<FacilityKind>();

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Party { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool StepFree { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Near { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Walk { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public GazetteerEntries Names { get; private set; } = null!;

    public LocalDate Today { get; private set; }

    public sealed record Result(Facility Facility, string InstitutionName, string PlaceName, double? DistanceMetres, bool Walkable,
        IReadOnlyList<SlotView> Slots);

    public IReadOnlyList<Result> Results { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Names = await gazetteer.GetAsync(db, cancellationToken);
        Today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone]).Date;

        var violations = new Violations();
        FacilityKind? kind = null;
        if (!string.IsNullOrEmpty(Kind))
        {
            kind = violations.Check(!Enum.TryParse<FacilityKind>(Kind, out var k) || !Enum.IsDefined(k), "kind", Reasons.InvalidFormat,
                "is not a kind of facility.") ? k : null;
        }
        string? place = null;
        if (!string.IsNullOrEmpty(Place))
        {
            place = violations.Check(!Names.Places.ContainsKey(Place), "place", Reasons.NotFound, "is not a place of the district.") ? Place : null;
        }
        var date = Today;
        if (!string.IsNullOrEmpty(Date))
        {
            var parsed = LocalDatePattern.Iso.Parse(Date);
            if (violations.Check(!parsed.Success, "date", Reasons.InvalidFormat, "must be a date such as 2026-06-11."))
            {
                date = parsed.Value;
                violations.Check(date < Today, "date", Reasons.OutOfRange, "must be today or later.");
            }
        }
        var earliest = ReadTime(From, "earliest_start_time", violations);
        var latest = ReadTime(To, "latest_end_time", violations);
        violations.Check(earliest is not null && latest is not null && latest <= earliest, "latest_end_time", Reasons.OutOfRange,
            "must be after the earliest start.");
        var party = 1;
        if (!string.IsNullOrEmpty(Party))
        {
            violations.Check(!int.TryParse(Party, NumberStyles.None, CultureInfo.InvariantCulture, out party) || party is < 1 or > MaxPartySize,
                "party_size", Reasons.OutOfRange, $"must be 1 to {MaxPartySize} people.");
        }
        Place? neighbourhood = null;
        if (!string.IsNullOrEmpty(Near))
        {
            neighbourhood = Names.Neighbourhood(Near);
            violations.Check(neighbourhood?.Location is null, "near", Reasons.NotFound, "is not a neighbourhood of the district.");
        }
        var sort = string.IsNullOrEmpty(Sort) ? (neighbourhood is null ? ByEarliest : ByDistance) : Sort;
        violations.Check(sort is not (ByEarliest or ByDistance), "sort", Reasons.InvalidFormat, "must be earliest or distance.");
        violations.Check(neighbourhood is null && (Walk || sort == ByDistance) && !violations.Items.Any(v => v.Field == "near"), "near",
            Reasons.Required, "is needed to search by walking distance.");
        violations.Check(PageNumber < 1, "page_number", Reasons.OutOfRange, "must be 1 or more.");
        violations.ThrowIfAny();
        Sort = sort;

        var from = neighbourhood?.Location;
        var search = new SlotSearch(kind, place, new DateInterval(date, date), earliest, latest, false, party, StepFree,
            Walk && from is { } f ? WalkingCircle.FifteenMinutes(f) : null);
        var found = await availability.FindAllAsync(search, cancellationToken);
        // Every facility found is ranked by its sort keys; rows are made only for the page shown.
        var ranked = new (FacilityFreeSlots Found, Instant First, double? Distance)[found.Count];
        for (var i = 0; i < ranked.Length; i++)
        {
            var r = found[i];
            var first = r.Slots[0].Time.Interval.Start;
            foreach (var slot in r.Slots)
            {
                first = Instant.Min(first, slot.Time.Interval.Start);
            }
            ranked[i] = (r, first, from is { } here && r.Facility.Location is { } there ? here.DistanceMetresTo(there) : null);
        }
        Array.Sort(ranked, sort == ByDistance
            ? static (a, b) => Compare(a.Distance ?? double.MaxValue, b.Distance ?? double.MaxValue, a.First, b.First, a.Found, b.Found)
            : static (a, b) => Compare(a.First, b.First, a.Distance ?? double.MaxValue, b.Distance ?? double.MaxValue, a.Found, b.Found));
        Total = ranked.Length;
        Results = ranked.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(r =>
        {
            var institution = Names.Institutions.TryGetValue(r.Found.Facility.InstitutionId, out var i) ? i.Name : r.Found.Facility.InstitutionId;
            return new Result(r.Found.Facility, institution, Names.NameOf(Names.TownOf(r.Found.Facility.PlaceCode)?.Code), r.Distance,
                r.Distance <= WalkingCircle.FifteenMinuteWalkMetres, InOrder(r.Found.Slots));
        }).ToArray();
    }

    private static int Compare<TFirst, TSecond>(TFirst first1, TFirst first2, TSecond second1, TSecond second2, FacilityFreeSlots a,
        FacilityFreeSlots b)
        where TFirst : IComparable<TFirst>
        where TSecond : IComparable<TSecond>
    {
        var c = first1.CompareTo(first2);
        if (c == 0)
        {
            c = second1.CompareTo(second2);
        }
        return c != 0 ? c : StringComparer.Ordinal.Compare(a.Facility.Id, b.Facility.Id);
    }

    /// <summary>The slots by start time (as they usually come already).</summary>
    private static IReadOnlyList<SlotView> InOrder(IReadOnlyList<SlotView> slots)
    {
        for (var i = 1; i < slots.Count; i++)
        {
            if (slots[i].Time.Interval.Start < slots[i - 1].Time.Interval.Start)
            {
                return slots.OrderBy(s => s.Time.Interval.Start).ToArray();
            }
        }
        return slots;
    }

    /// <summary>This search with another page number, for the pager's links.</summary>
    public string PageLink(int page)
    {
        var query = HttpUtility(Request.Query.Where(q => !string.Equals(q.Key, nameof(PageNumber), StringComparison.OrdinalIgnoreCase)));
        return $"/facilities?{query}{(query.Length > 0 ? "&" : "")}{nameof(PageNumber)}={page}";
    }

    public string? FormField(string apiField) => apiField switch
    {
        "kind" => nameof(Kind),
        "place" => nameof(Place),
        "date" => nameof(Date),
        "earliest_start_time" => nameof(From),
        "latest_end_time" => nameof(To),
        "party_size" => nameof(Party),
        "near" => nameof(Near),
        "sort" => nameof(Sort),
        _ => "",
    };

    private static string HttpUtility(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> pairs) =>
        string.Join("&", pairs.SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))));

    private static LocalTime? ReadTime(string? text, string field, Violations violations)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var parsed = TimePattern.Parse(text);
        return violations.Check(!parsed.Success, field, Reasons.InvalidFormat, "must be a time such as 18:30.") ? parsed.Value : null;
    }
}
