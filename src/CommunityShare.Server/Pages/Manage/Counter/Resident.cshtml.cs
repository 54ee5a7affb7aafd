using CreateProxyGrantRequest = CommunityShare.Contracts.V1.CreateProxyGrantRequest;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Residents;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages.Manage.Counter;

/// <summary>
/// A resident at the counter (<see cref="CounterDesk.OpenAsync"/>): the record masked, whether a
/// guardian or family members act for them (standing consents) and for whom they act; their
/// upcoming bookings at the facilities the clerk oversees, to cancel or check in on their behalf;
/// a link to book for them; and, for the office of their home, a form to record a family member's
/// standing consent.
/// </summary>
public sealed class CounterResidentModel(CounterDesk counter, Availability availability, Gazetteer gazetteer, CommunityShareDb db,
    CommunityShare.Server.Residents.ResidentRegistry residents)
    : AppPageModel, IRedisplay, IFormFields
{
    public const string CancelForm = "cancel";
    public const string CheckInForm = "check-in";
    public const string ConsentForm = "consent";
    public const string HouseholdForm = "household";

    /// <summary>The household register's number the clerk types (empty: none).</summary>
    [BindProperty]
    public string? Household { get; set; }

    /// <summary>What was just done (cancelled, checked-in, consent), said at the top after the redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? Facility { get; set; }

    [BindProperty]
    public string? Booking { get; set; }

    /// <summary>Why the resident cancels (optional).</summary>
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The check-in code the resident shows.</summary>
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public ConsentInput Grant { get; set; } = new();

    /// <summary>Which form a problem shown belongs to (<see cref="CancelForm"/>, <see cref="CheckInForm"/>, <see cref="ConsentForm"/>).</summary>
    public string? Posted { get; private set; }

    public string Id { get; private set; } = "";

    public CounterCard Card { get; private set; } = null!;

    public IReadOnlyList<CounterBooking> Upcoming { get; private set; } = [];

    public IReadOnlyDictionary<string, Facility> Facilities { get; private set; } = new Dictionary<string, Facility>();

    public GazetteerEntries Names { get; private set; } = null!;

    public async Task OnGetAsync(string id)
    {
        Grant.RequestId = Guid.NewGuid().ToString();
        await LoadAsync(id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        (Id, Posted) = (id, CancelForm);
        await ActAsync(id, BookingAction.Cancel, Reason?.Trim() ?? "");
        return Redirect($"/manage/counter/residents/{Uri.EscapeDataString(id)}?done=cancelled");
    }

    public async Task<IActionResult> OnPostCheckInAsync(string id)
    {
        (Id, Posted) = (id, CheckInForm);
        await ActAsync(id, BookingAction.CheckIn, Code?.Trim() ?? "");
        return Redirect($"/manage/counter/residents/{Uri.EscapeDataString(id)}?done=checked-in");
    }

    public async Task<IActionResult> OnPostConsentAsync(string id)
    {
        var me = RequireMe();
        (Id, Posted) = (id, ConsentForm);
        var violations = new Violations();
        // The same idempotency key as CreateProxyGrant over gRPC: the same form (and request id) records once.
        var request = new CreateProxyGrantRequest
        {
            Parent = "residents/" + id,
            ProxyGrant = new Contracts.V1.ProxyGrant { Proxy = Grant.Proxy ?? "", Relationship = Grant.Relationship ?? "", ConsentNote = Grant.Note ?? "" },
            RequestId = Grant.RequestId ?? "",
        };
        var key = RequestLedger.KeyFor(me, "CreateProxyGrant", Grant.RequestId, request, violations);
        await counter.RecordConsentAsync(me, id, Grant.Proxy, Grant.Relationship, Grant.Note, key, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/counter/residents/{Uri.EscapeDataString(id)}?done=consent");
    }

    /// <summary>Puts the resident in a household (户), as the household register shows: its members share the household quotas.</summary>
    public async Task<IActionResult> OnPostHouseholdAsync(string id)
    {
        (Id, Posted) = (id, HouseholdForm);
        var changes = new CommunityShare.Server.Residents.ResidentChanges(null, null, null, new HashSet<string> { "household" }, null, Household?.Trim().ToLowerInvariant() ?? "");
        await residents.UpdateAsync(RequireMe(), id, changes, null, new Violations(), HttpContext.RequestAborted);
        return Redirect($"/manage/counter/residents/{Uri.EscapeDataString(id)}?done=household");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(Id, cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "check_in_code" => nameof(Code),
        "reason" => nameof(Reason),
        "proxy_grant.proxy" => "Grant.Proxy",
        "proxy_grant.relationship" => "Grant.Relationship",
        "proxy_grant.consent_note" => "Grant.Note",
        "resident.household" => nameof(Household),
        _ => "",
    };

    /// <summary>Whether a problem on the page belongs to this form (of this booking, for the booking forms).</summary>
    public bool ProblemsOf(string form, string? bookingId = null) =>
        !ModelState.IsValid && Posted == form && (bookingId is null || bookingId == Booking);

    private async Task ActAsync(string id, BookingAction action, string argument)
    {
        var violations = new Violations();
        violations.Required(Facility, "facility");
        violations.Required(Booking, "booking");
        violations.ThrowIfAny();
        await counter.ActAsync(RequireMe(), id, Facility!, Booking!, action, argument, violations, HttpContext.RequestAborted);
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Id = id;
        Card = await counter.OpenAsync(me, id, cancellationToken);
        Upcoming = await counter.UpcomingAsync(me, id, cancellationToken);
        Facilities = (await availability.CatalogueAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        Names = await gazetteer.GetAsync(db, cancellationToken);
    }
}

/// <summary>A family member's standing consent, as the clerk types it.</summary>
public sealed class ConsentInput
{
    /// <summary>The family member's mobile or identity number.</summary>
    public string? Proxy { get; set; }

    public string? Relationship { get; set; }

    /// <summary>How the resident consented (本人到场签字 …).</summary>
    public string? Note { get; set; }

    public string? RequestId { get; set; }
}
