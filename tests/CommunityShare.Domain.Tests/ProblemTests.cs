namespace CommunityShare.Domain.Tests;

public class ProblemTests
{
    [Fact]
    public void Broken_takes_its_reason_and_metadata_from_the_first_rule_and_keeps_every_rule()
    {
        RuleViolation[] rules =
        [
            new(Reasons.TooFarAhead, "Not released yet.", new Dictionary<string, string> { ["release_time"] = "2026-06-02T00:00:00Z" }),
            new(Reasons.BlackedOut, "Closed then."),
            new(Reasons.PartyTooLarge, "Too many people."),
        ];

        var problem = Problem.Broken(rules);

        Assert.Equal(ProblemKind.FailedPrecondition, problem.Kind);
        Assert.Equal(Reasons.TooFarAhead, problem.Reason);
        Assert.Equal("2026-06-02T00:00:00Z", problem.Metadata["release_time"]);
        Assert.Equal([Reasons.TooFarAhead, Reasons.BlackedOut, Reasons.PartyTooLarge], problem.RuleViolations.Select(r => r.Reason));
        Assert.Empty(problem.FieldViolations);
    }

    [Fact]
    public void Broken_with_one_rule_keeps_that_rule()
    {
        var problem = Problem.Broken(Reasons.BookingStarted, "Started.", new Dictionary<string, string> { ["start_time"] = "x" });

        Assert.Equal(Reasons.BookingStarted, problem.Reason);
        Assert.Equal("x", problem.Metadata["start_time"]);
        Assert.Equal(Reasons.BookingStarted, Assert.Single(problem.RuleViolations).Reason);
    }

    [Fact]
    public void Broken_without_metadata_has_empty_metadata()
    {
        Assert.Empty(Problem.Broken(Reasons.BlackedOut, "Closed.").Metadata);
    }

    [Fact]
    public void Invalid_is_an_invalid_argument_carrying_every_field_violation()
    {
        FieldViolation[] violations =
        [
            new("booking.party_size", Reasons.OutOfRange, "must be 1 to 100 people."),
            new("booking.start_time", Reasons.Required, "is required."),
        ];

        var problem = Problem.Invalid(violations);

        Assert.Equal(ProblemKind.InvalidArgument, problem.Kind);
        Assert.Equal(Reasons.InvalidArgument, problem.Reason);
        Assert.Equal(violations, problem.FieldViolations);
        Assert.Empty(problem.RuleViolations);
    }

    [Fact]
    public void Invalid_for_one_field_has_that_single_violation()
    {
        var problem = Problem.Invalid("check_in_code", Reasons.CheckInCodeMismatch, "does not match.");

        var violation = Assert.Single(problem.FieldViolations);
        Assert.Equal("check_in_code", violation.Field);
        Assert.Equal(Reasons.CheckInCodeMismatch, violation.Reason);
        Assert.Equal(Reasons.InvalidArgument, problem.Reason);
    }

    [Fact]
    public void Not_found_names_the_resource()
    {
        var problem = Problem.NotFound("facilities/court-9");

        Assert.Equal(ProblemKind.NotFound, problem.Kind);
        Assert.Equal(Reasons.NotFound, problem.Reason);
        Assert.Equal("facilities/court-9", problem.Metadata["resource"]);
    }

    [Fact]
    public void An_etag_mismatch_is_aborted_and_gives_the_current_etag()
    {
        var problem = Problem.EtagMismatch("facilities/court-1", expected: "3", actual: "4");

        Assert.Equal(ProblemKind.Aborted, problem.Kind);
        Assert.Equal(Reasons.EtagMismatch, problem.Reason);
        Assert.Equal("4", problem.Metadata["etag"]);
        Assert.Equal("facilities/court-1", problem.Metadata["resource"]);
    }

    [Fact]
    public void Permission_denied_keeps_its_reason()
    {
        var problem = Problem.PermissionDenied(Reasons.NotAllowed, "No.");

        Assert.Equal(ProblemKind.PermissionDenied, problem.Kind);
        Assert.Equal(Reasons.NotAllowed, problem.Reason);
    }

    [Fact]
    public void A_broken_rules_problem_needs_at_least_one_rule()
    {
        Assert.Throws<ArgumentException>(() => Problem.Broken(Array.Empty<RuleViolation>()));
    }
}
