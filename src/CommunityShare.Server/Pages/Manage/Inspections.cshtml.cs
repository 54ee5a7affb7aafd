using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Complaints;
using CommunityShare.Server.Data;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>Spot inspections: record one for a facility in the caller's area (items checked, pass or fail, a note each), and the list of recent ones.</summary>
public sealed class InspectionsModel(Inspections inspections, CommunityShareDb db, IClock clock) : AppPageModel, IRedisplay, IFormFields
{
    public const int ItemRows = 5;
    public const int Shown = 50;

    public static readonly string[] DefaultItems = ["安全出口与消防设施", "开放时间公示并按时开放", "场地卫生与设备完好", "无障碍设施可用", "预约与签到规范执行"];

    public IReadOnlyList<InspectionView> Recent { get; private set; } = [];

    /// <summary>Facilities the caller may inspect: (id, name).</summary>
    public IReadOnlyList<(string Id, string Name)> Facilities { get; private set; } = [];

    [BindProperty]
    public InspectionInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Recorded { get; set; }

    public async Task OnGetAsync()
    {
        Input.When = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd'T'HH:mm")
            .Format(clock.GetCurrentInstant().InZone(WorkingDays.Zone).LocalDateTime);
        Input.Items = DefaultItems.Select(i => new FindingInput { Item = i, Passed = true }).ToList();
        await LoadAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = RequireMe();
        var violations = new Violations();
        Instant? when = null;
        if (!string.IsNullOrWhiteSpace(Input.When))
        {
            var parsed = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd'T'HH:mm").Parse(Input.When);
            if (parsed.Success)
            {
                when = parsed.Value.InZoneLeniently(WorkingDays.Zone).ToInstant();
            }
            else
            {
                violations.Add("inspection.inspect_time", Reasons.InvalidFormat, "must be a date and time.");
            }
        }
        var findings = Input.Items.Where(i => !string.IsNullOrWhiteSpace(i.Item) || !string.IsNullOrWhiteSpace(i.Note))
            .Select(i => new InspectionFinding(i.Item ?? "", i.Passed, i.Note ?? "")).ToArray();
        var result = Enum.TryParse<InspectionResult>(Input.Result, out var r) && Enum.IsDefined(r) ? r : (InspectionResult?)null;
        violations.Check(string.IsNullOrEmpty(Input.Facility), "parent", Reasons.Required, "choose the facility inspected.");
        violations.ThrowIfAny();
        await inspections.CreateAsync(me, Input.Facility!, new InspectionDraft(when, Input.Inspector, findings, result, Input.Summary), null, violations,
            HttpContext.RequestAborted);
        return Redirect("/manage/inspections?recorded=" + Input.Facility);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "parent" => "Input.Facility",
        "inspection.inspect_time" => "Input.When",
        "inspection.inspector" => "Input.Inspector",
        "inspection.result" => "Input.Result",
        "inspection.summary" => "Input.Summary",
        "inspection.findings" => "Input.Items",
        _ when apiField.StartsWith("inspection.findings[", StringComparison.Ordinal) => "Input.Items",
        _ => null,
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("record inspections");
        var scopes = me.Assignments.Where(a => a.Role is Role.StreetOfficeStaff or Role.DistrictStaff or Role.DistrictSupervisor).Select(a => a.ScopeId).ToArray();
        if (scopes.Length == 0)
        {
            throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope, "Inspections are recorded by town, subdistrict and district staff.");
        }
        var facilities = await db.Facilities.AsNoTracking().Select(f => new { f.Id, f.Name, f.PlaceCode }).ToListAsync(cancellationToken);
        Facilities = facilities.Where(f => Inspections.MayInspect(me, f.PlaceCode)).OrderBy(f => f.PlaceCode, StringComparer.Ordinal).ThenBy(f => f.Name)
            .Select(f => (f.Id, f.Name)).ToArray();
        var recent = new List<InspectionView>();
        foreach (var scope in scopes.Distinct())
        {
            recent.AddRange((await inspections.ListAsync(me, null, scope, Shown, null, new Violations(), cancellationToken)).Items);
        }
        Recent = recent.DistinctBy(v => v.Inspection.Id).OrderByDescending(v => v.Inspection.InspectTime).Take(Shown).ToArray();
        while (Input.Items.Count < ItemRows)
        {
            Input.Items.Add(new FindingInput { Passed = true });
        }
    }
}

public sealed class InspectionInput
{
    public string? Facility { get; set; }

    /// <summary>yyyy-MM-ddTHH:mm in Asia/Shanghai.</summary>
    public string? When { get; set; }

    public string? Inspector { get; set; }

    public List<FindingInput> Items { get; set; } = [];

    public string? Result { get; set; }

    public string? Summary { get; set; }
}

public sealed class FindingInput
{
    public string? Item { get; set; }

    public bool Passed { get; set; }

    public string? Note { get; set; }
}
