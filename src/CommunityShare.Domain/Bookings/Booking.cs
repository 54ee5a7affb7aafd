using NodaTime;

namespace CommunityShare.Domain.Bookings;

public enum BookingState
{
    PendingApproval = 1,
    Confirmed = 2,
    Declined = 3,
    Cancelled = 4,
    CheckedIn = 5,
    Completed = 6,
    NoShow = 7,

    /// <summary>
    /// A place held for a resident at the head of the waitlist until the offer's deadline: it takes
    /// its places like any booking, so nobody else can book them in between. Accepting the offer
    /// makes it <see cref="Confirmed"/> or <see cref="PendingApproval"/>; when the offer lapses the
    /// hold is removed.
    /// </summary>
    Offered = 8,
}

/// <summary>A resident's booking of one facility (or part) for a half-open interval.</summary>
public sealed class Booking
{
    /// <summary>Check-in opens this long before the start and stays open until the end.</summary>
    public static readonly Duration CheckInOpensBefore = Duration.FromMinutes(30);

    /// <summary>
    /// No booking is longer: it lies inside one opening window, which lies inside one local day
    /// (25 hours on the day a DST change repeats an hour). Lets overlap queries bound the start.
    /// </summary>
    public static readonly Duration LongestPossible = Duration.FromHours(25);

    /// <summary>States in which a booking takes its places.</summary>
    public static readonly BookingState[] HoldingStates = [BookingState.PendingApproval, BookingState.Confirmed, BookingState.CheckedIn, BookingState.Offered];

    private Booking() { }

    public Booking(string id, string facilityId, string residentId, Interval slot, int partySize, BookingState state,
        string checkInCode, string createdBy, Instant cancellationDeadline, Instant now, Residents.ProxyConsent? consent = null,
        bool onCommitment = false, string approvalReason = "")
    {
        OnCommitment = onCommitment;
        ApprovalReason = approvalReason;
        consent ??= Residents.ProxyConsent.Own;
        ConsentMethod = consent.Method;
        ConsentNote = consent.Note;
        Id = id;
        FacilityId = facilityId;
        ResidentId = residentId;
        Start = slot.Start;
        End = slot.End;
        PartySize = partySize;
        State = state;
        CheckInCode = checkInCode;
        CreatedBy = createdBy;
        CancellationDeadline = cancellationDeadline;
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

    /// <summary>The stored state; see <see cref="StateAt"/> for what it is at a moment.</summary>
    public BookingState State { get; private set; }

    public string CheckInCode { get; private set; } = "";

    public string DeclineReason { get; private set; } = "";

    public string CancelReason { get; private set; } = "";

    public bool LateCancellation { get; private set; }

    /// <summary>Who made the booking: the resident, or a proxy acting for them.</summary>
    public string CreatedBy { get; private set; } = "";

    public Instant CancellationDeadline { get; private set; }

    /// <summary>How the resident agreed, when someone else made the booking for them.</summary>
    public Residents.ProxyConsentMethod ConsentMethod { get; private set; }

    /// <summary>Confirmed at once on the resident's commitment where the facility would otherwise need approval.</summary>
    public bool OnCommitment { get; private set; }

    /// <summary>Why it waited for approval (<see cref="Reasons.FacilityRequiresApproval"/> or <see cref="Reasons.CreditRequiresApproval"/>); empty otherwise.</summary>
    public string ApprovalReason { get; private set; } = "";

    public string ConsentNote { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public static bool Holds(BookingState state) =>
        state is BookingState.PendingApproval or BookingState.Confirmed or BookingState.CheckedIn or BookingState.Offered;

    /// <summary>A checked-in booking whose slot has ended is completed.</summary>
    public BookingState StateAt(Instant now) =>
        State == BookingState.CheckedIn && End <= now ? BookingState.Completed : State;

    /// <summary>Whether <see cref="Cancel"/> would be accepted at <paramref name="now"/>: pending or confirmed, and not started.</summary>
    public bool MayCancelAt(Instant now) => StateAt(now) is BookingState.PendingApproval or BookingState.Confirmed && now < Start;

    /// <summary>Whether check-in is open at <paramref name="now"/>: confirmed, from <see cref="CheckInOpensBefore"/> the start until the end.</summary>
    public bool CheckInOpenAt(Instant now) => StateAt(now) == BookingState.Confirmed && now >= Start - CheckInOpensBefore && now < End;

    public void Cancel(string reason, Instant now)
    {
        Require(now, "cancel", BookingState.PendingApproval, BookingState.Confirmed);
        if (now >= Start)
        {
            throw Problem.Broken(Reasons.BookingStarted, "The booking has already started and can no longer be cancelled.",
                Meta("start_time", Start));
        }
        LateCancellation = State == BookingState.Confirmed && now > CancellationDeadline;
        CancelReason = reason;
        Move(BookingState.Cancelled, now);
    }

    public void Approve(Instant now)
    {
        Require(now, "approve", BookingState.PendingApproval);
        if (now >= End)
        {
            throw Problem.Broken(Reasons.SlotEnded, "The slot is over; it can no longer be approved.", Meta("end_time", End));
        }
        Move(BookingState.Confirmed, now);
    }

    public void Decline(string reason, Instant now)
    {
        Require(now, "decline", BookingState.PendingApproval);
        DeclineReason = reason;
        Move(BookingState.Declined, now);
    }

    public void CheckIn(string? code, Instant now)
    {
        // The state comes first: a cancelled booking is cancelled, whatever code is shown.
        Require(now, "check in", BookingState.Confirmed);
        if (!string.Equals(code?.Trim(), CheckInCode, StringComparison.OrdinalIgnoreCase))
        {
            throw Problem.Invalid("check_in_code", Reasons.CheckInCodeMismatch, "does not match this booking's check-in code.");
        }
        if (now < Start - CheckInOpensBefore)
        {
            throw Problem.Broken(Reasons.CheckInNotOpen,
                $"Check-in opens {CheckInOpensBefore.TotalMinutes:0} minutes before the start.", Meta("check_in_open_time", Start - CheckInOpensBefore));
        }
        if (now >= End)
        {
            throw Problem.Broken(Reasons.CheckInClosed, "The slot is over; check-in has closed.", Meta("end_time", End));
        }
        Move(BookingState.CheckedIn, now);
    }

    /// <summary>
    /// The resident accepts the waitlist offer this booking holds: it becomes the booking the
    /// admission rules make of it (<paramref name="admittedAs"/>: confirmed, or waiting for approval).
    /// </summary>
    public void TakeOffer(BookingState admittedAs, bool onCommitment, string approvalReason, Instant now)
    {
        if (admittedAs is not (BookingState.Confirmed or BookingState.PendingApproval))
        {
            throw new ArgumentOutOfRangeException(nameof(admittedAs), admittedAs, "An accepted offer is confirmed or waits for approval.");
        }
        Require(now, "be accepted", BookingState.Offered);
        OnCommitment = onCommitment;
        ApprovalReason = approvalReason;
        Move(admittedAs, now);
    }

    public void MarkNoShow(Instant now)
    {
        Require(now, "mark as no-show", BookingState.Confirmed);
        if (now < Start)
        {
            throw Problem.Broken(Reasons.NotStartedYet, "A no-show can be recorded only once the slot has started.", Meta("start_time", Start));
        }
        Move(BookingState.NoShow, now);
    }

    private void Require(Instant now, string action, params BookingState[] allowed)
    {
        var state = StateAt(now);
        if (!allowed.Contains(state))
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"A booking that is {state} cannot {action}.",
                new Dictionary<string, string> { ["state"] = state.ToString(), ["action"] = action });
        }
    }

    private void Move(BookingState state, Instant now)
    {
        State = state;
        UpdateTime = now;
        Version++;
    }

    private static Dictionary<string, string> Meta(string key, Instant value) =>
        new() { [key] = NodaTime.Text.InstantPattern.General.Format(value) };
}
