using System.Globalization;

namespace CommunityShare.Domain.TimeBank;

/// <summary>What coins can buy, as the district sets it.</summary>
public enum RedemptionKind
{
    /// <summary>Book one slot up to <see cref="RedemptionItem.LeadHours"/> hours before the day's general release (优先预约).</summary>
    PriorityBookingWindow = 1,

    /// <summary>One booking beyond the district's weekly quotas.</summary>
    ExtraBooking = 2,

    /// <summary>A named service (a traditional-medicine consultation, a class …), shown with its code where it is given.</summary>
    Service = 3,
}

/// <summary>
/// One thing of the district's catalogue: its price in minutes (60 = 1 coin), for how many days a
/// redeemed pass may be used, and for a priority window how many hours before general release it lets
/// the resident book. <see cref="Offered"/> false keeps it in the list but not for redemption.
/// </summary>
public sealed record RedemptionItem(string Id, RedemptionKind Kind, string Title, int CostMinutes, int LeadHours, int ValidDays, bool Offered)
{
    public const int MaxTitleLength = 60;
    public const int MaxCostMinutes = 100 * 60;
    public const int MaxLeadHours = 24 * 14;
    public const int MaxValidDays = 366;
}

/// <summary>
/// The district's redemption catalogue (兑换目录). Coins count district-wide from day one and every
/// item can be redeemed anywhere in it (the Shanghai time bank's "easy to deposit, hard to redeem"
/// came from coins that did not travel). Configuration, with a default the district changes.
/// </summary>
public sealed record RedemptionCatalogue(IReadOnlyList<RedemptionItem> Items)
{
    public const int MaxItems = 50;

    public static readonly RedemptionCatalogue Default = new(
    [
        new RedemptionItem("priority-window", RedemptionKind.PriorityBookingWindow, "优先预约：提前24小时预约一次", 120, 24, 90, true),
        new RedemptionItem("extra-booking", RedemptionKind.ExtraBooking, "额外预约：超出每周限额预约一次", 60, 0, 90, true),
        new RedemptionItem("tcm-consultation", RedemptionKind.Service, "社区卫生服务中心中医咨询一次", 180, 0, 90, true),
    ]);

    public RedemptionItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);

    /// <summary>Every setting out of range, with paths under <paramref name="prefix"/>.</summary>
    public void Validate(Violations violations, string prefix)
    {
        violations.Check(Items.Count > MaxItems, $"{prefix}.items", Reasons.OutOfRange, $"at most {MaxItems} items.");
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var path = $"{prefix}.items[{i}]";
            if (violations.Required(item.Title, $"{path}.title"))
            {
                violations.MaxLength(item.Title, RedemptionItem.MaxTitleLength, $"{path}.title");
            }
            violations.Check(item.CostMinutes is < 1 or > RedemptionItem.MaxCostMinutes, $"{path}.cost_minutes", Reasons.OutOfRange,
                $"must be 1 to {RedemptionItem.MaxCostMinutes.ToString(CultureInfo.InvariantCulture)} minutes (60 minutes = 1 coin).");
            violations.Check(item.ValidDays is < 1 or > RedemptionItem.MaxValidDays, $"{path}.valid_days", Reasons.OutOfRange,
                $"must be 1 to {RedemptionItem.MaxValidDays} days.");
            if (item.Kind == RedemptionKind.PriorityBookingWindow)
            {
                violations.Check(item.LeadHours is < 1 or > RedemptionItem.MaxLeadHours, $"{path}.lead_hours", Reasons.OutOfRange,
                    $"must be 1 to {RedemptionItem.MaxLeadHours} hours for a priority booking window.");
            }
            else
            {
                violations.Check(item.LeadHours != 0, $"{path}.lead_hours", Reasons.OutOfRange, "is only for a priority booking window; leave it 0.");
            }
        }
        violations.Check(Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count() != Items.Count, $"{prefix}.items", Reasons.OutOfRange,
            "each item needs its own id.");
    }
}
