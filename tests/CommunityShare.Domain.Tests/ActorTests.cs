namespace CommunityShare.Domain.Tests;

public class ActorTests
{
    [Fact]
    public void An_actor_is_named_by_its_kind_and_id()
    {
        Assert.Equal("residents/r-1", new Actor(ActorKind.Resident, "r-1").ResourceName);
        Assert.Equal("staff/s-1", new Actor(ActorKind.Staff, "s-1").ResourceName);
    }

    [Fact]
    public void Staff_may_do_what_requires_staff()
    {
        Assert.Null(Record.Exception(() => new Actor(ActorKind.Staff, "s-1").RequireStaff("approve bookings")));
    }

    [Fact]
    public void A_resident_may_not_do_what_requires_staff()
    {
        var problem = Assert.Throws<Problem>(() => new Actor(ActorKind.Resident, "r-1").RequireStaff("approve bookings"));

        Assert.Equal(ProblemKind.PermissionDenied, problem.Kind);
        Assert.Equal(Reasons.NotAllowed, problem.Reason);
    }
}
