using NodaTime;

namespace CommunityShare.Domain.Volunteers;

public enum AssignmentState
{
    /// <summary>In a roster proposal staff have not published yet: holds no place.</summary>
    Proposed = 1,

    /// <summary>On the roster: the volunteer comes.</summary>
    Assigned = 2,

    /// <summary>Dropped (by staff approving a drop or swap, or withdrawn before the start).</summary>
    Dropped = 3,

    /// <summary>Hours confirmed by staff: a service record exists.</summary>
    Confirmed = 4,
}

public enum AssignmentSource
{
    SignUp = 1,
    Staff = 2,
    Roster = 3,
    Substitute = 4,
}

public enum ChangeKind
{
    Drop = 1,

    /// <summary>Drop, with a named substitute who takes the place when staff approve.</summary>
    Swap = 2,
}

/// <summary>
/// A volunteer on a shift. It holds a place from the moment it is assigned until it is dropped; the
/// volunteer checks in and out on site, and staff confirm the hours, which become a service record.
/// </summary>
public sealed class Assignment
{
    public const int MaxReasonLength = 500;

    /// <summary>Check-in opens this long before the shift starts.</summary>
    public static readonly Duration CheckInOpens = Duration.FromMinutes(30);

    private Assignment() { }

    public Assignment(string id, Shift shift, string residentId, AssignmentState state, AssignmentSource source, string createdBy, Instant now)
    {
        Id = id;
        ShiftId = shift.Id;
        ActivityId = shift.ActivityId;
        ResidentId = residentId;
        Start = shift.Start;
        End = shift.End;
        State = state;
        Source = source;
        CreatedBy = createdBy;
        CreateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string ShiftId { get; private set; } = "";

    public string ActivityId { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    /// <summary>The shift's interval, copied so that a volunteer's overlaps and weekly hours are read from assignments alone.</summary>
    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public Interval Period => new(Start, End);

    public AssignmentState State { get; private set; }

    public AssignmentSource Source { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public ChangeKind? ChangeRequested { get; private set; }

    public string? SubstituteId { get; private set; }

    public string ChangeReason { get; private set; } = "";

    public Instant? CheckInTime { get; private set; }

    public Instant? CheckOutTime { get; private set; }

    public int Version { get; private set; }

    /// <summary>Assigned and confirmed assignments hold their place (and the volunteer's time).</summary>
    public bool Holds => State is AssignmentState.Assigned or AssignmentState.Confirmed;

    public static readonly AssignmentState[] HoldingStates = [AssignmentState.Assigned, AssignmentState.Confirmed];

    public void Publish()
    {
        Require(State == AssignmentState.Proposed, "publish");
        State = AssignmentState.Assigned;
        Version++;
    }

    public void Drop()
    {
        Require(State is AssignmentState.Proposed or AssignmentState.Assigned, "drop");
        State = AssignmentState.Dropped;
        Version++;
    }

    /// <summary>The volunteer asks to drop out or to be swapped for <paramref name="substituteId"/>; staff decide.</summary>
    public void RequestChange(ChangeKind kind, string? substituteId, string reason, Instant now)
    {
        Require(State == AssignmentState.Assigned && ChangeRequested is null && CheckInTime is null, "request a change of");
        if (now >= Start)
        {
            throw Problem.Broken(Reasons.ShiftStarted, "The shift has begun; ask the staff on site.");
        }
        ChangeRequested = kind;
        SubstituteId = kind == ChangeKind.Swap ? substituteId : null;
        ChangeReason = reason;
        Version++;
    }

    /// <summary>Staff turn the request down: the volunteer stays on the shift.</summary>
    public void RefuseChange()
    {
        if (ChangeRequested is null)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "There is no change request to decide.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = "decide" });
        }
        ChangeRequested = null;
        SubstituteId = null;
        Version++;
    }

    public void CheckIn(Instant now)
    {
        Require(State == AssignmentState.Assigned && CheckInTime is null, "check in to");
        if (now < Start - CheckInOpens)
        {
            throw Problem.Broken(Reasons.CheckInNotOpen, "Check-in opens 30 minutes before the shift.",
                new Dictionary<string, string> { ["open_time"] = NodaTime.Text.InstantPattern.General.Format(Start - CheckInOpens) });
        }
        if (now >= End)
        {
            throw Problem.Broken(Reasons.CheckInClosed, "The shift is over.");
        }
        CheckInTime = now;
        Version++;
    }

    public void CheckOut(Instant now)
    {
        if (CheckInTime is null)
        {
            throw Problem.Broken(Reasons.NotCheckedIn, "Check in first.");
        }
        Require(State == AssignmentState.Assigned && CheckOutTime is null, "check out of");
        CheckOutTime = now;
        Version++;
    }

    /// <summary>The hours confirmed: the service record now stands for them.</summary>
    public void Confirm()
    {
        Require(State == AssignmentState.Assigned, "confirm the hours of");
        State = AssignmentState.Confirmed;
        Version++;
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"You cannot {action} an assignment that is {State.ToString().ToLowerInvariant()}.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = action });
        }
    }
}
