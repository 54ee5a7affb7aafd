using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Rpc;

namespace CommunityShare.Server.Tests.Complaints;

/// <summary>Spot inspections: who records them (the supervisor included), every problem at once, a retry records once, who reads them.</summary>
public sealed class InspectionTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync() => await TwoTownsAsync(_f);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ComplaintService.ComplaintServiceClient Client(string actor) => new(_f.Channel(actor));

    private Inspection Draft(Inspection.Types.Result result = Inspection.Types.Result.PassedWithRemarks) => new()
    {
        InspectTime = ToTimestamp(_f.Clock.GetCurrentInstant() - Duration.FromHours(2)),
        Inspector = "莘庄镇社区管理办 王敏",
        Findings =
        {
            new Inspection.Types.Finding { Item = "安全出口与消防设施", Passed = true },
            new Inspection.Types.Finding { Item = "开放时间公示", Passed = false, Note = "公示牌未更新" },
        },
        Result = result,
        Summary = "一周内整改。",
    };

    [Fact]
    public async Task The_supervisor_records_an_inspection_and_a_retry_records_it_once()
    {
        var request = new CreateInspectionRequest { Parent = "facilities/court-x", Inspection = Draft(), RequestId = Guid.NewGuid().ToString() };
        var first = await Client("staff:chen:supervisor=310112").CreateInspectionAsync(request);
        var again = await Client("staff:chen:supervisor=310112").CreateInspectionAsync(request);
        Assert.Equal(first.Name, again.Name);
        Assert.Equal(("staff/chen", "places/310112101001", "莘庄篮球场"), (first.RecordedBy, first.Place, first.FacilityDisplayName));
        Assert.Equal([true, false], first.Findings.Select(f => f.Passed));

        // The institution reads its own facility's inspections; another town's office does not.
        var own = await Client("staff:zhao:institution=school-1").ListInspectionsAsync(new ListInspectionsRequest { Parent = "facilities/court-x" });
        Assert.Equal([first.Name], own.Inspections.Select(i => i.Name));
        var byPlace = await Client("staff:li:office=310112101").ListInspectionsAsync(new ListInspectionsRequest { Parent = "facilities/-", Place = "places/310112101" });
        Assert.Equal([first.Name], byPlace.Inspections.Select(i => i.Name));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Client("staff:wang:office=310112102").ListInspectionsAsync(new ListInspectionsRequest { Parent = "facilities/court-x" }));
        // Institutions do not inspect themselves; another town's office does not inspect here.
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Client("staff:zhao:institution=school-1").CreateInspectionAsync(new CreateInspectionRequest { Parent = "facilities/court-x", Inspection = Draft() }));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Client("staff:wang:office=310112102").CreateInspectionAsync(new CreateInspectionRequest { Parent = "facilities/court-x", Inspection = Draft() }));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", () =>
            Client("resident:r1").CreateInspectionAsync(new CreateInspectionRequest { Parent = "facilities/court-x", Inspection = Draft() }));
    }

    [Fact]
    public async Task An_inspection_tells_every_problem_at_once()
    {
        var bad = Draft(Inspection.Types.Result.Passed);
        bad.InspectTime = ToTimestamp(_f.Clock.GetCurrentInstant() + Duration.FromHours(1));
        bad.Inspector = "";
        bad.Findings.Add(new Inspection.Types.Finding { Item = "", Passed = true });
        await InvalidAsync(() => Client("staff:li:office=310112101").CreateInspectionAsync(new CreateInspectionRequest { Parent = "facilities/court-x", Inspection = bad }),
            ("inspection.findings[2].item", "REQUIRED"), ("inspection.inspect_time", "OUT_OF_RANGE"), ("inspection.inspector", "REQUIRED"),
            ("inspection.result", "MISMATCH"));
        await InvalidAsync(() => Client("staff:li:office=310112101").CreateInspectionAsync(new CreateInspectionRequest
                { Parent = "facilities/court-x", Inspection = new Inspection() }),
            ("inspection.findings", "REQUIRED"), ("inspection.inspect_time", "REQUIRED"), ("inspection.inspector", "REQUIRED"), ("inspection.result", "REQUIRED"));
        await NotFoundAsync(() => Client("staff:li:office=310112101").CreateInspectionAsync(new CreateInspectionRequest { Parent = "facilities/nowhere", Inspection = Draft() }));
    }
}
