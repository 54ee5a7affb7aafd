using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Providers;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Pages.Manage.ServiceContracts;

/// <summary>
/// One contract for its contracting office: write or change the draft (every problem on its field),
/// then sign, suspend, resume, end or terminate it with a reason; the reminders sent about it.
/// <c>/manage/contracts/new</c> writes a new draft. The rules are ContractDesk's, as over gRPC.
/// </summary>
public sealed class ContractEditModel(ContractDesk desk, ProviderRegistry providers, CommunityShareDb db, RunningContracts running)
    : AppPageModel, IRedisplay, IFormFields
{
    public const string New = "new";
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public sealed class ContractForm
    {
        public string? Provider { get; set; }

        public string? Title { get; set; }

        public string? Kind { get; set; }

        public string? ContractingPlace { get; set; }

        public string? StartDate { get; set; }

        public string? EndDate { get; set; }

        public string? Value { get; set; }

        public List<string> Facilities { get; set; } = [];

        public string? OpenHoursPerWeek { get; set; }

        public string? ComplaintResponseWorkingDays { get; set; }

        public string? MinSatisfaction { get; set; }

        public string? MinUseRate { get; set; }

        public string? Etag { get; set; }

        public string? RequestId { get; set; }
    }

    [BindProperty]
    public ContractForm Input { get; set; } = new();

    [BindProperty]
    public string? Action { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Etag { get; set; }

    public ContractView? View { get; private set; }

    public bool IsNew => View is null;

    public bool MayChange { get; private set; }

    public IReadOnlyList<Domain.Providers.Provider> Providers { get; private set; } = [];

    /// <summary>Facilities the caller may put in scope (those under the places they manage), by institution.</summary>
    public IReadOnlyList<(string InstitutionName, IReadOnlyList<(string Id, string Name)> Facilities)> Choices { get; private set; } = [];

    /// <summary>The places the caller contracts for (district, towns, subdistricts they manage).</summary>
    public IReadOnlyList<(string Code, string Name)> Offices { get; private set; } = [];

    public IReadOnlyList<Domain.Providers.ContractReminder> Reminders { get; private set; } = [];

    public LocalDate Today => running.Today;

    public string? Done { get; private set; }

    public async Task OnGetAsync(string id, string? done)
    {
        Done = done;
        if (id != New)
        {
            View = await desk.GetAsync(RequireMe(), id, HttpContext.RequestAborted);
            Fill(View.Contract);
        }
        else
        {
            RequireMe().RequireStaff("write contracts");
            Input.RequestId = Guid.NewGuid().ToString();
            Input.Provider = Request.Query["provider"].FirstOrDefault();
        }
        await LoadAsync(id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSaveAsync(string id)
    {
        var me = RequireMe();
        var violations = new Violations();
        var terms = Read(violations);
        var cancellationToken = HttpContext.RequestAborted;
        ContractView saved;
        if (id == New)
        {
            var key = string.IsNullOrEmpty(Input.RequestId) ? null
                : new RequestKey($"{me.ResourceName}|web.CreateContract|{Input.RequestId}", RequestHash());
            saved = await desk.CreateAsync(me, string.IsNullOrEmpty(Input.Provider) ? null : Input.Provider, null, terms, key, violations, cancellationToken);
        }
        else
        {
            saved = await desk.UpdateAsync(me, id, new ContractChanges(terms, [.. ContractDesk.UpdatablePaths], Input.Etag), null, violations, cancellationToken);
        }
        return Redirect($"/manage/contracts/{saved.Contract.Id}?done=saved");
    }

    public async Task<IActionResult> OnPostStateAsync(string id)
    {
        var violations = new Violations();
        ContractAction? action = Action switch
        {
            "activate" => ContractAction.Activate,
            "suspend" => ContractAction.Suspend,
            "resume" => ContractAction.Resume,
            "end" => ContractAction.End,
            "terminate" => ContractAction.Terminate,
            _ => null,
        };
        violations.Check(action is null, "action", Reasons.Required, "choose what to do with the contract.");
        if (action is null)
        {
            violations.ThrowIfAny();
        }
        await desk.ChangeStateAsync(RequireMe(), id, action!.Value, Reason, Etag, null, violations, HttpContext.RequestAborted);
        return Redirect($"/manage/contracts/{id}?done={Action}");
    }

    public async Task OnRedisplayAsync(CancellationToken cancellationToken)
    {
        var id = (string)RouteData.Values["id"]!;
        if (id != New)
        {
            View = await desk.GetAsync(RequireMe(), id, cancellationToken);
            if (Request.Query["handler"] == "State" || Request.Form.ContainsKey("Action"))
            {
                Fill(View.Contract);
            }
        }
        await LoadAsync(id, cancellationToken);
    }

    public string? FormField(string apiField) => apiField switch
    {
        "contract.provider" => "Input.Provider",
        "reason" => nameof(Reason),
        "action" => nameof(Action),
        _ when apiField.StartsWith("contract.facilities", StringComparison.Ordinal) => "Input.Facilities",
        _ when apiField.StartsWith("contract.value", StringComparison.Ordinal) => "Input.Value",
        _ => null,
    };

    private string RequestHash() =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join("|", Input.Provider, Input.Title, Input.Kind, Input.ContractingPlace, Input.StartDate, Input.EndDate, Input.Value,
                string.Join(",", Input.Facilities), Input.OpenHoursPerWeek, Input.ComplaintResponseWorkingDays, Input.MinSatisfaction, Input.MinUseRate))))[..32];

    private void Fill(ServiceContract c)
    {
        var f = CultureInfo.InvariantCulture;
        Input = new ContractForm
        {
            Provider = c.ProviderId,
            Title = c.Title,
            Kind = c.Kind.ToString(),
            ContractingPlace = c.ContractingPlaceCode,
            StartDate = DatePattern.Format(c.Start),
            EndDate = DatePattern.Format(c.End),
            Value = c.Value.ToString("0.##", f),
            Facilities = [.. c.FacilityIds],
            OpenHoursPerWeek = c.Levels.OpenHoursPerWeek?.ToString(f),
            ComplaintResponseWorkingDays = c.Levels.ComplaintResponseWorkingDays?.ToString(f),
            MinSatisfaction = c.Levels.MinSatisfaction?.ToString(f),
            MinUseRate = c.Levels.MinUseRate?.ToString(f),
            Etag = Grpc.Etags.Of(c.Version),
        };
        Etag = Input.Etag;
    }

    /// <summary>What was typed, as the use case takes it; what cannot be read is reported on its field.</summary>
    private ContractTerms Read(Violations violations)
    {
        ContractKind? kind = Enum.TryParse<ContractKind>(Input.Kind, out var k) && Enum.IsDefined(k) ? k : null;
        LocalDate? Date(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            var parsed = DatePattern.Parse(text.Trim());
            violations.Check(!parsed.Success, field, Reasons.InvalidFormat, "must be a date (YYYY-MM-DD).");
            return parsed.Success ? parsed.Value : null;
        }
        double? Number(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            var ok = double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);
            violations.Check(!ok, field, Reasons.InvalidFormat, "must be a number.");
            return ok ? v : null;
        }
        var start = Date(Input.StartDate, "contract.start_date");
        var end = Date(Input.EndDate, "contract.end_date");
        var value = 0m;
        if (!string.IsNullOrWhiteSpace(Input.Value))
        {
            violations.Check(!decimal.TryParse(Input.Value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out value), "contract.value",
                Reasons.InvalidFormat, "must be an amount in yuan, e.g. 1200000.00.");
        }
        var hours = Number(Input.OpenHoursPerWeek, "contract.service_levels.open_hours_per_week");
        var days = Number(Input.ComplaintResponseWorkingDays, "contract.service_levels.complaint_response_working_days");
        violations.Check(days is { } d && d != Math.Floor(d), "contract.service_levels.complaint_response_working_days", Reasons.InvalidFormat,
            "must be a whole number of working days.");
        var satisfaction = Number(Input.MinSatisfaction, "contract.service_levels.min_satisfaction");
        var useRate = Number(Input.MinUseRate, "contract.service_levels.min_use_rate");
        return new ContractTerms(Input.Title ?? "", kind, Input.ContractingPlace?.Trim() ?? "", start, end, value,
            Input.Facilities.Where(f => !string.IsNullOrWhiteSpace(f)).Distinct().ToArray(),
            new ServiceLevels(hours, days is { } wd && wd == Math.Floor(wd) && Math.Abs(wd) < 1000 ? (int)wd : null, satisfaction, useRate));
    }

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        Providers = (await providers.ListAsync(null, 500, null, new Violations(), cancellationToken)).Providers.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        var places = await db.Places.AsNoTracking().Select(p => new { p.Code, p.Name, p.Kind }).ToListAsync(cancellationToken);
        Offices = places.Where(p => p.Kind is Domain.Places.PlaceKind.District or Domain.Places.PlaceKind.Town or Domain.Places.PlaceKind.Subdistrict
                                    or Domain.Places.PlaceKind.IndustrialZone && me.Manages(Jurisdiction.OfPlace(p.Code)))
            .OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => (p.Code, p.Name)).ToArray();
        var facilities = await db.Facilities.AsNoTracking().Select(f => new { f.Id, f.Name, f.PlaceCode, f.InstitutionId }).ToListAsync(cancellationToken);
        var institutions = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
        Choices = facilities.Where(f => me.Manages(Jurisdiction.OfPlace(f.PlaceCode)) || Input.Facilities.Contains(f.Id))
            .GroupBy(f => f.InstitutionId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (institutions.GetValueOrDefault(g.Key, g.Key), (IReadOnlyList<(string, string)>)g.OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => (f.Id, f.Name)).ToArray()))
            .ToArray();
        MayChange = View is null ? me.IsStaff : me.Manages(Jurisdiction.OfPlace(View.Contract.ContractingPlaceCode));
        if (id != New)
        {
            Reminders = (await desk.ListRemindersAsync(me, id, 50, null, new Violations(), cancellationToken)).Reminders;
        }
    }
}
