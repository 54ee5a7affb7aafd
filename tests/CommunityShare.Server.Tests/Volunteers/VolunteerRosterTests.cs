using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Server.Tests.Volunteers;

/// <summary>Sign-up and assignment: each rule of the roster, its reason code, and the week's proposal.</summary>
public sealed class VolunteerRosterTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync() => await SetUpAsync(_f);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Fact]
    public async Task A_resident_registers_as_a_volunteer_and_the_profile_reads_back()
    {
        var v = await VolunteerAsync(_f, "v1", 6, skills: [Skill.FirstAid, Skill.ElderlyCare]);

        Assert.Equal("residents/v1/volunteer", v.Name);
        Assert.Equal([Skill.FirstAid, Skill.ElderlyCare], v.Skills);
        Assert.Equal("places/310112101001", v.HomePlace);
        Assert.Equal(7, v.Availability.Count);
        Assert.Equal(0, v.StarLevel);
        var again = await Fails(() => Client(_f, "resident:v1").RegisterVolunteerAsync(new RegisterVolunteerRequest { Parent = "residents/v1", Volunteer = Profile(6) }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
    }

    [Fact]
    public async Task Every_problem_with_a_profile_is_told_at_once()
    {
        await _f.AddResidentAsync("v1", "310112101001");
        var profile = Profile(99, (Skill)42);
        profile.Languages.Add("a,b");

        var e = await Fails(() => Client(_f, "resident:v1").RegisterVolunteerAsync(new RegisterVolunteerRequest { Parent = "residents/v1", Volunteer = profile }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["volunteer.languages[1]", "volunteer.max_hours_per_week", "volunteer.skills[0]"], FieldViolations(e).Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shift_never_has_more_volunteers_than_places()
    {
        var activity = await ActivityAsync(_f);
        var shift = await ShiftAsync(_f, activity, Today.PlusDays(3), 9, 12, places: 1);
        await VolunteerAsync(_f, "v1");
        await VolunteerAsync(_f, "v2");

        var taken = await Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });
        var e = await Fails(() => Client(_f, "resident:v2").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name }).ResponseAsync);

        Assert.Equal(Assignment.Types.State.Assigned, taken.State);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("SHIFT_FULL", Reason(e));
    }

    [Fact]
    public async Task A_volunteer_is_never_on_two_overlapping_shifts_nor_twice_on_one()
    {
        var activity = await ActivityAsync(_f);
        var morning = await ShiftAsync(_f, activity, Today.PlusDays(3), 9, 12, places: 3);
        var midday = await ShiftAsync(_f, activity, Today.PlusDays(3), 11, 13, places: 3);
        await VolunteerAsync(_f, "v1");
        var me = Client(_f, "resident:v1");

        await me.SignUpForShiftAsync(new SignUpForShiftRequest { Shift = morning.Name });

        Assert.Equal("SHIFT_OVERLAP", Reason(await Fails(() => me.SignUpForShiftAsync(new SignUpForShiftRequest { Shift = midday.Name }).ResponseAsync)));
        Assert.Equal("ALREADY_ON_SHIFT", Reason(await Fails(() => me.SignUpForShiftAsync(new SignUpForShiftRequest { Shift = morning.Name }).ResponseAsync)));
    }

    [Fact]
    public async Task A_volunteer_is_never_over_the_weekly_maximum()
    {
        var activity = await ActivityAsync(_f);
        var thursday = await ShiftAsync(_f, activity, Today.PlusDays(1), 9, 12);
        var friday = await ShiftAsync(_f, activity, Today.PlusDays(2), 9, 11);
        var nextMonday = await ShiftAsync(_f, activity, Today.PlusDays(5), 9, 12);
        await VolunteerAsync(_f, "v1", maxHours: 4);
        var me = Client(_f, "resident:v1");

        await me.SignUpForShiftAsync(new SignUpForShiftRequest { Shift = thursday.Name });
        var e = await Fails(() => me.SignUpForShiftAsync(new SignUpForShiftRequest { Shift = friday.Name }).ResponseAsync);
        await me.SignUpForShiftAsync(new SignUpForShiftRequest { Shift = nextMonday.Name }); // another week

        Assert.Equal("WEEKLY_HOURS_EXCEEDED", Reason(e));
        Assert.Equal("4", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Metadata["max_hours_per_week"]);
    }

    [Fact]
    public async Task A_volunteer_is_never_assigned_without_a_required_skill_and_staff_hear_every_broken_rule()
    {
        var activity = await ActivityAsync(_f);
        var health = await ShiftAsync(_f, activity, Today.PlusDays(3), 9, 12, places: 1, skills: [Skill.Medical]);
        await VolunteerAsync(_f, "v1", skills: [Skill.FirstAid]);
        await VolunteerAsync(_f, "v2", skills: [Skill.Medical]);
        await Client(_f, Office).AssignVolunteerAsync(new AssignVolunteerRequest { Shift = health.Name, Volunteer = "residents/v2/volunteer" });

        var e = await Fails(() => Client(_f, Office).AssignVolunteerAsync(new AssignVolunteerRequest { Shift = health.Name, Volunteer = "residents/v1/volunteer" }).ResponseAsync);

        Assert.Equal(["SHIFT_FULL", "SKILL_MISSING"], RuleReasons(e));
    }

    [Fact]
    public async Task Only_volunteers_sign_up_only_before_the_start_and_only_the_office_in_scope_assigns()
    {
        var activity = await ActivityAsync(_f);
        var shift = await ShiftAsync(_f, activity, Today, 10, 12, places: 2);
        await _f.AddResidentAsync("r9", "310112101001");
        await VolunteerAsync(_f, "v1");

        Assert.Equal("NOT_A_VOLUNTEER", Reason(await Fails(() => Client(_f, "resident:r9").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name }).ResponseAsync)));
        var other = await Fails(() => Client(_f, OtherOffice).AssignVolunteerAsync(new AssignVolunteerRequest { Shift = shift.Name, Volunteer = "residents/v1/volunteer" }).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(other));
        _f.Clock.Advance(Duration.FromHours(1));
        Assert.Equal("SHIFT_STARTED", Reason(await Fails(() => Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name }).ResponseAsync)));
    }

    [Fact]
    public async Task Open_shifts_I_qualify_for_leave_out_full_overlapping_and_unskilled_ones()
    {
        var activity = await ActivityAsync(_f);
        var mine = await ShiftAsync(_f, activity, Today.PlusDays(3), 9, 12, places: 2);
        var overlapping = await ShiftAsync(_f, activity, Today.PlusDays(3), 10, 11, places: 2);
        var legal = await ShiftAsync(_f, activity, Today.PlusDays(3), 14, 16, places: 2, skills: [Skill.Legal]);
        var open = await ShiftAsync(_f, activity, Today.PlusDays(4), 14, 16, places: 2);
        await VolunteerAsync(_f, "v1");
        await Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = mine.Name });

        var list = await Client(_f, "resident:v1").ListShiftsAsync(new ListShiftsRequest { Parent = "activities/-", QualifiedOnly = true });

        Assert.Equal([open.Name], list.Shifts.Select(s => s.Name));
        _ = overlapping;
        _ = legal;
    }

    [Fact]
    public async Task The_proposal_fills_the_week_staff_publish_it_and_a_place_taken_in_between_is_not_taken_twice()
    {
        var activity = await ActivityAsync(_f);
        var saturday = await ShiftAsync(_f, activity, Today.PlusDays(3), 9, 12, places: 2);
        var medical = await ShiftAsync(_f, activity, Today.PlusDays(4), 9, 12, places: 1, skills: [Skill.Medical]);
        await VolunteerAsync(_f, "v1");
        await VolunteerAsync(_f, "v2");
        await VolunteerAsync(_f, "v3", home: "310112102001"); // Qibao: not Xinzhuang's volunteer
        var office = Client(_f, Office);

        var proposal = await office.ProposeRosterAsync(new ProposeRosterRequest { Parent = "places/310112101", Week = Date(Today) });

        Assert.Equal(["residents/v1/volunteer", "residents/v2/volunteer"], proposal.Assignments.Where(a => a.Shift == saturday.Name).Select(a => a.Volunteer).Order());
        Assert.All(proposal.Assignments, a => Assert.Equal(Assignment.Types.State.Proposed, a.State));
        var gap = Assert.Single(proposal.Gaps);
        Assert.Equal(medical.Name, gap.Shift);

        // Before publishing, a fourth volunteer of Xinzhuang signs up and takes one of the two places.
        await VolunteerAsync(_f, "v4");
        await Client(_f, "resident:v4").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = saturday.Name });
        var published = await office.PublishRosterAsync(new PublishRosterRequest { Parent = "places/310112101", Week = Date(Today) });

        Assert.Single(published.Assignments);
        Assert.EndsWith(": SHIFT_FULL", Assert.Single(published.Skipped));
        var onShift = await office.ListAssignmentsAsync(new ListAssignmentsRequest { Parent = saturday.Name });
        Assert.Equal(2, onShift.Assignments.Count(a => a.State == Assignment.Types.State.Assigned));
    }

    [Fact]
    public async Task An_approved_drop_offers_the_gap_to_qualified_volunteers_and_a_swap_puts_the_substitute_on()
    {
        var activity = await ActivityAsync(_f);
        var shift = await ShiftAsync(_f, activity, Today.PlusDays(3), 9, 12, places: 1, skills: [Skill.FirstAid]);
        var other = await ShiftAsync(_f, activity, Today.PlusDays(4), 9, 12, places: 1);
        await VolunteerAsync(_f, "v1", skills: [Skill.FirstAid]);
        await VolunteerAsync(_f, "v2", skills: [Skill.FirstAid]);
        await VolunteerAsync(_f, "v3");
        var office = Client(_f, Office);
        var a = await Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });

        var noReason = await Fails(() => Client(_f, "resident:v1").RequestAssignmentChangeAsync(new RequestAssignmentChangeRequest
            { Name = a.Name, Kind = Assignment.Types.ChangeKind.Drop }).ResponseAsync);
        Assert.Equal("reason", Assert.Single(FieldViolations(noReason)).Field);
        await Client(_f, "resident:v1").RequestAssignmentChangeAsync(new RequestAssignmentChangeRequest { Name = a.Name, Kind = Assignment.Types.ChangeKind.Drop, Reason = "家中有事" });
        var dropped = await office.DecideAssignmentChangeAsync(new DecideAssignmentChangeRequest { Name = a.Name, Approve = true });

        Assert.Equal(Assignment.Types.State.Dropped, dropped.State);
        var outbox = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest());
        Assert.Equal(["residents/v2"], outbox.OutboxMessages.Where(m => m.Template == "volunteer.gap").Select(m => m.Recipient));

        // A swap: v3 takes v2's place on the other shift when staff approve.
        var b = await Client(_f, "resident:v2").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = other.Name });
        await Client(_f, "resident:v2").RequestAssignmentChangeAsync(new RequestAssignmentChangeRequest
            { Name = b.Name, Kind = Assignment.Types.ChangeKind.Swap, Substitute = "residents/v3/volunteer", Reason = "换班" });
        await office.DecideAssignmentChangeAsync(new DecideAssignmentChangeRequest { Name = b.Name, Approve = true });
        var onOther = await office.ListAssignmentsAsync(new ListAssignmentsRequest { Parent = other.Name });
        Assert.Equal("residents/v3/volunteer", Assert.Single(onOther.Assignments, x => x.State == Assignment.Types.State.Assigned).Volunteer);
    }

    [Fact]
    public async Task An_opening_of_a_facility_needing_volunteers_is_staffed_only_when_full_shifts_cover_all_of_it()
    {
        var activity = await Client(_f, Office).CreateActivityAsync(new CreateActivityRequest
        {
            Activity = new Activity { Place = "places/310112101001", Title = "球场开放", Facility = "facilities/court-x" },
        });
        var tomorrow = Today.PlusDays(1);
        var morning = await ShiftAsync(_f, activity, tomorrow, 8, 15);
        var evening = await ShiftAsync(_f, activity, tomorrow, 15, 22);
        await VolunteerAsync(_f, "v1");
        await VolunteerAsync(_f, "v2");
        var window = new Interval(tomorrow.AtStartOfDayInZone(Shanghai).ToInstant(), tomorrow.PlusDays(1).AtStartOfDayInZone(Shanghai).ToInstant());
        async Task<bool> StaffedAsync() => Assert.Single(await _f.WithDbAsync(db =>
            CommunityShare.Server.Volunteers.RosterDesk.StaffingAsync(db, null, "court-x", window, CancellationToken.None))).Staffed;

        await Client(_f, "resident:v1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = morning.Name });
        Assert.False(await StaffedAsync());
        await Client(_f, "resident:v2").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = evening.Name });
        Assert.True(await StaffedAsync());
    }
}
