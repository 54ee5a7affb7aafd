namespace CommunityShare.Domain;

/// <summary>What kind of failure a <see cref="Problem"/> is; each maps to one gRPC status and one HTTP status.</summary>
public enum ProblemKind
{
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    AlreadyExists,
    Aborted,
    PermissionDenied,
    Unauthenticated,
    ResourceExhausted,
    Unavailable,
}

/// <summary>One thing wrong with one field of a request. <see cref="Field"/> is the API field path, e.g. <c>booking.party_size</c>.</summary>
public sealed record FieldViolation(string Field, string Reason, string Description);

/// <summary>A broken rule, with its stable reason code (UPPER_SNAKE) and the values behind it.</summary>
public sealed record RuleViolation(string Reason, string Description, IReadOnlyDictionary<string, string> Metadata)
{
    public RuleViolation(string reason, string description)
        : this(reason, description, new Dictionary<string, string>()) { }
}

/// <summary>
/// The one way a use case reports that it cannot do what was asked. It carries every problem
/// found (told once): all field violations of a request, or all rules it breaks. The gRPC
/// adapter and the pages each turn it into their own error shape in one place.
/// </summary>
public sealed class Problem : Exception
{
    public Problem(ProblemKind kind, string reason, string message,
        IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyList<FieldViolation>? fieldViolations = null,
        IReadOnlyList<RuleViolation>? ruleViolations = null)
        : base(message)
    {
        Kind = kind;
        Reason = reason;
        Metadata = metadata ?? new Dictionary<string, string>();
        FieldViolations = fieldViolations ?? [];
        RuleViolations = ruleViolations ?? [];
    }

    public ProblemKind Kind { get; }

    /// <summary>Stable UPPER_SNAKE reason code, for machines.</summary>
    public string Reason { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IReadOnlyList<FieldViolation> FieldViolations { get; }

    public IReadOnlyList<RuleViolation> RuleViolations { get; }

    public static Problem Invalid(IReadOnlyList<FieldViolation> violations) =>
        new(ProblemKind.InvalidArgument, Reasons.InvalidArgument,
            violations.Count == 1
                ? $"The request has a problem: {violations[0].Field}: {violations[0].Description}"
                : $"The request has {violations.Count} problems; see the field violations.",
            fieldViolations: violations);

    public static Problem Invalid(string field, string reason, string description) =>
        Invalid([new FieldViolation(field, reason, description)]);

    public static Problem AlreadyExists(string resourceName) =>
        new(ProblemKind.AlreadyExists, Reasons.AlreadyExists, $"{resourceName} already exists.",
            new Dictionary<string, string> { ["resource"] = resourceName });

    public static Problem NotFound(string resourceName) =>
        new(ProblemKind.NotFound, Reasons.NotFound, $"{resourceName} does not exist.",
            new Dictionary<string, string> { ["resource"] = resourceName });

    /// <summary>Every broken rule at once; the first one gives the overall reason.</summary>
    public static Problem Broken(IReadOnlyList<RuleViolation> rules) => rules.Count == 0
        ? throw new ArgumentException("A broken-rules problem needs at least one rule.", nameof(rules))
        : new(ProblemKind.FailedPrecondition, rules[0].Reason,
            rules.Count == 1 ? rules[0].Description : $"{rules[0].Description} (and {rules.Count - 1} more; see the details)",
            rules[0].Metadata, ruleViolations: rules);

    public static Problem Broken(string reason, string description, IReadOnlyDictionary<string, string>? metadata = null) =>
        Broken([new RuleViolation(reason, description, metadata ?? new Dictionary<string, string>())]);

    public static Problem EtagMismatch(string resourceName, string expected, string actual) =>
        new(ProblemKind.Aborted, Reasons.EtagMismatch,
            $"{resourceName} was changed by someone else (etag {actual}, you sent {expected}); read it again and retry.",
            new Dictionary<string, string> { ["resource"] = resourceName, ["etag"] = actual });

    public static Problem PermissionDenied(string reason, string message) =>
        new(ProblemKind.PermissionDenied, reason, message);
}
