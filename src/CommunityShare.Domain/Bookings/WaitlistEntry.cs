using NodaTime;

namespace CommunityShare.Domain.Bookings;

public enum WaitlistEntryState
{
    /// <summary>In line for the slot.</summary>
    Waiting = 1,

    /// <summary>A place is held for the resident (a booking in <see cref="BookingState.Offered"/>) until the offer's deadline.</summary>
    Offered = 2,

    /// <summary>The resident took the offer: the held place became their booking.</summary>
    Accepted = 3,

    /// <summary>The offer was not accepted in time; the place moved on.</summary>
    Expired = 4,

    /// <summary>The resident left the line, or turned the offer down.</summary>
    Withdrawn = 5,

    /// <summary>The slot came too close to its start before a place was freed.</summary>
    Closed = 6,
}

/// <summary>
/// A resident in line for a full slot of a facility, for a party of a given size. The line is first
/// come, first served (<see cref="Waitlist.InLine"/>); a freed place is offered to the first entry
/// whose party fits, held for it until the offer's deadline, and then taken or passed on.
/// </summary>
public sealed class WaitlistEntry
{
    /// <summary>States in which an entry is still in the line or holds an offer.</summary>
    public static readonly WaitlistEntryState[] ActiveStates = [WaitlistEntryState.Waiting, WaitlistEntryState.Offered];

    private WaitlistEntry() { }

    public WaitlistEntry(string id, string facilityId, string residentId, Interval slot, int partySize, string createdBy, Instant now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partySize, 1);
        Id = id;
        FacilityId = facilityId;
        ResidentId = residentId;
        Start = slot.Start;
        End = slot.End;
        PartySize = partySize;
        State = WaitlistEntryState.Waiting;
        CreatedBy = createdBy;
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

    public WaitlistEntryState State { get; private set; }

    /// <summary>Who put the resident in line: the resident, or a proxy acting for them.</summary>
    public string CreatedBy { get; private set; } = "";

    /// <summary>When the resident joined: the line's order (then the id).</summary>
    public Instant CreateTime { get; private set; }

    public Instant? OfferTime { get; private set; }

    /// <summary>The offer stands until this moment (exclusive).</summary>
    public Instant? OfferDeadline { get; private set; }

    /// <summary>The booking that holds the offered place, and that the resident keeps on accepting; empty before an offer.</summary>
    public string BookingId { get; private set; } = "";

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public bool IsActive => State is WaitlistEntryState.Waiting or WaitlistEntryState.Offered;

    /// <summary>An offer whose deadline has passed; it can no longer be accepted, and the next sweep moves its place on.</summary>
    public bool OfferLapsedAt(Instant now) => State == WaitlistEntryState.Offered && now >= OfferDeadline;

    /// <summary>A freed place is held for the resident by <paramref name="bookingId"/> until <paramref name="deadline"/>.</summary>
    public void Offer(string bookingId, Instant deadline, Instant now)
    {
        Require("be offered a place", WaitlistEntryState.Waiting);
        if (deadline <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "An offer needs time to be accepted.");
        }
        BookingId = bookingId;
        OfferTime = now;
        OfferDeadline = deadline;
        Move(WaitlistEntryState.Offered, now);
    }

    public void Accept(Instant now)
    {
        Require("accept an offer", WaitlistEntryState.Offered);
        if (now >= OfferDeadline)
        {
            throw Problem.Broken(Reasons.OfferExpired, "The offer has expired; the place has moved on to the next in line.",
                new Dictionary<string, string> { ["offer_expire_time"] = NodaTime.Text.InstantPattern.General.Format(OfferDeadline!.Value) });
        }
        Move(WaitlistEntryState.Accepted, now);
    }

    /// <summary>The deadline passed without an answer.</summary>
    public void Expire(Instant now)
    {
        Require("expire", WaitlistEntryState.Offered);
        if (now < OfferDeadline)
        {
            throw new InvalidOperationException("The offer still stands.");
        }
        Move(WaitlistEntryState.Expired, now);
    }

    /// <summary>The resident leaves the line, or turns down the offer they hold (its place moves on).</summary>
    public void Withdraw(Instant now)
    {
        Require("withdraw", WaitlistEntryState.Waiting, WaitlistEntryState.Offered);
        Move(WaitlistEntryState.Withdrawn, now);
    }

    /// <summary>No offer can be made any more: the slot is too close to its start.</summary>
    public void Close(Instant now)
    {
        Require("close", WaitlistEntryState.Waiting);
        Move(WaitlistEntryState.Closed, now);
    }

    private void Require(string action, params WaitlistEntryState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"A waitlist entry that is {State} cannot {action}.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = action });
        }
    }

    private void Move(WaitlistEntryState state, Instant now)
    {
        State = state;
        UpdateTime = now;
        Version++;
    }
}
