using NodaTime;

namespace CommunityShare.Domain.Complaints;

/// <summary>What a complaint is about.</summary>
public enum ComplaintTarget
{
    Facility = 1,
    BookingDecision = 2,
    Provider = 3,
    VolunteerActivity = 4,
    StaffConduct = 5,
}

/// <summary>Who must answer it now; an unanswered complaint climbs one level when its deadline passes.</summary>
public enum ComplaintLevel
{
    /// <summary>The facility's institution or its contracted operator (or the provider complained about).</summary>
    Operator = 1,

    /// <summary>The town or subdistrict office (街道办事处 / 镇).</summary>
    Office = 2,

    District = 3,
}

public enum ComplaintState
{
    Open = 1,
    Responded = 2,
    Closed = 3,
}

public enum ComplaintOutcome
{
    Upheld = 1,
    PartlyUpheld = 2,
    NotUpheld = 3,
}

public enum ComplaintStepKind
{
    Filed = 1,
    Routed = 2,
    Responded = 3,
    Escalated = 4,
    Closed = 5,
    Rated = 6,
}

/// <summary>
/// A complaint (投诉): who filed it (hidden from the target's staff when anonymous), what it is about,
/// where, and who must answer by when. Each change is a <see cref="ComplaintStep"/>, kept for good.
/// </summary>
public sealed class Complaint
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxNoteLength = 1000;
    public const int MaxTargetIdLength = 100;

    /// <summary>How a filer who asked for anonymity is named on steps.</summary>
    public const string AnonymousName = "anonymous";

    private Complaint() { }

    public Complaint(string id, string filedBy, bool anonymous, ComplaintTarget targetKind, string targetId, string? facilityId, string? institutionId,
        string? providerId, string placeCode, string officeCode, string description, ComplaintLevel level, Instant now, Instant dueTime)
    {
        Id = id;
        FiledBy = filedBy;
        Anonymous = anonymous;
        TargetKind = targetKind;
        TargetId = targetId;
        FacilityId = facilityId;
        InstitutionId = institutionId;
        ProviderId = providerId;
        PlaceCode = placeCode;
        OfficeCode = officeCode;
        Description = description;
        Level = level;
        State = ComplaintState.Open;
        FiledTime = now;
        DueTime = dueTime;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    /// <summary>The filer's resource name (residents/{id} or accounts/{id}); only the filer and the supervising offices see it when anonymous.</summary>
    public string FiledBy { get; private set; } = "";

    public bool Anonymous { get; private set; }

    public ComplaintTarget TargetKind { get; private set; }

    /// <summary>The facility, booking, provider, activity id, or for staff conduct who (a name or staff number).</summary>
    public string TargetId { get; private set; } = "";

    public string? FacilityId { get; private set; }

    public string? InstitutionId { get; private set; }

    /// <summary>The provider complained about, or the contracted operator of the facility.</summary>
    public string? ProviderId { get; private set; }

    /// <summary>Where it is (the facility's, activity's or given place).</summary>
    public string PlaceCode { get; private set; } = "";

    /// <summary>The town or subdistrict above <see cref="PlaceCode"/>: the Office level.</summary>
    public string OfficeCode { get; private set; } = "";

    public string Description { get; private set; } = "";

    public ComplaintLevel Level { get; private set; }

    public ComplaintState State { get; private set; }

    public Instant FiledTime { get; private set; }

    /// <summary>End of the last working day the current level has to respond.</summary>
    public Instant DueTime { get; private set; }

    public Instant? FirstResponseTime { get; private set; }

    public string Response { get; private set; } = "";

    public Instant? CloseTime { get; private set; }

    public ComplaintOutcome? Outcome { get; private set; }

    public string CloseNote { get; private set; } = "";

    /// <summary>The filer's satisfaction, 1 to 5, after close.</summary>
    public int? Satisfaction { get; private set; }

    public int StepCount { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    /// <summary>Whether the operator side (institution, provider) answers it first and may see it.</summary>
    public bool ConcernsOperator => TargetKind is ComplaintTarget.Facility or ComplaintTarget.BookingDecision or ComplaintTarget.Provider;

    /// <summary>Open past its deadline.</summary>
    public bool IsOverdue(Instant now) => State == ComplaintState.Open && now >= DueTime;

    /// <summary>The first level a complaint of this kind goes to.</summary>
    public static ComplaintLevel FirstLevel(ComplaintTarget target) =>
        target is ComplaintTarget.VolunteerActivity or ComplaintTarget.StaffConduct ? ComplaintLevel.Office : ComplaintLevel.Operator;

    public ComplaintStep Filed(string actorName, string routedTo) => Step(ComplaintStepKind.Filed, actorName, routedTo, FiledTime);

    /// <summary>Where the complaint went, as a step of its own (the institution, provider, office or district).</summary>
    public ComplaintStep Routed(string routedTo, Instant now) => Step(ComplaintStepKind.Routed, "system", routedTo, now);

    public ComplaintStep Respond(string response, string actorName, Instant now)
    {
        RequireNot(ComplaintState.Closed, "respond");
        FirstResponseTime ??= now;
        Response = response;
        State = ComplaintState.Responded;
        return Step(ComplaintStepKind.Responded, actorName, response, now);
    }

    /// <summary>Moves an open complaint past its deadline to the next level, with a new deadline. Null when there is none or it is not due.</summary>
    public ComplaintStep? Escalate(Instant now, Instant newDueTime, string routedTo)
    {
        if (!IsOverdue(now) || Level == ComplaintLevel.District)
        {
            return null;
        }
        Level = Level + 1;
        DueTime = newDueTime;
        return Step(ComplaintStepKind.Escalated, "system", routedTo, now);
    }

    public ComplaintStep Close(ComplaintOutcome outcome, string note, string actorName, Instant now)
    {
        RequireNot(ComplaintState.Closed, "close");
        State = ComplaintState.Closed;
        Outcome = outcome;
        CloseNote = note;
        CloseTime = now;
        return Step(ComplaintStepKind.Closed, actorName, note, now);
    }

    public ComplaintStep Rate(int satisfaction, string note, Instant now)
    {
        if (State != ComplaintState.Closed)
        {
            throw Problem.Broken(Reasons.ComplaintNotClosed, "A complaint is rated after it is closed.",
                new Dictionary<string, string> { ["state"] = State.ToString().ToUpperInvariant() });
        }
        if (Satisfaction is not null)
        {
            throw Problem.Broken(Reasons.AlreadyRated, "This complaint has already been rated.");
        }
        Satisfaction = satisfaction;
        return Step(ComplaintStepKind.Rated, Anonymous ? AnonymousName : FiledBy, note, now);
    }

    private void RequireNot(ComplaintState state, string action)
    {
        if (State == state)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"A {State.ToString().ToLowerInvariant()} complaint cannot {action}.",
                new Dictionary<string, string> { ["state"] = State.ToString().ToUpperInvariant(), ["action"] = action });
        }
    }

    private ComplaintStep Step(ComplaintStepKind kind, string actorName, string note, Instant now)
    {
        StepCount++;
        UpdateTime = now;
        Version++;
        return new ComplaintStep(Id, StepCount, now, actorName, kind, Level, note);
    }
}

/// <summary>One timestamped step of a complaint, never changed or removed.</summary>
public sealed class ComplaintStep
{
    private ComplaintStep() { }

    public ComplaintStep(string complaintId, int sequence, Instant time, string actorName, ComplaintStepKind kind, ComplaintLevel level, string note)
    {
        ComplaintId = complaintId;
        Sequence = sequence;
        Time = time;
        ActorName = actorName;
        Kind = kind;
        Level = level;
        Note = note;
    }

    public string ComplaintId { get; private set; } = "";

    public int Sequence { get; private set; }

    public Instant Time { get; private set; }

    /// <summary>Who took the step: staff/{id}, the filer (or "anonymous"), or "system" for an escalation.</summary>
    public string ActorName { get; private set; } = "";

    public ComplaintStepKind Kind { get; private set; }

    /// <summary>The level the complaint was at after the step.</summary>
    public ComplaintLevel Level { get; private set; }

    public string Note { get; private set; } = "";
}

/// <summary>The photo a filer attached (JPEG or PNG), kept apart so lists never load it.</summary>
public sealed class ComplaintPhoto
{
    public const int MaxBytes = 2 * 1024 * 1024;

    private ComplaintPhoto() { }

    public ComplaintPhoto(string complaintId, string contentType, byte[] bytes)
    {
        ComplaintId = complaintId;
        ContentType = contentType;
        Bytes = bytes;
    }

    public string ComplaintId { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public byte[] Bytes { get; private set; } = [];

    /// <summary>image/jpeg or image/png by the file's magic bytes, or null when it is neither.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? "image/jpeg"
        : bytes.Length >= 8 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "image/png"
        : null;
}
