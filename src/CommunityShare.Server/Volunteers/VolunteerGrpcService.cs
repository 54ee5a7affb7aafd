using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using TimeRange = CommunityShare.Domain.Facilities.TimeRange;
using WeeklyWindow = CommunityShare.Contracts.V1.WeeklyWindow;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodaTime;
using D = CommunityShare.Domain.Volunteers;

namespace CommunityShare.Server.Volunteers;

/// <summary>gRPC adapter of the volunteer rosters: proto in, use case, proto out.</summary>
public sealed class VolunteerGrpcService(VolunteerRegistry registry, ActivityDesk activities, ShiftPlaces places, RosterDesk rosters, AssignmentDesk assignments,
    ServiceHoursDesk hours, CertificateDesk certificates) : VolunteerService.VolunteerServiceBase
{
    private const string Service = "communityshare.v1.VolunteerService/";

    public override async Task<Contracts.V1.Volunteer> RegisterVolunteer(RegisterVolunteerRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var draft = ReadVolunteer(request.Volunteer, violations);
        var key = RequestLedger.KeyFor(actor, Service + "RegisterVolunteer", request.RequestId, request, violations);
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await registry.RegisterAsync(actor, resident!, draft, key, violations, context.CancellationToken));
    }

    public override async Task<Contracts.V1.Volunteer> GetVolunteer(GetVolunteerRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/volunteer", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await registry.GetAsync(actor, ids![0], context.CancellationToken));
    }

    public override async Task<Contracts.V1.Volunteer> UpdateVolunteer(UpdateVolunteerRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var v = request.Volunteer ?? new Contracts.V1.Volunteer();
        var ids = ResourceNames.Parse(v.Name, "residents/{}/volunteer", "volunteer.name", violations);
        var draft = ReadVolunteer(v, violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await registry.UpdateAsync(actor, ids![0], draft, v.Etag, violations, context.CancellationToken));
    }

    public override async Task<ListVolunteersResponse> ListVolunteers(ListVolunteersRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var place = ResourceNames.ParseOne(request.Parent, "places", "parent", violations);
        var skill = request.Skill == Skill.Unspecified ? null : ReadSkill(request.Skill, "skill", violations);
        var size = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var (items, next) = await registry.ListAsync(actor, place!, skill, size, request.PageToken, violations, context.CancellationToken);
        return new ListVolunteersResponse { Volunteers = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<Team> CreateTeam(CreateTeamRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var t = request.Team ?? new Team();
        var place = string.IsNullOrEmpty(t.Place) ? null : ResourceNames.ParseOne(t.Place, "places", "team.place", violations);
        var key = RequestLedger.KeyFor(actor, Service + "CreateTeam", request.RequestId, request, violations);
        return ToProto(await registry.CreateTeamAsync(actor, place, t.DisplayName, key, violations, context.CancellationToken));
    }

    public override async Task<ListTeamsResponse> ListTeams(ListTeamsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var place = ResourceNames.ParseOne(request.Parent, "places", "parent", violations);
        var size = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var (items, next) = await registry.ListTeamsAsync(actor, place!, size, request.PageToken, violations, context.CancellationToken);
        return new ListTeamsResponse { Teams = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<Team> AddTeamMember(AddTeamMemberRequest request, ServerCallContext context) =>
        await SetMemberAsync(context, request.Team, request.Volunteer, true, request.Leader);

    public override async Task<Team> RemoveTeamMember(RemoveTeamMemberRequest request, ServerCallContext context) =>
        await SetMemberAsync(context, request.Team, request.Volunteer, false, false);

    private async Task<Team> SetMemberAsync(ServerCallContext context, string team, string volunteer, bool member, bool leader)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var teamId = ResourceNames.ParseOne(team, "teams", "team", violations);
        var resident = ResourceNames.Parse(volunteer, "residents/{}/volunteer", "volunteer", violations);
        violations.ThrowIfAny();
        return ToProto(await registry.SetMemberAsync(actor, teamId!, resident![0], member, leader, context.CancellationToken));
    }

    public override async Task<Contracts.V1.Activity> CreateActivity(CreateActivityRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var a = request.Activity ?? new Contracts.V1.Activity();
        var place = string.IsNullOrEmpty(a.Place) ? null : ResourceNames.ParseOne(a.Place, "places", "activity.place", violations);
        var facility = ResourceNames.ParseOptional(a.Facility, "facilities", "activity.facility", violations);
        var key = RequestLedger.KeyFor(actor, Service + "CreateActivity", request.RequestId, request, violations);
        return ToProto(await activities.CreateActivityAsync(actor, new ActivityDraft(place, a.Title, a.Description, facility, a.Location), key, violations,
            context.CancellationToken));
    }

    public override async Task<ListActivitiesResponse> ListActivities(ListActivitiesRequest request, ServerCallContext context)
    {
        Callers.Required(context);
        var violations = new Violations();
        var place = ResourceNames.ParseOne(request.Parent, "places", "parent", violations);
        var size = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var (items, next) = await activities.ListActivitiesAsync(place!, size, request.PageToken, violations, context.CancellationToken);
        return new ListActivitiesResponse { Activities = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<Contracts.V1.Shift> CreateShift(CreateShiftRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var activity = ResourceNames.ParseOne(request.Parent, "activities", "parent", violations);
        var s = request.Shift ?? new Contracts.V1.Shift();
        var period = ProtoIntervals.Read(s.StartTime, s.EndTime, "shift.start_time", "shift.end_time", violations);
        var skills = ReadSkills(s.RequiredSkills, "shift.required_skills", violations);
        var key = RequestLedger.KeyFor(actor, Service + "CreateShift", request.RequestId, request, violations);
        if (activity is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await activities.CreateShiftAsync(actor, activity!, period, s.PlacesNeeded, skills, key, violations, context.CancellationToken));
    }

    public override async Task<ListShiftsResponse> ListShifts(ListShiftsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var activity = request.Parent == "activities/-" ? null : ResourceNames.ParseOne(request.Parent, "activities", "parent", violations);
        var place = ResourceNames.ParseOptional(request.Place, "places", "place", violations);
        Interval? range = request.StartTime is null && request.EndTime is null
            ? null
            : ProtoIntervals.Read(request.StartTime, request.EndTime, "start_time", "end_time", violations);
        var size = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var (items, next) = await activities.ListShiftsAsync(actor, activity, place, range, request.QualifiedOnly, size, request.PageToken, violations,
            context.CancellationToken);
        return new ListShiftsResponse { Shifts = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<Empty> DeleteShift(DeleteShiftRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "activities/{}/shifts/{}", "name", violations);
        violations.ThrowIfAny();
        await activities.DeleteShiftAsync(actor, ids![0], ids[1], context.CancellationToken);
        return new Empty();
    }

    public override async Task<Contracts.V1.Assignment> SignUpForShift(SignUpForShiftRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Shift, "activities/{}/shifts/{}", "shift", violations);
        var key = RequestLedger.KeyFor(actor, Service + "SignUpForShift", request.RequestId, request, violations);
        violations.ThrowIfAny();
        return ToProto(await places.SignUpAsync(actor, ids![0], ids[1], key, context.CancellationToken));
    }

    public override async Task<Contracts.V1.Assignment> AssignVolunteer(AssignVolunteerRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Shift, "activities/{}/shifts/{}", "shift", violations);
        var resident = ResourceNames.Parse(request.Volunteer, "residents/{}/volunteer", "volunteer", violations);
        var key = RequestLedger.KeyFor(actor, Service + "AssignVolunteer", request.RequestId, request, violations);
        violations.ThrowIfAny();
        return ToProto(await places.AssignAsync(actor, ids![0], ids[1], resident![0], key, context.CancellationToken));
    }

    public override async Task<ListAssignmentsResponse> ListAssignments(ListAssignmentsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var size = PageToken.PageSize(request.PageSize, violations);
        if (request.Parent.StartsWith("activities/", StringComparison.Ordinal))
        {
            var shift = ResourceNames.Parse(request.Parent, "activities/{}/shifts/{}", "parent", violations);
            violations.ThrowIfAny();
            var onShift = await assignments.ListForShiftAsync(actor, shift![0], shift[1], context.CancellationToken);
            return new ListAssignmentsResponse { Assignments = { onShift.Select(ToProto) } };
        }
        var resident = ResourceNames.Parse(request.Parent, "residents/{}/volunteer", "parent", violations);
        violations.ThrowIfAny();
        var (items, next) = await assignments.ListForVolunteerAsync(actor, resident![0], size, request.PageToken, violations, context.CancellationToken);
        return new ListAssignmentsResponse { Assignments = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<RosterProposal> ProposeRoster(ProposeRosterRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var (place, day) = ReadWeek(request.Parent, request.Week);
        return ToProto(await rosters.ProposeAsync(actor, place, day, context.CancellationToken));
    }

    public override async Task<RosterProposal> PublishRoster(PublishRosterRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var (place, day) = ReadWeek(request.Parent, request.Week);
        return ToProto(await rosters.PublishAsync(actor, place, day, context.CancellationToken));
    }

    public override async Task<Contracts.V1.Assignment> RequestAssignmentChange(RequestAssignmentChangeRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "assignments", "name", violations);
        var kind = ProtoEnums.Optional<Contracts.V1.Assignment.Types.ChangeKind, D.ChangeKind>(request.Kind, "kind", violations);
        var substitute = string.IsNullOrEmpty(request.Substitute) ? null : ResourceNames.Parse(request.Substitute, "residents/{}/volunteer", "substitute", violations)?[0];
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await assignments.RequestChangeAsync(actor, id!, kind, substitute, request.Reason, violations, context.CancellationToken));
    }

    public override async Task<Contracts.V1.Assignment> DecideAssignmentChange(DecideAssignmentChangeRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var id = ReadAssignment(request.Name);
        return ToProto(await assignments.DecideChangeAsync(actor, id, request.Approve, context.CancellationToken));
    }

    public override async Task<Contracts.V1.Assignment> CheckIn(CheckInRequest request, ServerCallContext context) =>
        ToProto(await assignments.CheckInAsync(Callers.Required(context), ReadAssignment(request.Name), false, context.CancellationToken));

    public override async Task<Contracts.V1.Assignment> CheckOut(CheckOutRequest request, ServerCallContext context) =>
        ToProto(await assignments.CheckInAsync(Callers.Required(context), ReadAssignment(request.Name), true, context.CancellationToken));

    public override async Task<Contracts.V1.ServiceRecord> ConfirmHours(ConfirmHoursRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "assignments", "name", violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await hours.ConfirmAsync(actor, id!, request.Hours, violations, context.CancellationToken));
    }

    public override async Task<ListServiceRecordsResponse> ListServiceRecords(ListServiceRecordsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.Parse(request.Parent, "residents/{}/volunteer", "parent", violations);
        var size = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var (items, next, total) = await hours.ListAsync(actor, resident![0], size, request.PageToken, violations, context.CancellationToken);
        return new ListServiceRecordsResponse { ServiceRecords = { items.Select(ToProto) }, NextPageToken = next, ConfirmedHours = Hours(total) };
    }

    public override async Task<Contracts.V1.ServiceRecord> RequestHoursCorrection(RequestHoursCorrectionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/serviceRecords/{}", "name", violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await hours.RequestCorrectionAsync(actor, ids![0], ids[1], request.Hours, request.Reason, violations, context.CancellationToken));
    }

    public override async Task<Contracts.V1.ServiceRecord> DecideHoursCorrection(DecideHoursCorrectionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/serviceRecords/{}", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await hours.DecideCorrectionAsync(actor, ids![0], ids[1], request.Grant, context.CancellationToken));
    }

    public override async Task<Certificate> IssueCertificate(IssueCertificateRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.Parse(request.Parent, "residents/{}/volunteer", "parent", violations);
        var c = request.Certificate ?? new Certificate();
        var key = RequestLedger.KeyFor(actor, Service + "IssueCertificate", request.RequestId, request, violations);
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await certificates.IssueAsync(actor, resident![0], new CertificateDraft(c.Content, c.Organisation, c.PersonInCharge), key, violations,
            context.CancellationToken), masked: false);
    }

    public override async Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.Parse(request.Parent, "residents/{}/volunteer", "parent", violations);
        violations.ThrowIfAny();
        var items = await certificates.ListAsync(actor, resident![0], context.CancellationToken);
        return new ListCertificatesResponse { Certificates = { items.Select(c => ToProto(c, masked: false)) } };
    }

    public override async Task<Certificate> VerifyCertificate(VerifyCertificateRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var number = ResourceNames.ParseOne(request.Name, "certificates", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await certificates.VerifyAsync(number!, context.CancellationToken), masked: true);
    }

    // Reading.

    private static (string Place, LocalDate Day) ReadWeek(string parent, Google.Type.Date? week)
    {
        var violations = new Violations();
        var place = ResourceNames.ParseOne(parent, "places", "parent", violations);
        violations.Check(!week.TryToLocalDate(out var day), "week", week is null ? Reasons.Required : Reasons.InvalidFormat,
            week is null ? "is required: a day of the week." : "must be a valid date.");
        violations.ThrowIfAny();
        return (place!, day);
    }

    private static string ReadAssignment(string name)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(name, "assignments", "name", violations);
        violations.ThrowIfAny();
        return id!;
    }

    private static D.Skills? ReadSkill(Skill skill, string field, Violations violations)
    {
        var s = D.SkillSet.FromNumber((int)skill);
        violations.Check(s is null, field, Reasons.OutOfRange, $"{(int)skill} is not a known skill.");
        return s;
    }

    private static D.Skills ReadSkills(IEnumerable<Skill> skills, string field, Violations violations)
    {
        var set = D.Skills.None;
        var i = 0;
        foreach (var skill in skills)
        {
            if (ReadSkill(skill, $"{field}[{i}]", violations) is { } s)
            {
                set |= s;
            }
            i++;
        }
        return set;
    }

    private static VolunteerDraft ReadVolunteer(Contracts.V1.Volunteer? v, Violations violations)
    {
        violations.Check(v is null, "volunteer", Reasons.Required, "is required.");
        v ??= new Contracts.V1.Volunteer();
        var skills = ReadSkills(v.Skills, "volunteer.skills", violations);
        var availability = new List<D.AvailabilityWindow>();
        for (var i = 0; i < v.Availability.Count; i++)
        {
            var w = v.Availability[i];
            var path = $"volunteer.availability[{i}]";
            var dayOk = violations.Check(!w.DayOfWeek.TryToIsoDayOfWeek(out var day), $"{path}.day_of_week", Reasons.OutOfRange, "must be MONDAY to SUNDAY.");
            var startOk = violations.Check(!w.StartTime.TryToLocalTime(out var start, out var startEnd) || startEnd, $"{path}.start_time", Reasons.OutOfRange,
                "must be 00:00 to 23:59.");
            var endOk = violations.Check(!w.EndTime.TryToLocalTime(out var end, out _), $"{path}.end_time", Reasons.OutOfRange, "must be 00:00 to 24:00.");
            if (dayOk && startOk && endOk && violations.Check(!TimeRange.IsValid(start, end), $"{path}.end_time", Reasons.OutOfRange, "must be after start_time."))
            {
                availability.Add(new D.AvailabilityWindow(day, new TimeRange(start, end)));
            }
        }
        var dates = new List<LocalDate>();
        for (var i = 0; i < v.UnavailableDates.Count; i++)
        {
            if (violations.Check(!v.UnavailableDates[i].TryToLocalDate(out var d), $"volunteer.unavailable_dates[{i}]", Reasons.InvalidFormat, "must be a valid date."))
            {
                dates.Add(d);
            }
        }
        var home = ResourceNames.ParseOptional(v.HomePlace, "places", "volunteer.home_place", violations);
        return new VolunteerDraft(skills, v.Languages.ToList(), availability, dates, home, v.MaxHoursPerWeek);
    }

    // Writing.

    private static double Hours(int minutes) => Math.Round(minutes / 60.0, 2);

    private static IEnumerable<Skill> ToProto(D.Skills skills) => D.SkillSet.Each(skills).Select(s => (Skill)D.SkillSet.Number(s));

    public static Contracts.V1.Volunteer ToProto(VolunteerView view)
    {
        var v = view.Volunteer;
        var proto = new Contracts.V1.Volunteer
        {
            Name = VolunteerRegistry.Name(v.ResidentId),
            Skills = { ToProto(v.Skills) },
            Languages = { v.LanguageList },
            HomePlace = ResourceNames.Place(v.HomePlaceCode),
            MaxHoursPerWeek = v.MaxHoursPerWeek,
            ConfirmedHours = Hours(view.ConfirmedMinutes),
            StarLevel = view.Stars,
            NextStarHours = view.NextStarHours ?? 0,
            DisplayName = view.Name,
            Etag = Etags.Of(v.Version),
        };
        proto.Availability.Add(v.Availability.Select(w => new WeeklyWindow
        {
            DayOfWeek = w.Day.ToProtoDayOfWeek(),
            StartTime = w.Hours.Start.ToProtoTimeOfDay(),
            EndTime = w.Hours.End.ToProtoTimeOfDay(endOfDay: true),
        }));
        proto.UnavailableDates.Add(v.Unavailable.Select(d => d.ToProtoDate()));
        return proto;
    }

    private static Team ToProto(TeamView view) => new()
    {
        Name = VolunteerRegistry.TeamName(view.Team.Id),
        Place = ResourceNames.Place(view.Team.PlaceCode),
        DisplayName = view.Team.Name,
        Members = { view.Members.Select(m => new Team.Types.Member { Volunteer = VolunteerRegistry.Name(m.Member.ResidentId), Leader = m.Member.Leader, DisplayName = m.Name }) },
    };

    private static Contracts.V1.Activity ToProto(D.Activity a) => new()
    {
        Name = ActivityDesk.ActivityName(a.Id),
        Place = ResourceNames.Place(a.PlaceCode),
        Title = a.Title,
        Description = a.Description,
        Facility = a.FacilityId is null ? "" : ResourceNames.Facility(a.FacilityId),
        Location = a.Location,
    };

    private static Contracts.V1.Shift ToProto(ShiftView view) => new()
    {
        Name = ActivityDesk.ShiftName(view.Shift.ActivityId, view.Shift.Id),
        StartTime = view.Shift.Start.ToTimestamp(),
        EndTime = view.Shift.End.ToTimestamp(),
        PlacesNeeded = view.Shift.PlacesNeeded,
        RequiredSkills = { ToProto(view.Shift.RequiredSkills) },
        PlacesTaken = view.Taken,
        ActivityTitle = view.ActivityTitle,
        Place = ResourceNames.Place(view.Shift.PlaceCode),
    };

    public static Contracts.V1.Assignment ToProto(D.Assignment a)
    {
        var proto = new Contracts.V1.Assignment
        {
            Name = ShiftPlaces.AssignmentName(a.Id),
            Shift = ActivityDesk.ShiftName(a.ActivityId, a.ShiftId),
            Volunteer = VolunteerRegistry.Name(a.ResidentId),
            State = (Contracts.V1.Assignment.Types.State)(int)a.State,
            Source = (Contracts.V1.Assignment.Types.Source)(int)a.Source,
            StartTime = a.Start.ToTimestamp(),
            EndTime = a.End.ToTimestamp(),
            ChangeRequested = (Contracts.V1.Assignment.Types.ChangeKind)(int)(a.ChangeRequested ?? 0),
            Substitute = a.SubstituteId is null ? "" : VolunteerRegistry.Name(a.SubstituteId),
            ChangeReason = a.ChangeReason,
            Etag = Etags.Of(a.Version),
        };
        if (a.CheckInTime is { } i)
        {
            proto.CheckInTime = i.ToTimestamp();
        }
        if (a.CheckOutTime is { } o)
        {
            proto.CheckOutTime = o.ToTimestamp();
        }
        return proto;
    }

    private static RosterProposal ToProto(RosterView view) => new()
    {
        Assignments = { view.Assignments.Select(ToProto) },
        Gaps = { view.Gaps.Select(g => new RosterProposal.Types.Gap { Shift = g.Shift, Missing = g.Missing }) },
        Skipped = { view.Skipped },
    };

    private static Contracts.V1.ServiceRecord ToProto(D.ServiceRecord r) => new()
    {
        Name = ServiceHoursDesk.RecordName(r.ResidentId, r.Id),
        Assignment = ShiftPlaces.AssignmentName(r.AssignmentId),
        Hours = Hours(r.Minutes),
        Service = r.Service,
        Where = r.Where,
        ServiceTime = r.ServiceStart.ToTimestamp(),
        ConfirmedBy = r.ConfirmedBy,
        ConfirmTime = r.ConfirmTime.ToTimestamp(),
        CorrectionState = (Contracts.V1.ServiceRecord.Types.CorrectionState)(int)(r.CorrectionState ?? 0),
        CorrectionHours = r.CorrectionMinutes is { } m ? Hours(m) : 0,
        CorrectionReason = r.CorrectionReason,
        CorrectionDecidedBy = r.CorrectionDecidedBy,
    };

    private static Certificate ToProto(D.ServiceCertificate c, bool masked) => new()
    {
        Name = CertificateDesk.Name(c.Number),
        Number = c.Number,
        VolunteerName = masked ? c.MaskedName : c.VolunteerName,
        Hours = Hours(c.Minutes),
        Content = c.Content,
        Organisation = c.Organisation,
        PersonInCharge = c.PersonInCharge,
        Handler = c.Handler,
        IssueDate = c.IssueDate.ToProtoDate(),
        Volunteer = masked ? "" : VolunteerRegistry.Name(c.ResidentId),
    };
}
