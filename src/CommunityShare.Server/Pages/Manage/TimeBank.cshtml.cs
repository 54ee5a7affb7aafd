using System.Globalization;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.TimeBank;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Bank = CommunityShare.Domain.TimeBank;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>
/// The time bank desk for staff: town and subdistrict offices credit confirmed service and take back
/// an entry with a reason; district staff set what coins buy. The rules are TimeBankDesk's (as
/// DepositTime, ReverseTimeEntry and UpdateRedemptionCatalogue); every problem shows on its field.
/// </summary>
public sealed class ManageTimeBankModel(TimeBankDesk desk, RedemptionCatalogues catalogues, CommunityShareDb db) : AppPageModel, IRedisplay, IFormFields
{
    public const int SpareRows = 1;

    public sealed class ItemRow
    {
        public string? Id { get; set; }

        public Bank.RedemptionKind Kind { get; set; } = Bank.RedemptionKind.Service;

        public string? Title { get; set; }

        public string? Coins { get; set; }

        public string? LeadHours { get; set; }

        public string? ValidDays { get; set; }

        public bool Offered { get; set; }
    }

    public sealed class DepositForm
    {
        public string? Resident { get; set; }

        public string? Hours { get; set; }

        public string? Source { get; set; }

        public string? Place { get; set; }

        public string? Note { get; set; }

        public string? RequestId { get; set; }
    }

    public sealed class ReverseForm
    {
        public string? Entry { get; set; }

        public string? Reason { get; set; }
    }

    [BindProperty]
    public List<ItemRow> Items { get; set; } = [];

    [BindProperty]
    public string? Etag { get; set; }

    [BindProperty]
    public DepositForm Deposit { get; set; } = new();

    [BindProperty]
    public ReverseForm Reverse { get; set; } = new();

    /// <summary>What was done, to say so (deposit, reverse, catalogue).</summary>
    public string? Done { get; private set; }

    public bool MaySetCatalogue { get; private set; }

    public async Task OnGetAsync(string? done)
    {
        Done = done;
        await LoadAsync(fill: true, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostCatalogueAsync()
    {
        var me = RequireMe();
        me.RequireStaff("change the time bank's catalogue");
        var violations = new Violations();
        var items = Items.Select((row, i) => string.IsNullOrWhiteSpace(row.Id) && string.IsNullOrWhiteSpace(row.Title) ? null : new Bank.RedemptionItem(
            row.Id?.Trim() ?? "", row.Kind, row.Title?.Trim() ?? "", (int)CoinsToMinutes(row.Coins, $"redemption_catalogue.items[{i}].cost_minutes", violations),
            Whole(row.LeadHours, $"redemption_catalogue.items[{i}].lead_hours", violations), Whole(row.ValidDays, $"redemption_catalogue.items[{i}].valid_days", violations),
            row.Offered)).OfType<Bank.RedemptionItem>().ToArray();
        await desk.UpdateCatalogueAsync(me, new Bank.RedemptionCatalogue(items), Etag, violations, HttpContext.RequestAborted);
        return Redirect("/manage/time-bank?done=catalogue");
    }

    public async Task<IActionResult> OnPostDepositAsync()
    {
        var me = RequireMe();
        me.RequireStaff("record volunteer service in a time account");
        var violations = new Violations();
        var resident = Deposit.Resident?.Trim() is { Length: > 0 } r ? (r.StartsWith("residents/", StringComparison.Ordinal) ? r["residents/".Length..] : r) : null;
        violations.Check(resident is null, "account", Reasons.Required, "is required: the volunteer's resident id.");
        var minutes = CoinsToMinutes(Deposit.Hours, "minutes", violations);
        var place = Deposit.Place?.Trim() is { Length: > 0 } p ? (p.StartsWith("places/", StringComparison.Ordinal) ? p["places/".Length..] : p) : null;
        violations.Check(place is null, "place", Reasons.Required, "is required: the place code where the service was given.");
        var key = RequestLedger.KeyFor(me, "DepositTime", Deposit.RequestId, new DepositTimeRequest
        {
            Account = TimeLedger.AccountName(resident ?? ""),
            Minutes = minutes,
            Source = Deposit.Source ?? "",
            Place = ResourceNames.Place(place ?? ""),
            Note = Deposit.Note ?? "",
        }, violations);
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        await desk.DepositAsync(me, resident!, minutes, Deposit.Source, place, null, Deposit.Note, key, violations, HttpContext.RequestAborted);
        return Redirect("/manage/time-bank?done=deposit");
    }

    public async Task<IActionResult> OnPostReverseAsync()
    {
        var me = RequireMe();
        me.RequireStaff("reverse a time account entry");
        var violations = new Violations();
        var ids = ResourceNames.Parse(Reverse.Entry?.Trim(), "residents/{}/timeAccount/entries/{}", "name", violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        await desk.ReverseAsync(me, ids![0], ids[1], Reverse.Reason, null, violations, HttpContext.RequestAborted);
        return Redirect("/manage/time-bank?done=reverse");
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(fill: false, cancellationToken);

    public string? FormField(string apiField)
    {
        if (apiField.StartsWith("redemption_catalogue.items[", StringComparison.Ordinal))
        {
            var close = apiField.IndexOf(']', StringComparison.Ordinal);
            var index = apiField["redemption_catalogue.items[".Length..close];
            var field = apiField[(close + 2)..] switch
            {
                "id" => "Id",
                "kind" => "Kind",
                "title" => "Title",
                "cost_minutes" => "Coins",
                "lead_hours" => "LeadHours",
                "valid_days" => "ValidDays",
                _ => null,
            };
            return field is null ? "" : $"Items[{index}].{field}";
        }
        return apiField switch
        {
            "account" => "Deposit.Resident",
            "minutes" => "Deposit.Hours",
            "source" => "Deposit.Source",
            "place" => "Deposit.Place",
            "note" => "Deposit.Note",
            "occur_time" => "Deposit.Hours",
            "name" => "Reverse.Entry",
            "reason" => "Reverse.Reason",
            _ => null,
        };
    }

    private static long CoinsToMinutes(string? text, string field, Violations violations)
    {
        if (!decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            violations.Add(field, Reasons.InvalidFormat, "must be a number, e.g. 2 or 1.5.");
            return 1; // told once: not also "out of range"
        }
        return value > 1_000_000 ? 1_000_000 * 60 : (long)Math.Round(value * 60m, MidpointRounding.AwayFromZero);
    }

    private static int Whole(string? text, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }
        violations.Check(!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value), field, Reasons.InvalidFormat,
            "must be a whole number.");
        return value;
    }

    private async Task LoadAsync(bool fill, CancellationToken cancellationToken)
    {
        var me = RequireMe();
        me.RequireStaff("use the time bank desk");
        MaySetCatalogue = me.Assignments.Any(a => a.Role == Role.DistrictStaff);
        var (catalogue, version) = await catalogues.GetAsync(db, cancellationToken);
        if (fill)
        {
            Etag = Etags.Of(version);
            Items = catalogue.Items.Select(i => new ItemRow
            {
                Id = i.Id,
                Kind = i.Kind,
                Title = i.Title,
                Coins = TimeBankDesk.Coins(i.CostMinutes),
                LeadHours = i.LeadHours.ToString(CultureInfo.InvariantCulture),
                ValidDays = i.ValidDays.ToString(CultureInfo.InvariantCulture),
                Offered = i.Offered,
            }).Concat(Enumerable.Range(0, SpareRows).Select(_ => new ItemRow { ValidDays = "90", Offered = true })).ToList();
            Deposit.RequestId = Guid.NewGuid().ToString();
        }
    }
}
