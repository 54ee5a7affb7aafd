namespace CommunityShare.Domain.Tests;

public class ViolationsTests
{
    [Fact]
    public void Nothing_collected_means_nothing_is_thrown()
    {
        var violations = new Violations();

        violations.ThrowIfAny();

        Assert.False(violations.Any);
        Assert.Empty(violations.Items);
    }

    [Fact]
    public void Every_violation_is_reported_together_in_the_order_found()
    {
        var violations = new Violations();
        violations.Required("  ", "facility.display_name");
        violations.MaxLength(new string('x', 201), 200, "facility.description");
        violations.Check(true, "facility.capacity", Reasons.OutOfRange, "must be 1 to 100000.");

        var problem = Assert.Throws<Problem>(violations.ThrowIfAny);

        Assert.Equal(ProblemKind.InvalidArgument, problem.Kind);
        Assert.Equal(Reasons.InvalidArgument, problem.Reason);
        Assert.Equal(
            [("facility.display_name", Reasons.Required), ("facility.description", Reasons.TooLong), ("facility.capacity", Reasons.OutOfRange)],
            problem.FieldViolations.Select(v => (v.Field, v.Reason)));
    }

    [Fact]
    public void Check_adds_only_when_broken_and_says_whether_the_value_was_fine()
    {
        var violations = new Violations();

        Assert.True(violations.Check(false, "a", Reasons.OutOfRange, ""));
        Assert.False(violations.Check(true, "b", Reasons.OutOfRange, ""));

        Assert.Equal("b", Assert.Single(violations.Items).Field);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData(" \t", false)]
    [InlineData("闵行区", true)]
    public void Required_rejects_missing_and_blank_values(string? value, bool fine)
    {
        var violations = new Violations();

        Assert.Equal(fine, violations.Required(value, "place.display_name"));
        Assert.Equal(!fine, violations.Any);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("abc", false)]
    [InlineData("abcd", true)]
    public void Max_length_rejects_only_values_that_are_too_long(string? value, bool tooLong)
    {
        var violations = new Violations();

        violations.MaxLength(value, 3, "name");

        Assert.Equal(tooLong, violations.Any);
    }
}
