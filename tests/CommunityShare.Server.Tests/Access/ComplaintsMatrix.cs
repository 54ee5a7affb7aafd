using CommunityShare.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.AuthorizationMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// Complaints' rows of the authorization matrix: r1 complains about court-x (school-1, Xinzhuang).
/// r1 (the filer), school-1's staff, the Xinzhuang office, the supervisor and the district see it;
/// school-1, the office and the district answer and close it (the supervisor only looks); only r1
/// rates it. Inspections: the office, the supervisor and the district record them. The district
/// keeps the calendar and the policy; statistics, the policy and the calendar are public to read.
/// </summary>
public static class ComplaintsMatrix
{
    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] SeenByFilerTargetAndSupervisors = [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok];
    private static readonly Outcome[] HandledByTargetOfficeAndDistrict = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] DistrictKeeps = [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok];

    public static readonly Entry[] Rows =
    [
        new("ComplaintService/FileComplaint", (s, a, me) => Complaints(me).FileComplaintAsync(FileRequest()).ResponseAsync,
            [Unauth, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("ComplaintService/GetComplaint", async (s, a, me) =>
        {
            var c = await NewComplaintAsync(s);
            await Complaints(me).GetComplaintAsync(new GetComplaintRequest { Name = c.Name });
        }, SeenByFilerTargetAndSupervisors),
        new("ComplaintService/ListComplaintSteps", async (s, a, me) =>
        {
            var c = await NewComplaintAsync(s);
            await Complaints(me).ListComplaintStepsAsync(new ListComplaintStepsRequest { Parent = c.Name });
        }, SeenByFilerTargetAndSupervisors),
        new("ComplaintService/GetComplaintPhoto", async (s, a, me) =>
        {
            var c = await NewComplaintAsync(s, photo: true);
            await Complaints(me).GetComplaintPhotoAsync(new GetComplaintPhotoRequest { Name = c.Name + "/photo" });
        }, SeenByFilerTargetAndSupervisors),
        // The queue: staff, whatever their scope (each sees their own part of it).
        new("ComplaintService/ListComplaints", (s, a, me) => Complaints(me).ListComplaintsAsync(new ListComplaintsRequest()).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("ComplaintService/RespondToComplaint", async (s, a, me) =>
        {
            var c = await NewComplaintAsync(s);
            await Complaints(me).RespondToComplaintAsync(new RespondToComplaintRequest { Name = c.Name, Response = "已安排维修。" });
        }, HandledByTargetOfficeAndDistrict),
        new("ComplaintService/CloseComplaint", async (s, a, me) =>
        {
            var c = await NewComplaintAsync(s);
            await Complaints(me).CloseComplaintAsync(new CloseComplaintRequest { Name = c.Name, Outcome = Complaint.Types.Outcome.Upheld, Note = "属实，已整改。" });
        }, HandledByTargetOfficeAndDistrict),
        // Those who may see it but did not file it are NOT_ALLOWED; those who may not see it, NOT_IN_SCOPE.
        new("ComplaintService/RateComplaint", async (s, a, me) =>
        {
            var c = await NewComplaintAsync(s);
            await Complaints(s.F.Channel()).CloseComplaintAsync(new CloseComplaintRequest { Name = c.Name, Outcome = Complaint.Types.Outcome.NotUpheld, Note = "经核查正常。" });
            await Complaints(me).RateComplaintAsync(new RateComplaintRequest { Name = c.Name, Satisfaction = 4 });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotInScope, NotAllowed, NotInScope, NotAllowed, NotAllowed]),
        new("ComplaintService/GetComplaintStatistics", (s, a, me) =>
            Complaints(me).GetComplaintStatisticsAsync(new GetComplaintStatisticsRequest { Place = "places/310112101" }).ResponseAsync, Public),
        new("ComplaintService/GetComplaintPolicy", (s, a, me) => Complaints(me).GetComplaintPolicyAsync(new GetComplaintPolicyRequest()).ResponseAsync, Public),
        new("ComplaintService/UpdateComplaintPolicy", (s, a, me) =>
            Complaints(me).UpdateComplaintPolicyAsync(new UpdateComplaintPolicyRequest { ComplaintPolicy = new ComplaintPolicy { ResponseWorkingDays = 5 } }).ResponseAsync,
            DistrictKeeps),
        new("ComplaintService/CreateInspection", (s, a, me) => Complaints(me).CreateInspectionAsync(new CreateInspectionRequest
        {
            Parent = "facilities/court-x",
            Inspection = new Inspection
            {
                InspectTime = Demo.ToTimestamp(s.F.Clock.GetCurrentInstant() - NodaTime.Duration.FromHours(1)),
                Inspector = "莘庄镇 李明",
                Findings = { new Inspection.Types.Finding { Item = "安全出口畅通", Passed = true } },
                Result = Inspection.Types.Result.Passed,
            },
        }).ResponseAsync, [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("ComplaintService/ListInspections", (s, a, me) =>
            Complaints(me).ListInspectionsAsync(new ListInspectionsRequest { Parent = "facilities/court-x" }).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        new("ComplaintService/ListCalendarDays", (s, a, me) => Complaints(me).ListCalendarDaysAsync(new ListCalendarDaysRequest { Year = 2026 }).ResponseAsync,
            Public),
        new("ComplaintService/SetCalendarDay", (s, a, me) => Complaints(me).SetCalendarDayAsync(new SetCalendarDayRequest
        {
            CalendarDay = Day(s.Next()),
        }).ResponseAsync, DistrictKeeps),
        new("ComplaintService/DeleteCalendarDay", async (s, a, me) =>
        {
            var day = await Complaints(s.F.Channel()).SetCalendarDayAsync(new SetCalendarDayRequest { CalendarDay = Day(s.Next()) });
            await Complaints(me).DeleteCalendarDayAsync(new DeleteCalendarDayRequest { Name = day.Name });
        }, DistrictKeeps),
    ];

    private static ComplaintService.ComplaintServiceClient Complaints(CallInvoker me) => new(me);

    private static ComplaintService.ComplaintServiceClient Complaints(global::Grpc.Net.Client.GrpcChannel channel) => new(channel);

    /// <summary>A holiday far ahead (2030), a different day per cell, so the calendar cells never change a deadline that matters.</summary>
    private static CalendarDay Day(int n) => new()
    {
        Date = new Google.Type.Date { Year = 2030, Month = 1 + n % 12, Day = 1 + n % 28 },
        Kind = CalendarDay.Types.Kind.Holiday,
        DisplayName = "测试假日",
    };

    private static FileComplaintRequest FileRequest(bool photo = false) => new()
    {
        Complaint = new Complaint { TargetKind = Complaint.Types.TargetKind.Facility, Target = "facilities/court-x", Description = "篮球场灯坏了。" },
        Photo = photo ? ByteString.CopyFrom(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10) : ByteString.Empty,
    };

    /// <summary>r1's fresh complaint about court-x.</summary>
    internal static async Task<Complaint> NewComplaintAsync(MatrixScenario s, bool photo = false) =>
        await Complaints(s.F.Channel("resident:r1")).FileComplaintAsync(FileRequest(photo));
}
