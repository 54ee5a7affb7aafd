using NodaTime;

namespace CommunityShare.Domain.Facilities;

public enum BlackoutReason
{
    Exam = 1,
    Holiday = 2,
    Maintenance = 3,
    InstitutionEvent = 4,
    Other = 5,
}

/// <summary>A time when the facility is not open to the public, whatever its windows say.</summary>
public sealed class Blackout
{
    private Blackout() { }

    public Blackout(string id, string facilityId, Interval period, BlackoutReason reason, string note, Instant now)
    {
        Id = id;
        FacilityId = facilityId;
        Start = period.Start;
        End = period.End;
        Reason = reason;
        Note = note;
        CreateTime = now;
    }

    public string Id { get; private set; } = "";

    public string FacilityId { get; private set; } = "";

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public Interval Period => new(Start, End);

    public BlackoutReason Reason { get; private set; }

    public string Note { get; private set; } = "";

    public Instant CreateTime { get; private set; }
}
