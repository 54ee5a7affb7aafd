using System.Globalization;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.TimeBank;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Bank = CommunityShare.Domain.TimeBank;

namespace CommunityShare.Server.Pages.Account;

/// <summary>
/// The resident's time bank (我的时间银行): the balance in coins, the passes redeemed, the ledger;
/// coins given to a family member, and an item of the district's catalogue redeemed. Forms carry a
/// request id, so a form sent twice moves coins once.
/// </summary>
public sealed class MyTimeBankModel(TimeBankDesk desk, RedemptionCatalogues catalogues, CommunityShareDb db) : AppPageModel, IRedisplay, IFormFields
{
    public TimeAccountView Account { get; private set; } = null!;

    public IReadOnlyList<Bank.Redemption> Passes { get; private set; } = [];

    public IReadOnlyList<Bank.TimeEntry> Entries { get; private set; } = [];

    public Bank.RedemptionCatalogue Catalogue { get; private set; } = Bank.RedemptionCatalogue.Default;

    [BindProperty]
    public GiftForm Gift { get; set; } = new();

    /// <summary>The item a redeem form was sent for.</summary>
    [BindProperty]
    public string? Item { get; set; }

    [BindProperty]
    public string? RequestId { get; set; }

    public sealed class GiftForm
    {
        public string? Recipient { get; set; }

        /// <summary>Coins, e.g. "1.5" (= 90 minutes).</summary>
        public string? Coins { get; set; }

        public string? Note { get; set; }
    }

    public async Task OnGetAsync() => await LoadAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostGiftAsync()
    {
        var (me, residentId) = Holder();
        var violations = new Violations();
        var minutes = ToMinutes(Gift.Coins, violations);
        var recipient = string.IsNullOrWhiteSpace(Gift.Recipient) ? null : Gift.Recipient.Trim();
        var key = RequestLedger.KeyFor(me, "GiftTime", RequestId, new GiftTimeRequest
        {
            Account = TimeLedger.AccountName(residentId),
            Recipient = recipient ?? "",
            Minutes = minutes,
            Note = Gift.Note ?? "",
        }, violations);
        await desk.GiftAsync(me, residentId, recipient, minutes, Gift.Note, key, violations, HttpContext.RequestAborted);
        return Redirect("/account/time-bank?given=1");
    }

    public async Task<IActionResult> OnPostRedeemAsync()
    {
        var (me, residentId) = Holder();
        var violations = new Violations();
        var key = RequestLedger.KeyFor(me, "CreateRedemption", RequestId, new CreateRedemptionRequest
        {
            Parent = "residents/" + residentId,
            Redemption = new Redemption { Item = Item ?? "" },
        }, violations);
        var pass = await desk.RedeemAsync(me, residentId, Item, key, violations, HttpContext.RequestAborted);
        return Redirect("/account/time-bank?redeemed=" + pass.Id);
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public string? FormField(string apiField) => apiField switch
    {
        "minutes" => "Gift.Coins",
        "recipient" => "Gift.Recipient",
        "note" => "Gift.Note",
        _ => null,
    };

    /// <summary>Coins as typed ("2", "1.5") into minutes; up to two decimals.</summary>
    private static long ToMinutes(string? coins, Violations violations)
    {
        if (!decimal.TryParse(coins?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            violations.Add("minutes", Reasons.InvalidFormat, "must be a number of coins, e.g. 1 or 1.5.");
            return 1; // told once: not also "out of range"
        }
        return value > 1_000_000 ? 1_000_000 * 60 : (long)Math.Round(value * 60m, MidpointRounding.AwayFromZero);
    }

    private (CommunityShare.Domain.Access.Actor Me, string ResidentId) Holder()
    {
        var me = RequireMe();
        return (me, me.ResidentId ?? throw Problem.PermissionDenied(Reasons.NotAllowed, "Only a resident has a time account."));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (me, residentId) = Holder();
        Account = await desk.GetAccountAsync(me, residentId, cancellationToken);
        Passes = (await desk.ListRedemptionsAsync(me, residentId, 20, null, new Violations(), cancellationToken)).Redemptions;
        Entries = (await desk.ListEntriesAsync(me, residentId, 50, null, new Violations(), cancellationToken)).Entries;
        (Catalogue, _) = await catalogues.GetAsync(db, cancellationToken);
        RequestId = Guid.NewGuid().ToString();
    }
}
