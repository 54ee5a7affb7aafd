using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Lotteries;

public enum LotteryApplicationState
{
    /// <summary>Waiting for the draw at <see cref="LotteryApplication.CloseTime"/>.</summary>
    Pending = 1,
    Withdrawn = 2,

    /// <summary>Drawn, and booked (see <see cref="LotteryApplication.BookingId"/>).</summary>
    Won = 3,

    /// <summary>Drawn without a place: the places ran out before their turn, or a rule kept them out (<see cref="LotteryApplication.Outcome"/>).</summary>
    Lost = 4,
}

/// <summary>
/// A resident's application (摇号报名) for one slot of a facility run by lottery, real-name and for
/// themselves (a proxy or counter staff may apply in their name, with consent, as for a booking).
/// Its weight is fixed when it is made, from the facility's rules then and where the resident lives
/// and how old they will be: what the resident was told is what the draw uses.
/// </summary>
public sealed class LotteryApplication
{
    private LotteryApplication() { }

    public LotteryApplication(string id, string facilityId, string residentId, Interval slot, int partySize, ApplicantWeight weight, string ticket,
        Instant openTime, Instant closeTime, string createdBy, Residents.ProxyConsent consent, Instant now)
    {
        Id = id;
        FacilityId = facilityId;
        ResidentId = residentId;
        Start = slot.Start;
        End = slot.End;
        PartySize = partySize;
        Weight = weight.Hundredths;
        HostArea = weight.HostArea;
        Senior = weight.Senior;
        Ticket = ticket;
        OpenTime = openTime;
        CloseTime = closeTime;
        CreatedBy = createdBy;
        ConsentMethod = consent.Method;
        ConsentNote = consent.Note;
        State = LotteryApplicationState.Pending;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string FacilityId { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public Interval Slot => new(Start, End);

    public int PartySize { get; private set; }

    /// <summary>Hundredths: 100 is 1×.</summary>
    public int Weight { get; private set; }

    /// <summary>The weight includes the host area's.</summary>
    public bool HostArea { get; private set; }

    /// <summary>The weight includes the seniors'.</summary>
    public bool Senior { get; private set; }

    public ApplicantWeight ApplicantWeight => new(Weight, HostArea, Senior);

    /// <summary>The resident's ticket for this slot (<see cref="WeightedDraw.Ticket"/>): how the draw record names them.</summary>
    public string Ticket { get; private set; } = "";

    public Instant OpenTime { get; private set; }

    /// <summary>When applications close and the draw runs.</summary>
    public Instant CloseTime { get; private set; }

    public LotteryApplicationState State { get; private set; }

    /// <summary>Who applied: the resident, a proxy, or counter staff.</summary>
    public string CreatedBy { get; private set; } = "";

    public Residents.ProxyConsentMethod ConsentMethod { get; private set; }

    public string ConsentNote { get; private set; } = "";

    /// <summary>The applicant's number u, key and rank in the draw; unset until it is drawn.</summary>
    public double? DrawNumber { get; private set; }

    public double? DrawKey { get; private set; }

    public int? Rank { get; private set; }

    /// <summary>The household's label in the draw (<see cref="WeightedDraw.HouseholdLabel"/>); null for someone counted alone.</summary>
    public string? HouseholdLabel { get; private set; }

    /// <summary>The booking a won application became.</summary>
    public string? BookingId { get; private set; }

    /// <summary>Why a drawn application got no place: the rules it met at its turn (SLOT_FULL when the places had run out).</summary>
    public IReadOnlyList<RuleViolation> Outcome { get; private set; } = [];

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    /// <summary>Withdraws the application; only while it waits for the draw and before the close.</summary>
    public void Withdraw(Instant now)
    {
        RequirePending("withdraw");
        if (now >= CloseTime)
        {
            throw Problem.Broken(Reasons.ApplicationsClosed, "Applications have closed; the draw decides this one.",
                new Dictionary<string, string> { ["close_time"] = NodaTime.Text.InstantPattern.General.Format(CloseTime) });
        }
        Move(LotteryApplicationState.Withdrawn, now);
    }

    /// <summary>Drawn and booked.</summary>
    public void Win(RankedEntrant ranked, string? householdLabel, string bookingId, Instant now)
    {
        Drawn(ranked, householdLabel);
        BookingId = bookingId;
        Move(LotteryApplicationState.Won, now);
    }

    /// <summary>Drawn without a place, for <paramref name="reasons"/>.</summary>
    public void Lose(RankedEntrant ranked, string? householdLabel, IReadOnlyList<RuleViolation> reasons, Instant now)
    {
        Drawn(ranked, householdLabel);
        Outcome = reasons;
        Move(LotteryApplicationState.Lost, now);
    }

    private void Drawn(RankedEntrant ranked, string? householdLabel)
    {
        RequirePending("draw");
        DrawNumber = ranked.Number;
        DrawKey = ranked.Key;
        Rank = ranked.Rank;
        HouseholdLabel = householdLabel;
    }

    private void RequirePending(string action)
    {
        if (State != LotteryApplicationState.Pending)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"An application that is {State} cannot {action}.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = action });
        }
    }

    private void Move(LotteryApplicationState state, Instant now)
    {
        State = state;
        UpdateTime = now;
        Version++;
    }
}
