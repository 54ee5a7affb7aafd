using System.Globalization;
using CommunityShare.Contracts;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using CreateBookingRequest = CommunityShare.Contracts.V1.CreateBookingRequest;
using ProtoConsent = CommunityShare.Contracts.V1.ProxyConsent;

namespace CommunityShare.Server.Pages.Manage.Counter;

/// <summary>
/// Booking for a resident at the counter, in three steps on one address: choose a facility the
/// clerk manages (by kind and name), a day and a free slot (the slots the resident pages show,
/// from <see cref="Availability"/>), then how long, for how many and how the resident consented
/// (本人到场 / 电话 / 书面, with a note). <see cref="CounterDesk.BookAsync"/> makes the booking as
/// CreateBooking does: the resident's, made by the clerk, with a request id so that a form sent
/// twice books once.
/// </summary>
public sealed class CounterBookModel(CounterDesk counter, IClock clock) : AppPageModel, IRedisplay, IFormFields
{
    public static readonly ProxyConsentMethod[] ConsentMethods = [ProxyConsentMethod.InPerson, ProxyConsentMethod.ByPhone, ProxyConsentMethod.Written];

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    /// <summary>Words of the facility's or institution's name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Facility { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Start { get; set; }

    [BindProperty]
    public CounterBookingInput Input { get; set; } = new();

    public Resident Resident { get; private set; } = null!;

    public LocalDate Today { get; private set; }

    /// <summary>Step one: the facilities found (null once a facility is chosen).</summary>
    public CounterFacilities? Found { get; private set; }

    /// <summary>Steps two and three: the chosen facility.</summary>
    public CounterFacility? Chosen { get; private set; }

    public LocalDate Day { get; private set; }

    public IReadOnlyList<SlotView> Slots { get; private set; } = [];

    /// <summary>Step three: the chosen slot (its first slot length), and how it stands for the party typed.</summary>
    public Interval? Slot { get; private set; }

    public SlotView? Current { get; private set; }

    public string Self => $"/manage/counter/residents/{Uri.EscapeDataString(Resident.Id)}/book";

    public async Task OnGetAsync(string id)
    {
        Input.RequestId = Guid.NewGuid().ToString();
        Input.PartySize = "1";
        var violations = new Violations();
        await LoadAsync(id, 1, violations, HttpContext.RequestAborted);
        violations.ThrowIfAny();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        var violations = new Violations();
        var party = 0;
        violations.Check(!int.TryParse(Input.PartySize, NumberStyles.None, CultureInfo.InvariantCulture, out party)
                         || party is < 1 or > BookingGrpcService.MaxPartySize,
            "booking.party_size", Reasons.OutOfRange, $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        await LoadAsync(id, party is >= 1 and <= BookingGrpcService.MaxPartySize ? party : 1, violations, cancellationToken);
        violations.Check(Chosen is null, "booking.facility", Reasons.Required, "choose a facility first.");
        violations.Check(Chosen is not null && string.IsNullOrEmpty(Start), "booking.start_time", Reasons.Required, "choose a slot first.");
        violations.Check(Input.Slots is < 1 or > BookingRules.MostSlotsPerBooking, "slots", Reasons.OutOfRange,
            $"must be 1 to {BookingRules.MostSlotsPerBooking} slots.");
        // The method is read here; whether one is needed (and which) is CreateBooking's to say.
        ProxyConsent? consent = Enum.TryParse<ProxyConsentMethod>(Input.Consent, out var method) && ConsentMethods.Contains(method)
            ? new ProxyConsent(method, Input.Note ?? "")
            : null;
        if (Chosen is null)
        {
            violations.ThrowIfAny();
        }
        var start = Slot?.Start ?? default;
        var slot = new Interval(start, start + Chosen!.Facility.Rules.SlotLength * Math.Clamp(Input.Slots, 1, BookingRules.MostSlotsPerBooking));
        // The same idempotency key as CreateBooking over gRPC: the same request (and request id) books once.
        var request = new CreateBookingRequest
        {
            Parent = "facilities/" + Chosen.Facility.Id,
            Booking = new Contracts.V1.Booking
            {
                Resident = "residents/" + id,
                StartTime = ProtoTime.ToTimestamp(slot.Start),
                EndTime = ProtoTime.ToTimestamp(slot.End),
                PartySize = party,
                ProxyConsent = consent is null ? null : new ProtoConsent { Method = (ProtoConsent.Types.Method)(int)consent.Method, Note = consent.Note },
            },
            RequestId = Input.RequestId ?? "",
        };
        var key = RequestLedger.KeyFor(me, nameof(CreateBooking), Input.RequestId, request, violations);
        var booking = await counter.BookAsync(me, id, new BookingDraft(Chosen.Facility.Id, id, slot, party, consent), key, violations, cancellationToken);
        return Redirect($"/manage/counter/residents/{Uri.EscapeDataString(id)}/bookings/{booking.FacilityId}/{booking.Id}?made=true");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "kind" => nameof(Kind),
        "date" => nameof(Date),
        "booking.party_size" => "Input.PartySize",
        "slots" => "Input.Slots",
        "booking.proxy_consent.method" => "Input.Consent",
        "booking.proxy_consent.note" => "Input.Note",
        _ => "",
    };

    /// <summary>This page at a step: the facility, a day, a slot.</summary>
    public string Link(string? facility = null, LocalDate? date = null, Instant? start = null)
    {
        var query = new List<string>();
        if (facility is not null)
        {
            query.Add("facility=" + Uri.EscapeDataString(facility));
        }
        if (date is { } d)
        {
            query.Add("date=" + LocalDatePattern.Iso.Format(d));
        }
        if (start is { } s)
        {
            query.Add("start=" + Uri.EscapeDataString(LocalTimes.ForLink(s)));
        }
        return query.Count == 0 ? Self : Self + "?" + string.Join("&", query);
    }

    /// <summary>Reads what the address asks for and loads the step it is at; what cannot be read is a problem on its field.</summary>
    private async Task LoadAsync(string id, int partySize, Violations violations, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Resident = await counter.ResidentAsync(me, id, cancellationToken);
        var zone = DateTimeZoneProviders.Tzdb[FacilityCatalog.DefaultTimeZone];
        Today = clock.GetCurrentInstant().InZone(zone).Date;
        if (string.IsNullOrEmpty(Facility))
        {
            FacilityKind? kind = null;
            if (!string.IsNullOrEmpty(Kind))
            {
                kind = violations.Check(!Enum.TryParse<FacilityKind>(Kind, out var k) || !Enum.IsDefined(k), "kind", Reasons.InvalidFormat,
                    "is not a kind of facility.") ? k : null;
            }
            Found = await counter.FacilitiesAsync(me, kind, Q, cancellationToken);
            return;
        }
        Day = Today;
        Instant? start = null;
        if (!string.IsNullOrEmpty(Start))
        {
            start = violations.Check(!LocalTimes.TryReadLink(Start, out var s), "booking.start_time", Reasons.InvalidFormat, "is not a time.") ? s : null;
        }
        else if (!string.IsNullOrEmpty(Date))
        {
            var parsed = LocalDatePattern.Iso.Parse(Date);
            Day = violations.Check(!parsed.Success, "date", Reasons.InvalidFormat, "must be a date such as 2026-06-11.") ? parsed.Value : Today;
        }
        if (!violations.Items.Any(v => v.Field == "date"))
        {
            // The date field shows the day shown (what was typed stays when it could not be read).
            Date = LocalDatePattern.Iso.Format(Day);
        }
        if (start is { } at)
        {
            Day = at.InZone(zone).Date;
        }
        (Chosen, Slots) = await counter.SlotsAsync(me, Facility, Day, partySize, cancellationToken);
        if (start is { } chosen)
        {
            if (chosen.InZone(Chosen.Facility.Zone).Date != Day)
            {
                // A facility in another zone: the slot's day is its own.
                Day = chosen.InZone(Chosen.Facility.Zone).Date;
                (Chosen, Slots) = await counter.SlotsAsync(me, Facility, Day, partySize, cancellationToken);
            }
            Current = Slots.FirstOrDefault(s => s.Time.Interval.Start == chosen);
            Slot = Current?.Time.Interval;
            violations.Check(Current is null, "booking.start_time", Reasons.NotOnSlotBoundary, "is not the start of one of the facility's slots.");
        }
    }
}

public sealed class CounterBookingInput
{
    public string? PartySize { get; set; }

    public int Slots { get; set; } = 1;

    /// <summary>How the resident consented: InPerson, ByPhone or Written.</summary>
    public string? Consent { get; set; }

    public string? Note { get; set; }

    public string? RequestId { get; set; }
}
