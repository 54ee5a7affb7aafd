using NodaTime;

namespace CommunityShare.Domain.Providers;

/// <summary>The four arrangements under which the plan lets providers run public services.</summary>
public enum ContractKind
{
    /// <summary>委托服务</summary>
    EntrustedService = 1,

    /// <summary>政府出资采购</summary>
    GovernmentProcurement = 2,

    /// <summary>管理承包</summary>
    ManagementContract = 3,

    /// <summary>特许经营</summary>
    Franchise = 4,
}

public enum ContractState
{
    /// <summary>Being written by the contracting office; changes freely; runs nothing.</summary>
    Draft = 1,

    /// <summary>Signed: the provider runs the scope during the term.</summary>
    Active = 2,

    /// <summary>Held by the contracting office (with a reason); the provider runs nothing until resumed.</summary>
    Suspended = 3,

    /// <summary>Ended as agreed.</summary>
    Ended = 4,

    /// <summary>Ended early by the contracting office, with a reason.</summary>
    Terminated = 5,
}

/// <summary>
/// What the provider promised; a null level is not promised. Opening hours are public opening
/// hours per week summed over the facilities in scope.
/// </summary>
public sealed record ServiceLevels(double? OpenHoursPerWeek, int? ComplaintResponseWorkingDays, double? MinSatisfaction, double? MinUseRate)
{
    public static readonly ServiceLevels None = new(null, null, null, null);

    public const double MaxOpenHoursPerWeek = 10000;
    public const int MaxResponseWorkingDays = 60;

    /// <summary>Adds a violation for each level out of range, under <paramref name="prefix"/> (e.g. "contract.service_levels").</summary>
    public void Validate(Violations violations, string prefix)
    {
        violations.Check(OpenHoursPerWeek is { } h && (h <= 0 || h > MaxOpenHoursPerWeek || double.IsNaN(h)), prefix + ".open_hours_per_week",
            Reasons.OutOfRange, $"must be more than 0 and at most {MaxOpenHoursPerWeek} hours a week.");
        violations.Check(ComplaintResponseWorkingDays is { } d && (d < 1 || d > MaxResponseWorkingDays), prefix + ".complaint_response_working_days",
            Reasons.OutOfRange, $"must be 1 to {MaxResponseWorkingDays} working days.");
        violations.Check(MinSatisfaction is { } s && (s < 1 || s > 5 || double.IsNaN(s)), prefix + ".min_satisfaction",
            Reasons.OutOfRange, "must be 1 to 5.");
        violations.Check(MinUseRate is { } u && (u < 0 || u > 1 || double.IsNaN(u)), prefix + ".min_use_rate",
            Reasons.OutOfRange, "must be 0 to 1.");
    }
}

/// <summary>What a contract may be written with; checked as a whole by <see cref="ServiceContract.Validate"/>.</summary>
public sealed record ContractTerms(
    string Title, ContractKind? Kind, string ContractingPlaceCode, LocalDate? Start, LocalDate? End, decimal Value,
    IReadOnlyList<string> FacilityIds, ServiceLevels Levels);

/// <summary>
/// A contract between a contracting office (the district, a town or a subdistrict) and a provider
/// to run facilities (the scope) for a term. While it runs (<see cref="Runs"/>) the provider's staff
/// manage the facilities in scope as the institution's staff would.
/// </summary>
public sealed class ServiceContract
{
    public const int MaxTitleLength = 200;
    public const int MaxReasonLength = 500;
    public const int MaxFacilities = 200;
    public const decimal MaxValue = 10_000_000_000m;

    private ServiceContract() { }

    public ServiceContract(string id, string providerId, ContractTerms terms, Instant now)
    {
        Id = id;
        ProviderId = providerId;
        Apply(terms);
        State = ContractState.Draft;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string Id { get; private set; } = "";

    public string ProviderId { get; private set; } = "";

    public string Title { get; private set; } = "";

    public ContractKind Kind { get; private set; }

    /// <summary>The office that signs it: a district, town or subdistrict code. The scope lies inside it.</summary>
    public string ContractingPlaceCode { get; private set; } = "";

    public LocalDate Start { get; private set; }

    /// <summary>The last day of the term (inclusive).</summary>
    public LocalDate End { get; private set; }

    /// <summary>Yuan.</summary>
    public decimal Value { get; private set; }

    /// <summary>The facilities the provider runs under it.</summary>
    public IReadOnlyList<string> FacilityIds { get; private set; } = [];

    public ServiceLevels Levels { get; private set; } = ServiceLevels.None;

    public ContractState State { get; private set; }

    /// <summary>Why it was suspended (while suspended) — kept after a resume in the audit trail, not here.</summary>
    public string? SuspensionReason { get; private set; }

    public string? TerminationReason { get; private set; }

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public Instant? ActivateTime { get; private set; }

    public Instant? CloseTime { get; private set; }

    public int Version { get; private set; }

    public DateInterval Term => new(Start, End);

    /// <summary>The provider runs <paramref name="facilityId"/> on <paramref name="date"/> under this contract.</summary>
    public bool Runs(string facilityId, LocalDate date) =>
        State == ContractState.Active && Start <= date && date <= End && FacilityIds.Contains(facilityId);

    /// <summary>Active and <paramref name="date"/> inside the term.</summary>
    public bool RunsOn(LocalDate date) => State == ContractState.Active && Start <= date && date <= End;

    /// <summary>Every problem with the terms at once, on proto field paths under "contract.".</summary>
    public static void Validate(ContractTerms terms, Violations violations)
    {
        if (violations.Required(terms.Title, "contract.title"))
        {
            violations.MaxLength(terms.Title, MaxTitleLength, "contract.title");
        }
        violations.Check(terms.Kind is null || !Enum.IsDefined(terms.Kind.Value), "contract.kind", Reasons.Required,
            "is required: entrusted service, government procurement, management contract or franchise.");
        violations.Required(terms.ContractingPlaceCode, "contract.contracting_place");
        violations.Check(terms.Start is null, "contract.start_date", Reasons.Required, "is required.");
        violations.Check(terms.End is null, "contract.end_date", Reasons.Required, "is required.");
        violations.Check(terms.Start is { } s && terms.End is { } e && e < s, "contract.end_date", Reasons.OutOfRange,
            "must not be before the start date.");
        violations.Check(terms.Start is { } s2 && terms.End is { } e2 && e2 >= s2 && Period.Between(s2, e2, PeriodUnits.Years).Years >= 10,
            "contract.end_date", Reasons.OutOfRange, "a term may last at most 10 years.");
        violations.Check(terms.Value < 0 || terms.Value > MaxValue || decimal.Round(terms.Value, 2) != terms.Value, "contract.value",
            Reasons.OutOfRange, $"must be 0 to {MaxValue} yuan, in fen at most.");
        violations.Check(terms.FacilityIds.Count == 0, "contract.facilities", Reasons.Required, "name at least one facility the provider runs.");
        violations.Check(terms.FacilityIds.Count > MaxFacilities, "contract.facilities", Reasons.OutOfRange, $"at most {MaxFacilities} facilities.");
        violations.Check(terms.FacilityIds.Distinct().Count() != terms.FacilityIds.Count, "contract.facilities", Reasons.InvalidArgument,
            "names a facility twice.");
        terms.Levels.Validate(violations, "contract.service_levels");
    }

    /// <summary>Rewrites a draft; a signed contract does not change (suspend or terminate it instead).</summary>
    public void UpdateDraft(ContractTerms terms, Instant now)
    {
        Require(State == ContractState.Draft, "update");
        Apply(terms);
        Touch(now);
    }

    /// <summary>Signs the draft. A term that has already ended cannot start.</summary>
    public void Activate(LocalDate today, Instant now)
    {
        Require(State == ContractState.Draft, "activate");
        if (End < today)
        {
            throw Problem.Broken(Reasons.ContractTermOver, "The term of this contract is already over.",
                new Dictionary<string, string> { ["end_date"] = End.ToString("yyyy-MM-dd", null) });
        }
        State = ContractState.Active;
        ActivateTime = now;
        Touch(now);
    }

    public void Suspend(string reason, Instant now)
    {
        Require(State == ContractState.Active, "suspend");
        State = ContractState.Suspended;
        SuspensionReason = reason;
        Touch(now);
    }

    public void Resume(Instant now)
    {
        Require(State == ContractState.Suspended, "resume");
        State = ContractState.Active;
        SuspensionReason = null;
        Touch(now);
    }

    /// <summary>Ends as agreed (the term is run out, or both sides close it).</summary>
    public void Finish(Instant now)
    {
        Require(State is ContractState.Active or ContractState.Suspended, "end");
        State = ContractState.Ended;
        CloseTime = now;
        Touch(now);
    }

    public void Terminate(string reason, Instant now)
    {
        Require(State is ContractState.Active or ContractState.Suspended, "terminate");
        State = ContractState.Terminated;
        TerminationReason = reason;
        CloseTime = now;
        Touch(now);
    }

    private void Apply(ContractTerms terms)
    {
        Title = terms.Title.Trim();
        Kind = terms.Kind!.Value;
        ContractingPlaceCode = terms.ContractingPlaceCode;
        Start = terms.Start!.Value;
        End = terms.End!.Value;
        Value = terms.Value;
        FacilityIds = terms.FacilityIds.ToArray();
        Levels = terms.Levels;
    }

    private void Touch(Instant now)
    {
        UpdateTime = now;
        Version++;
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw Problem.Broken(Reasons.StateDoesNotAllow, $"A {State.ToString().ToLowerInvariant()} contract cannot {action}.",
                new Dictionary<string, string> { ["state"] = State.ToString(), ["action"] = action });
        }
    }
}
