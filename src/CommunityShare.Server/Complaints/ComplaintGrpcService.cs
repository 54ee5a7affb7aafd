using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodaTime;
using Model = CommunityShare.Domain.Complaints;
using ProtoCalendarDay = CommunityShare.Contracts.V1.CalendarDay;
using ProtoComplaint = CommunityShare.Contracts.V1.Complaint;
using ProtoComplaintPolicy = CommunityShare.Contracts.V1.ComplaintPolicy;
using ProtoComplaintStatistics = CommunityShare.Contracts.V1.ComplaintStatistics;
using ProtoComplaintStep = CommunityShare.Contracts.V1.ComplaintStep;
using ProtoInspection = CommunityShare.Contracts.V1.Inspection;

namespace CommunityShare.Server.Complaints;

/// <summary>gRPC adapter of complaints, inspections and the working calendar: proto in, use case, proto out.</summary>
public sealed class ComplaintGrpcService(ComplaintDesk desk, Inspections inspections, WorkingDays workingDays, ComplaintStatistics statistics,
    ComplaintPolicies policies, CommunityShareDb db) : ComplaintService.ComplaintServiceBase
{
    public override async Task<ProtoComplaint> FileComplaint(FileComplaintRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var c = request.Complaint ?? new ProtoComplaint();
        violations.Check(request.Complaint is null, "complaint", Reasons.Required, "is required.");
        var kind = ProtoEnums.Optional<ProtoComplaint.Types.TargetKind, Model.ComplaintTarget>(c.TargetKind, "complaint.target_kind", violations);
        var key = RequestLedger.KeyFor(actor, nameof(FileComplaint), request.RequestId, request, violations);
        var draft = new ComplaintDraft(kind, c.Target, string.IsNullOrEmpty(c.Place) ? null : c.Place, c.Description, c.Anonymous,
            request.Photo.IsEmpty ? null : request.Photo.ToByteArray());
        return ToProto(await desk.FileAsync(actor, draft, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoComplaint> GetComplaint(GetComplaintRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var id = ParseName(request.Name, "name");
        return ToProto(await desk.GetAsync(actor, id, context.CancellationToken));
    }

    public override async Task<ListComplaintsResponse> ListComplaints(ListComplaintsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        violations.Check(request.Filer is not ("" or "me"), "filer", Reasons.InvalidFormat, "must be \"me\" or empty.");
        var state = ProtoEnums.Optional<ProtoComplaint.Types.State, Model.ComplaintState>(request.State, "state", violations);
        var level = ProtoEnums.Optional<ProtoComplaint.Types.Level, Model.ComplaintLevel>(request.Level, "level", violations);
        var kind = ProtoEnums.Optional<ProtoComplaint.Types.TargetKind, Model.ComplaintTarget>(request.TargetKind, "target_kind", violations);
        var place = string.IsNullOrEmpty(request.Place) ? null : ResourceNames.ParseOne(request.Place, "places", "place", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var (items, next) = await desk.ListAsync(actor, new ComplaintFilter(request.Filer == "me", state, level, place, kind, request.OverdueOnly),
            pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListComplaintsResponse { Complaints = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<ListComplaintStepsResponse> ListComplaintSteps(ListComplaintStepsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Parent, "complaints", "parent", violations);
        PageToken.PageSize(request.PageSize, violations);
        violations.Check(!string.IsNullOrEmpty(request.PageToken), "page_token", Reasons.InvalidPageToken, "steps come in one page.");
        violations.ThrowIfAny();
        var steps = await desk.StepsAsync(actor, id!, context.CancellationToken);
        return new ListComplaintStepsResponse { Steps = { steps.Select(ToProto) } };
    }

    public override async Task<ComplaintPhoto> GetComplaintPhoto(GetComplaintPhotoRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "complaints/{}/photo", "name", violations);
        violations.ThrowIfAny();
        var photo = await desk.PhotoAsync(actor, ids![0], context.CancellationToken);
        return new ComplaintPhoto { Name = request.Name, ContentType = photo.ContentType, Data = ByteString.CopyFrom(photo.Bytes) };
    }

    public override async Task<ProtoComplaint> RespondToComplaint(RespondToComplaintRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "complaints", "name", violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.RespondAsync(actor, id!, request.Response, request.Etag, violations, context.CancellationToken));
    }

    public override async Task<ProtoComplaint> CloseComplaint(CloseComplaintRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "complaints", "name", violations);
        var outcome = ProtoEnums.Optional<ProtoComplaint.Types.Outcome, Model.ComplaintOutcome>(request.Outcome, "outcome", violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.CloseAsync(actor, id!, outcome, request.Note, request.Etag, violations, context.CancellationToken));
    }

    public override async Task<ProtoComplaint> RateComplaint(RateComplaintRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "complaints", "name", violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.RateAsync(actor, id!, request.Satisfaction, request.Comment, violations, context.CancellationToken));
    }

    public override async Task<ProtoComplaintStatistics> GetComplaintStatistics(GetComplaintStatisticsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var place = string.IsNullOrEmpty(request.Place) ? null : ResourceNames.ParseOne(request.Place, "places", "place", violations);
        LocalDate? from = null, to = null;
        if (request.StartDate is not null)
        {
            violations.Check(!request.StartDate.TryToLocalDate(out var d), "start_date", Reasons.InvalidFormat, "must be a whole date.");
            from = d;
        }
        if (request.EndDate is not null)
        {
            violations.Check(!request.EndDate.TryToLocalDate(out var d), "end_date", Reasons.InvalidFormat, "must be a whole date.");
            to = d;
        }
        violations.Check(from is not null && to is not null && to < from, "end_date", Reasons.OutOfRange, "must not be before start_date.");
        violations.ThrowIfAny();
        var figures = await statistics.GetAsync(place, from, to, context.CancellationToken);
        var result = new ProtoComplaintStatistics
        {
            TotalFiled = figures.TotalFiled,
            TotalUpheldShare = figures.TotalUpheldShare,
            MedianResponseWorkingDays = figures.MedianResponseWorkingDays ?? -1,
        };
        result.Rows.Add(figures.Rows.Select(r => new ProtoComplaintStatistics.Types.Row
        {
            Office = ResourceNames.Place(r.OfficeCode),
            OfficeDisplayName = r.OfficeName,
            TargetKind = (ProtoComplaint.Types.TargetKind)(int)r.TargetKind,
            Filed = r.Filed,
            Closed = r.Closed,
            Upheld = r.Upheld,
            PartlyUpheld = r.PartlyUpheld,
            UpheldShare = r.UpheldShare,
            MedianResponseWorkingDays = r.MedianResponseWorkingDays ?? -1,
            Escalated = r.Escalated,
        }));
        return result;
    }

    public override async Task<ProtoComplaintPolicy> GetComplaintPolicy(GetComplaintPolicyRequest request, ServerCallContext context)
    {
        var (policy, version) = await policies.GetAsync(db, context.CancellationToken);
        return ToProto(policy, version);
    }

    public override async Task<ProtoComplaintPolicy> UpdateComplaintPolicy(UpdateComplaintPolicyRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var p = request.ComplaintPolicy ?? new ProtoComplaintPolicy();
        violations.Check(request.ComplaintPolicy is null, "complaint_policy", Reasons.Required, "is required.");
        var (policy, version) = await policies.UpdateAsync(db, actor, new Model.ComplaintPolicy(p.ResponseWorkingDays), p.Etag, violations,
            context.CancellationToken);
        return ToProto(policy, version);
    }

    public override async Task<ProtoInspection> CreateInspection(CreateInspectionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facility = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var i = request.Inspection ?? new ProtoInspection();
        violations.Check(request.Inspection is null, "inspection", Reasons.Required, "is required.");
        var result = ProtoEnums.Optional<ProtoInspection.Types.Result, Model.InspectionResult>(i.Result, "inspection.result", violations);
        Instant? time = i.InspectTime is null ? null : i.InspectTime.TryToInstant(out var t) ? t : null;
        violations.Check(i.InspectTime is not null && time is null, "inspection.inspect_time", Reasons.InvalidFormat, "is not a valid time.");
        var key = RequestLedger.KeyFor(actor, nameof(CreateInspection), request.RequestId, request, violations);
        if (facility is null)
        {
            violations.ThrowIfAny();
        }
        var draft = new InspectionDraft(time, i.Inspector, i.Findings.Select(f => new Model.InspectionFinding(f.Item ?? "", f.Passed, f.Note ?? "")).ToArray(),
            result, i.Summary);
        return ToProto(await inspections.CreateAsync(actor, facility!, draft, key, violations, context.CancellationToken));
    }

    public override async Task<ListInspectionsResponse> ListInspections(ListInspectionsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facility = request.Parent == "facilities/-" ? null : ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var place = string.IsNullOrEmpty(request.Place) ? null : ResourceNames.ParseOne(request.Place, "places", "place", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var (items, next) = await inspections.ListAsync(actor, facility, place, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListInspectionsResponse { Inspections = { items.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<ListCalendarDaysResponse> ListCalendarDays(ListCalendarDaysRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        violations.Check(request.Year is not 0 and (< 2000 or > 2100), "year", Reasons.OutOfRange, "must be 2000 to 2100, or 0 for every year.");
        violations.ThrowIfAny();
        var days = await workingDays.ListAsync(request.Year, context.CancellationToken);
        return new ListCalendarDaysResponse { CalendarDays = { days.Select(ToProto) } };
    }

    public override async Task<ProtoCalendarDay> SetCalendarDay(SetCalendarDayRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var d = request.CalendarDay ?? new ProtoCalendarDay();
        LocalDate? date = d.Date is not null && d.Date.TryToLocalDate(out var parsed) ? parsed : null;
        violations.Check(d.Date is not null && date is null, "calendar_day.date", Reasons.InvalidFormat, "must be a whole date.");
        var kind = ProtoEnums.Optional<ProtoCalendarDay.Types.Kind, Model.CalendarDayKind>(d.Kind, "calendar_day.kind", violations);
        return ToProto(await workingDays.SetAsync(actor, date, kind ?? 0, d.DisplayName, violations, context.CancellationToken));
    }

    public override async Task<Empty> DeleteCalendarDay(DeleteCalendarDayRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "calendarDays", "name", violations);
        LocalDate? date = id is not null && NodaTime.Text.LocalDatePattern.Iso.Parse(id) is { Success: true } r ? r.Value : null;
        violations.Check(id is not null && date is null, "name", Reasons.InvalidFormat, "must be calendarDays/{yyyy-mm-dd}.");
        violations.ThrowIfAny();
        await workingDays.DeleteAsync(actor, date!.Value, context.CancellationToken);
        return new Empty();
    }

    private static string ParseName(string name, string field)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(name, "complaints", field, violations);
        violations.ThrowIfAny();
        return id!;
    }

    private static ProtoComplaint ToProto(ComplaintView v)
    {
        var c = v.Complaint;
        return new ProtoComplaint
        {
            Name = ComplaintDesk.Name(c.Id),
            TargetKind = (ProtoComplaint.Types.TargetKind)(int)c.TargetKind,
            Target = Target(c),
            Place = ResourceNames.Place(c.PlaceCode),
            Description = c.Description,
            Anonymous = c.Anonymous,
            FiledBy = v.FiledBy,
            Facility = c.FacilityId is null ? "" : ResourceNames.Facility(c.FacilityId),
            Institution = c.InstitutionId is null ? "" : ResourceNames.Institution(c.InstitutionId),
            Provider = c.ProviderId is null ? "" : "providers/" + c.ProviderId,
            Office = ResourceNames.Place(c.OfficeCode),
            Level = (ProtoComplaint.Types.Level)(int)c.Level,
            State = (ProtoComplaint.Types.State)(int)c.State,
            FileTime = c.FiledTime.ToTimestamp(),
            DueTime = c.DueTime.ToTimestamp(),
            Overdue = v.Overdue,
            FirstResponseTime = c.FirstResponseTime?.ToTimestamp(),
            Response = c.Response,
            CloseTime = c.CloseTime?.ToTimestamp(),
            Outcome = (ProtoComplaint.Types.Outcome)(int)(c.Outcome ?? 0),
            CloseNote = c.CloseNote,
            Satisfaction = c.Satisfaction ?? 0,
            HasPhoto = v.HasPhoto,
            Etag = Etags.Of(c.Version),
        };
    }

    public static string Target(Model.Complaint c) => c.TargetKind switch
    {
        Model.ComplaintTarget.Facility => ResourceNames.Facility(c.TargetId),
        Model.ComplaintTarget.BookingDecision => ResourceNames.Booking(c.FacilityId ?? "-", c.TargetId),
        Model.ComplaintTarget.Provider => "providers/" + c.TargetId,
        Model.ComplaintTarget.VolunteerActivity => Volunteers.ActivityDesk.ActivityName(c.TargetId),
        _ => c.TargetId,
    };

    private static ProtoComplaintStep ToProto(Model.ComplaintStep s) => new()
    {
        Name = $"{ComplaintDesk.Name(s.ComplaintId)}/steps/{s.Sequence}",
        Kind = (ProtoComplaintStep.Types.Kind)(int)s.Kind,
        Time = s.Time.ToTimestamp(),
        Actor = s.ActorName,
        Level = (ProtoComplaint.Types.Level)(int)s.Level,
        Note = s.Note,
    };

    private static ProtoComplaintPolicy ToProto(Model.ComplaintPolicy policy, int version) => new()
    {
        Name = ComplaintPolicies.Name,
        ResponseWorkingDays = policy.ResponseWorkingDays,
        Etag = Etags.Of(version),
    };

    private static ProtoInspection ToProto(InspectionView v)
    {
        var i = v.Inspection;
        var proto = new ProtoInspection
        {
            Name = Inspections.Name(i.FacilityId, i.Id),
            InspectTime = i.InspectTime.ToTimestamp(),
            Inspector = i.Inspector,
            Result = (ProtoInspection.Types.Result)(int)i.Result,
            Summary = i.Summary,
            RecordedBy = i.RecordedBy,
            CreateTime = i.CreateTime.ToTimestamp(),
            Place = ResourceNames.Place(i.PlaceCode),
            FacilityDisplayName = v.FacilityName,
        };
        proto.Findings.Add(i.Findings.Select(f => new ProtoInspection.Types.Finding { Item = f.Item, Passed = f.Passed, Note = f.Note }));
        return proto;
    }

    private static ProtoCalendarDay ToProto(Model.CalendarDay d) => new()
    {
        Name = WorkingDays.Name(d.Date),
        Date = d.Date.ToProtoDate(),
        Kind = (ProtoCalendarDay.Types.Kind)(int)d.Kind,
        DisplayName = d.Name,
    };
}
