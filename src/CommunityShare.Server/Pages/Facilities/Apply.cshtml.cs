using System.Globalization;
using CommunityShare.Contracts;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Lotteries;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Facilities;

/// <summary>
/// Applying for a slot of a lottery facility (摇号报名): the slot, the party, when the draw runs,
/// the weights the facility gives, and the facility's rules to accept (the resident's commitment,
/// as for a booking); then <see cref="ApplyToLottery"/> as the gRPC door calls it, with a request id
/// so that a form sent twice applies once.
/// </summary>
public sealed class ApplyModel(ApplyToLottery apply, FacilityCatalog catalog) : AppPageModel, IRedisplay, IFormFields
{
    [BindProperty(SupportsGet = true)]
    public string? Start { get; set; }

    [BindProperty]
    public BookingInput Input { get; set; } = new();

    public Facility Facility { get; private set; } = null!;

    public Interval? Slot { get; private set; }

    /// <summary>The slot's application window, when the start is a time.</summary>
    public Interval? Window { get; private set; }

    public async Task OnGetAsync(string id)
    {
        RequireMe();
        Input.RequestId = Guid.NewGuid().ToString();
        Input.PartySize = "1";
        await LoadAsync(id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var me = RequireMe();
        if (me.ResidentId is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "This form applies for the signed-in resident.");
        }
        await LoadAsync(id, HttpContext.RequestAborted);
        var violations = new Violations();
        Instant start = default;
        if (violations.Required(Start, "lottery_application.start_time"))
        {
            violations.Check(!LocalTimes.TryReadLink(Start, out start), "lottery_application.start_time", Reasons.InvalidFormat, "is not a time.");
        }
        var party = int.TryParse(Input.PartySize, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        violations.Check(party is < 1 or > BookingGrpcService.MaxPartySize, "lottery_application.party_size", Reasons.OutOfRange,
            $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        violations.Check(!Input.AcceptRules, "accept_rules", BookModel.RulesNotAccepted, "the facility's rules must be read and accepted.");
        var key = RequestLedger.KeyFor(me, nameof(Contracts.V1.LotteryService.LotteryServiceBase.CreateLotteryApplication), Input.RequestId,
            new Contracts.V1.CreateLotteryApplicationRequest
            {
                Parent = "facilities/" + id,
                LotteryApplication = new Contracts.V1.LotteryApplication { StartTime = ProtoTime.ToTimestamp(start), PartySize = party },
                RequestId = Input.RequestId ?? "",
            }, violations);
        violations.ThrowIfAny();
        await apply.HandleAsync(me, new ApplicationDraft(id, null, start, party), key, violations, HttpContext.RequestAborted);
        return Redirect("/lotteries?applied=true");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField) => apiField switch
    {
        "lottery_application.party_size" => "Input.PartySize",
        "accept_rules" => "Input.AcceptRules",
        "request_id" or "lottery_application.start_time" => "",
        _ => null,
    };

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        Facility = (await catalog.GetAsync(id, cancellationToken)).Facility;
        if (LocalTimes.TryReadLink(Start, out var start))
        {
            Slot = new Interval(start, start + Facility.Rules.SlotLength);
            Window = Facility.Rules.Lottery.ApplicationWindow(start.InZone(Facility.Zone).Date, Facility.Rules, Facility.Zone);
        }
    }
}
