using System.Globalization;
using CommunityShare.Contracts;
using CreateBookingRequest = CommunityShare.Contracts.V1.CreateBookingRequest;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Facilities;

/// <summary>
/// Booking a slot: the slot, how long and for how many, the facility's rules to read and accept
/// (the resident's commitment, 告知承诺), then <see cref="CreateBooking"/> as the gRPC door calls it,
/// with a request id so that a form sent twice books once.
/// </summary>
public sealed class BookModel(CreateBooking create, JoinWaitlist join, FacilityCatalog catalog, Availability availability, Gazetteer gazetteer,
    CommunityShareDb db)
    : AppPageModel, IRedisplay, IFormFields
{
    /// <summary>The reason on the commitment box when it was not ticked; the booking rules are the use case's.</summary>
    public const string RulesNotAccepted = "RULES_NOT_ACCEPTED";

    [BindProperty(SupportsGet = true)]
    public string? Start { get; set; }

    [BindProperty]
    public BookingInput Input { get; set; } = new();

    public Facility Facility { get; private set; } = null!;

    public string InstitutionName { get; private set; } = "";

    public Interval? Slot { get; private set; }

    /// <summary>The slot as the availability use case sees it now, or null when the start is not a slot of the coming days.</summary>
    public SlotView? Current { get; private set; }

    /// <summary>The slot is full for the party: the form puts the resident in line instead (<see cref="JoinWaitlist"/>).</summary>
    public bool Full => Current?.State == SlotState.Full;

    public async Task OnGetAsync(string id)
    {
        RequireMe();
        Input.RequestId = Guid.NewGuid().ToString();
        Input.PartySize = "1";
        Input.Slots = 1;
        await LoadAsync(id, 1, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var (me, slot, party, key) = await ReadFormAsync(id, nameof(CreateBooking), (start, end) => new CreateBookingRequest
        {
            Parent = "facilities/" + id,
            Booking = new Contracts.V1.Booking { StartTime = ProtoTime.ToTimestamp(start), EndTime = ProtoTime.ToTimestamp(end), PartySize = ReadParty() },
            RequestId = Input.RequestId ?? "",
        });
        var booking = await create.HandleAsync(me, new BookingDraft(id, null, slot, party), key, HttpContext.RequestAborted);
        return Redirect($"/bookings/{booking.FacilityId}/{booking.Id}?made=true");
    }

    /// <summary>A full slot: the same form puts the resident in line for it, under the same commitment.</summary>
    public async Task<IActionResult> OnPostJoinWaitlistAsync(string id)
    {
        var (me, slot, party, key) = await ReadFormAsync(id, nameof(JoinWaitlist), (start, end) => new Contracts.V1.JoinWaitlistRequest
        {
            Parent = "facilities/" + id,
            WaitlistEntry = new Contracts.V1.WaitlistEntry { StartTime = ProtoTime.ToTimestamp(start), EndTime = ProtoTime.ToTimestamp(end), PartySize = ReadParty() },
            RequestId = Input.RequestId ?? "",
        });
        await join.HandleAsync(me, new WaitlistDraft(id, null, slot, party), key, new Violations(), HttpContext.RequestAborted);
        return Redirect("/waitlist?joined=true");
    }

    /// <summary>
    /// Reads and checks the form, every problem at once; the request key is the one the gRPC door
    /// would give the same request (made by <paramref name="request"/>), so that a form sent twice acts once.
    /// </summary>
    private async Task<(Actor Me, Interval Slot, int Party, RequestKey? Key)> ReadFormAsync(string id, string method,
        Func<Instant, Instant, Google.Protobuf.IMessage> request)
    {
        var me = RequireMe();
        if (me.ResidentId is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed,
                "This form books for the signed-in resident; staff book for residents at the counter (/manage/counter).");
        }
        // The slot as it is for the party typed, so that a form sent back for its own problems also says whether the slot would take them.
        var typedParty = int.TryParse(Input.PartySize, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= BookingGrpcService.MaxPartySize ? p : 1;
        await LoadAsync(id, typedParty, HttpContext.RequestAborted);
        var violations = new Violations();
        Instant start = default;
        if (violations.Required(Start, "booking.start_time"))
        {
            violations.Check(!LocalTimes.TryReadLink(Start, out start), "booking.start_time", Reasons.InvalidFormat, "is not a time.");
        }
        violations.Check(Input.Slots is < 1 or > BookingRules.MostSlotsPerBooking, "slots", Reasons.OutOfRange,
            $"must be 1 to {BookingRules.MostSlotsPerBooking} slots.");
        var party = ReadParty();
        violations.Check(party is < 1 or > BookingGrpcService.MaxPartySize,
            "booking.party_size", Reasons.OutOfRange, $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        violations.Check(!Input.AcceptRules, "accept_rules", RulesNotAccepted, "the facility's rules must be read and accepted.");
        var slot = new Interval(start, start + Facility.Rules.SlotLength * Math.Clamp(Input.Slots, 1, BookingRules.MostSlotsPerBooking));
        var key = RequestLedger.KeyFor(me, method, Input.RequestId, request(slot.Start, slot.End), violations);
        violations.ThrowIfAny();
        return (me, slot, party, key);
    }

    /// <summary>The party size typed; 0 when it is not a number.</summary>
    private int ReadParty() => int.TryParse(Input.PartySize, NumberStyles.None, CultureInfo.InvariantCulture, out var party) ? party : 0;

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "booking.party_size" or "waitlist_entry.party_size" => "Input.PartySize",
        "slots" => "Input.Slots",
        "accept_rules" => "Input.AcceptRules",
        "request_id" => "",
        "booking.start_time" or "booking.end_time" or "waitlist_entry.start_time" or "waitlist_entry.end_time" => "",
        _ => null,
    };

    private async Task LoadAsync(string id, int partySize, CancellationToken cancellationToken)
    {
        Facility = (await catalog.GetAsync(id, cancellationToken)).Facility;
        var names = await gazetteer.GetAsync(db, cancellationToken);
        InstitutionName = names.Institutions.TryGetValue(Facility.InstitutionId, out var i) ? i.Name : Facility.InstitutionId;
        if (LocalTimes.TryReadLink(Start, out var start))
        {
            Slot = new Interval(start, start + Facility.Rules.SlotLength);
            var date = start.InZone(Facility.Zone).Date;
            var (slots, _) = await availability.ForFacilityAsync(id, new DateInterval(date, date), availableOnly: false, partySize, cancellationToken);
            Current = slots.FirstOrDefault(s => s.Time.Interval.Start == start);
        }
    }
}

public sealed class BookingInput
{
    public string? PartySize { get; set; }

    public int Slots { get; set; } = 1;

    public bool AcceptRules { get; set; }

    public string? RequestId { get; set; }
}
