using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Institutions;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage.Facilities;

/// <summary>
/// A facility's weekly series (固定场次) for groups, made by the institution or the street office at
/// the counter for the group's responsible resident: the form (days, time, term, party, the resident
/// and how they consented), then every series with each meeting booked, scheduled or rejected with
/// its reasons, and buttons to cancel one meeting or the rest. The same use cases as
/// BookingSeriesService (<see cref="CreateBookingSeries"/>, <see cref="SeriesDesk"/>).
/// </summary>
public sealed class SeriesModel(CommunityShare.Server.Providers.RunningContracts running, CreateBookingSeries create, SeriesDesk desk, FacilityCatalog catalog, InstitutionRegistry institutions, IClock clock)
    : AppPageModel, IRedisplay, IFormFields
{
    public static readonly IsoDayOfWeek[] Week =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    public sealed class SeriesForm
    {
        /// <summary>The group's responsible resident: their id (r1) or residents/r1.</summary>
        public string? Resident { get; set; }

        public string? DisplayName { get; set; }

        public List<string> Days { get; set; } = [];

        public string? StartTime { get; set; }

        public string? Slots { get; set; } = "1";

        public string? FirstDate { get; set; }

        public string? LastDate { get; set; }

        public string? PartySize { get; set; }

        /// <summary>How the resident consented: InPerson, ByPhone or Written.</summary>
        public string? Consent { get; set; }

        public string? Note { get; set; }

        public string? RequestId { get; set; }
    }

    [BindProperty]
    public SeriesForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Made { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Cancelled { get; set; }

    public Facility Facility { get; private set; } = null!;

    public string InstitutionName { get; private set; } = "";

    public bool Manages { get; private set; }

    public IReadOnlyList<SeriesView> All { get; private set; } = [];

    public Instant Now { get; private set; }

    public async Task OnGetAsync(string id)
    {
        await LoadAsync(id, HttpContext.RequestAborted);
        Input.RequestId = Guid.NewGuid().ToString();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var me = RequireMe();
        await LoadAsync(id, HttpContext.RequestAborted);
        var violations = new Violations();
        string? resident = null;
        if (!string.IsNullOrWhiteSpace(Input.Resident))
        {
            resident = Input.Resident!.Trim();
            resident = resident.StartsWith("residents/", StringComparison.Ordinal) ? resident["residents/".Length..] : resident;
            violations.Check(!ResourceNames.IdPattern().IsMatch(resident), "booking_series.resident", Reasons.InvalidFormat, "must be a resident's id.");
        }
        var days = new List<IsoDayOfWeek>();
        foreach (var day in Input.Days)
        {
            violations.Check(!Enum.TryParse<IsoDayOfWeek>(day, out var d) || !Week.Contains(d), "booking_series.days_of_week", Reasons.OutOfRange, "is not a day.");
            days.Add(Enum.TryParse<IsoDayOfWeek>(day, out var ok) ? ok : IsoDayOfWeek.None);
        }
        LocalTime? start = null;
        if (!string.IsNullOrWhiteSpace(Input.StartTime))
        {
            start = violations.Check(!TimeText.TryTime(Input.StartTime, out var t) || Input.StartTime.Trim() == "24:00", "booking_series.start_time",
                Reasons.InvalidFormat, "must be a time like 09:00.") ? t : null;
        }
        var first = ReadDate(Input.FirstDate, "booking_series.first_date", violations);
        var last = ReadDate(Input.LastDate, "booking_series.last_date", violations);
        var slots = int.TryParse(Input.Slots, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var party = int.TryParse(Input.PartySize, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        violations.Check(party is < 1 or > BookingGrpcService.MaxPartySize, "booking_series.party_size", Reasons.OutOfRange,
            $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        ProxyConsent? consent = Enum.TryParse<ProxyConsentMethod>(Input.Consent, out var method) && Counter.CounterBookModel.ConsentMethods.Contains(method)
            ? new ProxyConsent(method, Input.Note ?? "")
            : null;
        var key = RequestLedger.KeyFor(me, nameof(CreateBookingSeries), Input.RequestId, new Contracts.V1.CreateBookingSeriesRequest
        {
            Parent = "facilities/" + id,
            BookingSeries = new Contracts.V1.BookingSeries
            {
                Resident = Input.Resident ?? "",
                DisplayName = Input.DisplayName ?? "",
                StartTime = new Google.Type.TimeOfDay { Hours = start?.Hour ?? 0, Minutes = start?.Minute ?? 0 },
                Slots = slots,
                PartySize = party,
                FirstDate = first is { } f ? new Google.Type.Date { Year = f.Year, Month = f.Month, Day = f.Day } : null,
                LastDate = last is { } l ? new Google.Type.Date { Year = l.Year, Month = l.Month, Day = l.Day } : null,
                DaysOfWeek = { days.Select(d => (Google.Type.DayOfWeek)(int)d) },
            },
            RequestId = Input.RequestId ?? "",
        }, violations);
        var made = await create.HandleAsync(me, new SeriesDraft(id, resident, Input.DisplayName ?? "", days, start, slots, first, last, party, consent),
            key, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/facilities/{id}/series?made={made.Series.Id}#series-{made.Series.Id}");
    }

    /// <summary>Cancels the meeting on <paramref name="date"/>, or (<paramref name="rest"/>) every meeting from it on.</summary>
    public async Task<IActionResult> OnPostCancelAsync(string id, string series, string date, bool rest)
    {
        var violations = new Violations();
        var day = ReadDate(date, "date", violations);
        await desk.CancelAsync(RequireMe(), id, series ?? "", day, onlyThis: !rest, "", null, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/facilities/{id}/series?cancelled=true#series-{series}");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "booking_series.resident" => "Input.Resident",
        "booking_series.display_name" => "Input.DisplayName",
        "booking_series.days_of_week" => "Input.Days",
        "booking_series.start_time" => "Input.StartTime",
        "booking_series.slots" => "Input.Slots",
        "booking_series.first_date" => "Input.FirstDate",
        "booking_series.last_date" => "Input.LastDate",
        "booking_series.party_size" => "Input.PartySize",
        "booking_series.proxy_consent.method" => "Input.Consent",
        "booking_series.proxy_consent.note" => "Input.Note",
        "request_id" or "date" => "",
        _ => null,
    };

    private static LocalDate? ReadDate(string? text, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null; // the use case says it is required
        }
        return violations.Check(!TimeText.TryDate(text, out var date), field, Reasons.InvalidFormat, "must be a date like 2026-09-01.") ? date : null;
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Facility = (await catalog.GetAsync(id, cancellationToken)).Facility;
        var where = running.JurisdictionOf(Facility);
        me.RequireOversee(where, "see this facility's series");
        Manages = me.Manages(where);
        InstitutionName = (await institutions.GetAsync(Facility.InstitutionId, cancellationToken)).Name;
        Now = clock.GetCurrentInstant();
        All = (await desk.ListAsync(me, id, null, 50, null, new Violations(), cancellationToken)).Series;
    }
}
