using NodaTime;

namespace CommunityShare.Domain.Complaints;

public enum InspectionResult
{
    Passed = 1,

    /// <summary>Passed with items to put right.</summary>
    PassedWithRemarks = 2,

    Failed = 3,
}

/// <summary>One item an inspector checked (safety exits, opening hours posted …), passed or not, with a note.</summary>
public sealed record InspectionFinding(string Item, bool Passed, string Note)
{
    public const int MaxItemLength = 100;
    public const int MaxNoteLength = 500;
}

/// <summary>A spot inspection (抽查) of a facility by the district, town or subdistrict, with what was found.</summary>
public sealed class Inspection
{
    public const int MaxFindings = 50;
    public const int MaxInspectorLength = 100;
    public const int MaxSummaryLength = 1000;

    private Inspection() { }

    public Inspection(string id, string facilityId, string institutionId, string placeCode, Instant inspectTime, string inspector,
        IReadOnlyList<InspectionFinding> findings, InspectionResult result, string summary, string recordedBy, Instant now)
    {
        Id = id;
        FacilityId = facilityId;
        InstitutionId = institutionId;
        PlaceCode = placeCode;
        InspectTime = inspectTime;
        Inspector = inspector;
        Findings = findings;
        Result = result;
        Summary = summary;
        RecordedBy = recordedBy;
        CreateTime = now;
    }

    public string Id { get; private set; } = "";

    public string FacilityId { get; private set; } = "";

    public string InstitutionId { get; private set; } = "";

    public string PlaceCode { get; private set; } = "";

    public Instant InspectTime { get; private set; }

    /// <summary>Who inspected, in their own words (name and office).</summary>
    public string Inspector { get; private set; } = "";

    public IReadOnlyList<InspectionFinding> Findings { get; private set; } = [];

    public InspectionResult Result { get; private set; }

    public string Summary { get; private set; } = "";

    /// <summary>staff/{id} who recorded it.</summary>
    public string RecordedBy { get; private set; } = "";

    public Instant CreateTime { get; private set; }

    public static void Validate(string? inspector, IReadOnlyList<InspectionFinding> findings, InspectionResult result, string? summary,
        Violations violations)
    {
        violations.Required(inspector, "inspection.inspector");
        violations.MaxLength(inspector, MaxInspectorLength, "inspection.inspector");
        violations.Check(!Enum.IsDefined(result), "inspection.result", Reasons.Required, "must be PASSED, PASSED_WITH_REMARKS or FAILED.");
        violations.MaxLength(summary, MaxSummaryLength, "inspection.summary");
        violations.Check(findings.Count == 0, "inspection.findings", Reasons.Required, "needs at least one item checked.");
        violations.Check(findings.Count > MaxFindings, "inspection.findings", Reasons.OutOfRange, $"may have at most {MaxFindings} items.");
        for (var i = 0; i < findings.Count && i < MaxFindings; i++)
        {
            violations.Required(findings[i].Item, $"inspection.findings[{i}].item");
            violations.MaxLength(findings[i].Item, InspectionFinding.MaxItemLength, $"inspection.findings[{i}].item");
            violations.MaxLength(findings[i].Note, InspectionFinding.MaxNoteLength, $"inspection.findings[{i}].note");
        }
        violations.Check(result == InspectionResult.Passed && findings.Any(f => !f.Passed), "inspection.result", Reasons.Mismatch,
            "cannot be PASSED when an item failed.");
    }
}
