using NodaTime;

namespace CommunityShare.Domain.Volunteers;

public enum CorrectionState
{
    Pending = 1,
    Granted = 2,
    Refused = 3,
}

/// <summary>
/// Confirmed service (志愿服务记录): how long, what, where, and who confirmed it. Whoever confirms
/// certifies it. A volunteer who thinks the hours are wrong asks for a correction with a reason;
/// staff grant (the minutes change) or refuse it, and both stay on the record.
/// </summary>
public sealed class ServiceRecord
{
    public const int MaxServiceLength = 200;

    private ServiceRecord() { }

    public ServiceRecord(string id, Assignment assignment, int minutes, string service, string where, string placeCode, string confirmedBy, Instant now)
    {
        Id = id;
        ResidentId = assignment.ResidentId;
        AssignmentId = assignment.Id;
        ShiftId = assignment.ShiftId;
        Minutes = minutes;
        Service = service;
        Where = where;
        PlaceCode = placeCode;
        ServiceStart = assignment.Start;
        ConfirmedBy = confirmedBy;
        ConfirmTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    public string AssignmentId { get; private set; } = "";

    public string ShiftId { get; private set; } = "";

    public int Minutes { get; private set; }

    /// <summary>What the service was (the activity's title).</summary>
    public string Service { get; private set; } = "";

    /// <summary>Where, in words.</summary>
    public string Where { get; private set; } = "";

    /// <summary>The activity's place: its office hears corrections.</summary>
    public string PlaceCode { get; private set; } = "";

    public Instant ServiceStart { get; private set; }

    /// <summary>staff/{id} who confirmed (and so certifies) it.</summary>
    public string ConfirmedBy { get; private set; } = "";

    public Instant ConfirmTime { get; private set; }

    public CorrectionState? CorrectionState { get; private set; }

    public int? CorrectionMinutes { get; private set; }

    public string CorrectionReason { get; private set; } = "";

    public string CorrectionDecidedBy { get; private set; } = "";

    public int Version { get; private set; }

    public void RequestCorrection(int minutes, string reason)
    {
        if (CorrectionState == Volunteers.CorrectionState.Pending)
        {
            throw Problem.Broken(Reasons.CorrectionPending, "A correction of these hours is already waiting for a decision.");
        }
        CorrectionState = Volunteers.CorrectionState.Pending;
        CorrectionMinutes = minutes;
        CorrectionReason = reason;
        CorrectionDecidedBy = "";
        Version++;
    }

    /// <summary>Staff decide; granting changes the minutes. Returns the change in minutes.</summary>
    public int DecideCorrection(bool grant, string decidedBy)
    {
        if (CorrectionState != Volunteers.CorrectionState.Pending)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, "There is no correction waiting for a decision.",
                new Dictionary<string, string> { ["state"] = CorrectionState?.ToString() ?? "NONE", ["action"] = "decide" });
        }
        var change = grant ? CorrectionMinutes!.Value - Minutes : 0;
        if (grant)
        {
            Minutes = CorrectionMinutes!.Value;
        }
        CorrectionState = grant ? Volunteers.CorrectionState.Granted : Volunteers.CorrectionState.Refused;
        CorrectionDecidedBy = decidedBy;
        Version++;
        return change;
    }
}

/// <summary>
/// A service certificate (志愿服务证明): the volunteer, the hours and content of service, the issuing
/// organisation, its person in charge and the handler, a number and the date. Anyone can verify it by
/// its number; the public page shows the volunteer's name masked.
/// </summary>
public sealed class ServiceCertificate
{
    public const int MaxTextLength = 200;

    private ServiceCertificate() { }

    public ServiceCertificate(string number, string residentId, string volunteerName, int minutes, string content, string organisation, string personInCharge,
        string handler, string placeCode, LocalDate issueDate, Instant now)
    {
        Number = number;
        ResidentId = residentId;
        VolunteerName = volunteerName;
        Minutes = minutes;
        Content = content;
        Organisation = organisation;
        PersonInCharge = personInCharge;
        Handler = handler;
        PlaceCode = placeCode;
        IssueDate = issueDate;
        CreateTime = now;
    }

    /// <summary>e.g. VS-310112101-20260610-7QK3M9: the office, the day and a random part.</summary>
    public string Number { get; private set; } = "";

    public string ResidentId { get; private set; } = "";

    /// <summary>The name as printed on the certificate.</summary>
    public string VolunteerName { get; private set; } = "";

    public int Minutes { get; private set; }

    public string Content { get; private set; } = "";

    public string Organisation { get; private set; } = "";

    public string PersonInCharge { get; private set; } = "";

    /// <summary>The member of staff who issued it (经办人).</summary>
    public string Handler { get; private set; } = "";

    /// <summary>The issuing office's place.</summary>
    public string PlaceCode { get; private set; } = "";

    public LocalDate IssueDate { get; private set; }

    public Instant CreateTime { get; private set; }

    /// <summary>The name as the public verification page shows it: the family name, the rest masked (张*明 → 张**).</summary>
    public string MaskedName => VolunteerName.Length <= 1 ? VolunteerName : VolunteerName[..1] + new string('*', VolunteerName.Length - 1);
}
