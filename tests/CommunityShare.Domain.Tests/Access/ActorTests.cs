using CommunityShare.Domain.Access;

namespace CommunityShare.Domain.Tests.Access;

/// <summary>
/// Every role reaches exactly its part of the district. Places: Minhang 310112, Xinzhuang town
/// 310112101 (neighbourhood 310112101001), Qibao town 310112102; school-1 is in Xinzhuang.
/// </summary>
public class ActorTests
{
    private static readonly Jurisdiction XinzhuangSchool = new("310112101001", "school-1");
    private static readonly Jurisdiction QibaoSchool = new("310112102001", "school-2");
    private static readonly Jurisdiction XinzhuangPlace = Jurisdiction.OfPlace("310112101");
    private static readonly Jurisdiction Minhang = Jurisdiction.OfPlace("310112");
    private static readonly Jurisdiction OtherDistrict = Jurisdiction.OfPlace("310104");
    private static readonly Jurisdiction OperatedPool = new("310112102001", "sports-1", ["provider-7"]);

    private static Actor Staff(string assignment) =>
        Actor.Staff("someone", RoleAssignment.TryParse(assignment, out var a) ? a! : throw new ArgumentException(assignment));

    public static TheoryData<string, Jurisdiction, bool> Management => new()
    {
        { "district=310112", XinzhuangSchool, true },
        { "district=310112", Minhang, true },
        { "district=310112", OtherDistrict, false },
        { "office=310112101", XinzhuangSchool, true },
        { "office=310112101", XinzhuangPlace, true },
        { "office=310112101", QibaoSchool, false },
        { "office=310112101", Minhang, false },
        { "institution=school-1", XinzhuangSchool, true },
        { "institution=school-1", QibaoSchool, false },
        { "institution=school-1", XinzhuangPlace, false },
        { "provider=provider-7", OperatedPool, true },
        { "provider=provider-7", QibaoSchool, false },
        { "supervisor=310112", XinzhuangSchool, false },
    };

    [Theory]
    [MemberData(nameof(Management))]
    public void Each_role_manages_exactly_its_scope(string assignment, Jurisdiction where, bool manages)
    {
        Assert.Equal(manages, Staff(assignment).Manages(where));
    }

    [Fact]
    public void A_supervisor_sees_the_whole_district_but_changes_nothing()
    {
        var supervisor = Staff("supervisor=310112");

        Assert.True(supervisor.Oversees(XinzhuangSchool));
        Assert.False(supervisor.Oversees(OtherDistrict));
        var problem = Assert.Throws<Problem>(() => supervisor.RequireManage(XinzhuangSchool, "change it"));
        Assert.Equal(Reasons.NotInScope, problem.Reason);
    }

    [Fact]
    public void Several_assignments_add_up()
    {
        var both = Actor.Staff("someone", new RoleAssignment(Role.InstitutionStaff, "school-2"), new RoleAssignment(Role.StreetOfficeStaff, "310112101"));

        Assert.True(both.Manages(XinzhuangSchool));
        Assert.True(both.Manages(QibaoSchool));
        Assert.False(both.Manages(OperatedPool));
    }

    [Fact]
    public void A_resident_is_turned_away_from_staff_work_with_not_allowed()
    {
        var resident = Actor.Resident("r1");

        Assert.True(resident.IsResident);
        Assert.False(resident.IsStaff);
        Assert.Equal("residents/r1", resident.ResourceName);
        Assert.Equal(Reasons.NotAllowed, Assert.Throws<Problem>(() => resident.RequireStaff("approve")).Reason);
        var denied = Assert.Throws<Problem>(() => resident.RequireManage(XinzhuangSchool, "approve"));
        Assert.Equal(ProblemKind.PermissionDenied, denied.Kind);
        Assert.Equal(Reasons.NotAllowed, denied.Reason);
    }

    [Fact]
    public void Staff_outside_their_scope_are_told_it_is_not_in_their_scope()
    {
        var office = Staff("office=310112101");

        var problem = Assert.Throws<Problem>(() => office.RequireManage(QibaoSchool, "change it"));

        Assert.Equal(ProblemKind.PermissionDenied, problem.Kind);
        Assert.Equal(Reasons.NotInScope, problem.Reason);
        Assert.Equal("310112102001", problem.Metadata["place"]);
        Assert.Equal("staff/someone", office.ResourceName);
    }

    [Theory]
    [InlineData("institution=school-1", Role.InstitutionStaff, "school-1")]
    [InlineData("office=310112101", Role.StreetOfficeStaff, "310112101")]
    [InlineData("provider=p1", Role.ProviderStaff, "p1")]
    [InlineData("district=310112", Role.DistrictStaff, "310112")]
    [InlineData("supervisor=310112", Role.DistrictSupervisor, "310112")]
    public void Assignments_read_and_write_as_role_and_scope(string text, Role role, string scope)
    {
        Assert.True(RoleAssignment.TryParse(text, out var assignment));
        Assert.Equal(new RoleAssignment(role, scope), assignment);
        Assert.Equal(text, assignment!.ToString());
    }

    [Theory]
    [InlineData("admin=310112")]
    [InlineData("office=")]
    [InlineData("=school-1")]
    [InlineData("office")]
    public void Unknown_or_incomplete_assignments_are_refused(string text)
    {
        Assert.False(RoleAssignment.TryParse(text, out _));
    }

    [Fact]
    public void District_work_needs_a_district_role_of_exactly_that_district()
    {
        Staff("district=310112").RequireDistrictRole("create a district", changes: true, "310112");
        Staff("supervisor=310112").RequireDistrictRole("read the outbox", changes: false);

        Assert.Equal(Reasons.NotInScope, Assert.Throws<Problem>(() => Staff("district=310112").RequireDistrictRole("create a district", changes: true, "310112101123")).Reason);
        Assert.Equal(Reasons.NotInScope, Assert.Throws<Problem>(() => Staff("office=310112101").RequireDistrictRole("create a district", changes: true, "310112101123")).Reason);
        Assert.Equal(Reasons.NotInScope, Assert.Throws<Problem>(() => Staff("supervisor=310112").RequireDistrictRole("create a district", changes: true, "310112")).Reason);
        Assert.Equal(Reasons.NotAllowed, Assert.Throws<Problem>(() => Actor.Resident("r1").RequireDistrictRole("read the outbox", changes: false)).Reason);
    }

    [Theory]
    [InlineData("office=310112101", true)]
    [InlineData("district=310112", true)]
    [InlineData("supervisor=310112", false)]
    [InlineData("institution=school-1", false)]
    [InlineData("provider=p1", false)]
    public void Town_subdistrict_and_district_staff_serve_at_the_counter(string assignment, bool serves)
    {
        var staff = Staff(assignment);

        Assert.Equal(serves, staff.ServesAtCounter);
        if (serves)
        {
            staff.RequireCounterService("book for a resident");
        }
        else
        {
            var refused = Assert.Throws<Problem>(() => staff.RequireCounterService("book for a resident"));
            Assert.Equal((ProblemKind.PermissionDenied, Reasons.NotInScope), (refused.Kind, refused.Reason));
        }
        Assert.Equal(Reasons.NotAllowed, Assert.Throws<Problem>(() => Actor.Resident("r1").RequireCounterService("book for a resident")).Reason);
    }
}
