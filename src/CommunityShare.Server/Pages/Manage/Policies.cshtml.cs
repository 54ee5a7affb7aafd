using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Quotas;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage;

/// <summary>
/// District staff set the credit policy and the fairness quotas. The page reads what was typed;
/// the policy stores check every rule (the same as UpdateCreditPolicy and UpdateQuotaPolicy) and every
/// problem shows on its own field; a change someone else saved in between is told.
/// </summary>
public sealed class PoliciesEditModel(CreditPolicies credit, QuotaPolicies quotas, CommunityShareDb db) : AppPageModel, IRedisplay, IFormFields
{
    public const int SpareRows = 2;

    public static readonly CreditEventKind[] StrikeKinds =
        [CreditEventKind.NoShow, CreditEventKind.LateCancellation, CreditEventKind.Damage, CreditEventKind.RuleBreach, CreditEventKind.ComplaintUpheld];

    public static readonly IsoDayOfWeek[] Week =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    public sealed class CreditRuleRow
    {
        public string? Id { get; set; }

        public List<CreditEventKind> Counts { get; set; } = [];

        public string? Threshold { get; set; }

        public string? WindowDays { get; set; }

        public ConsequenceKind Consequence { get; set; } = ConsequenceKind.ApprovalRequired;

        public string? DurationDays { get; set; }
    }

    public sealed class CreditForm
    {
        public string? StrikeLifetimeDays { get; set; }

        public List<CreditRuleRow> Rules { get; set; } = [];

        public string? Etag { get; set; }
    }

    public sealed class QuotaRuleRow
    {
        public string? Id { get; set; }

        public QuotaScope Scope { get; set; } = QuotaScope.Resident;

        public QuotaMeasure Measure { get; set; } = QuotaMeasure.Bookings;

        public QuotaPeriod Period { get; set; } = QuotaPeriod.Week;

        public List<FacilityKind> Kinds { get; set; } = [];

        public bool PeakOnly { get; set; }

        public string? Limit { get; set; }
    }

    public sealed class PeakRow
    {
        public List<IsoDayOfWeek> Days { get; set; } = [];

        public string? Start { get; set; }

        public string? End { get; set; }
    }

    public sealed class QuotaForm
    {
        public List<PeakRow> Peak { get; set; } = [];

        public List<QuotaRuleRow> Rules { get; set; } = [];

        public string? Etag { get; set; }
    }

    [BindProperty]
    public CreditForm Credit { get; set; } = new();

    [BindProperty]
    public QuotaForm Quota { get; set; } = new();

    /// <summary>Which form was sent ("credit" or "quota"), to show problems and keep what was typed on that one only.</summary>
    public string? Posted { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Saved { get; set; }

    private readonly List<int> _creditRows = [];
    private readonly List<int> _quotaRows = [];
    private readonly List<int> _peakRows = [];

    public async Task OnGetAsync()
    {
        RequireMe().RequireStaff("see the district's policies");
        await FillAsync(fillCredit: true, fillQuota: true, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostCreditAsync()
    {
        var me = RequireMe();
        Posted = "credit";
        var violations = new Violations();
        var lifetime = Number(Credit.StrikeLifetimeDays, "credit_policy.strike_lifetime_days", violations) ?? 0;
        var rules = new List<ConsequenceRule>();
        for (var row = 0; row < Credit.Rules.Count; row++)
        {
            var r = Credit.Rules[row];
            if (string.IsNullOrWhiteSpace(r.Id))
            {
                continue;
            }
            var path = $"credit_policy.rules[{rules.Count}]";
            _creditRows.Add(row);
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(r.Id.Trim()), $"{path}.id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
            rules.Add(new ConsequenceRule(r.Id.Trim(), r.Counts, Number(r.Threshold, $"{path}.threshold", violations) ?? 0,
                Number(r.WindowDays, $"{path}.window_days", violations) ?? 0, r.Consequence, Number(r.DurationDays, $"{path}.duration_days", violations) ?? 0));
        }
        await credit.UpdateAsync(db, me, new CreditPolicy(lifetime, rules), Credit.Etag, violations, HttpContext.RequestAborted);
        return Redirect("/manage/policies?saved=credit");
    }

    public async Task<IActionResult> OnPostQuotaAsync()
    {
        var me = RequireMe();
        Posted = "quota";
        var violations = new Violations();
        var peak = new List<PeakWindow>();
        for (var row = 0; row < Quota.Peak.Count; row++)
        {
            var p = Quota.Peak[row];
            if (p.Days.Count == 0 && string.IsNullOrWhiteSpace(p.Start) && string.IsNullOrWhiteSpace(p.End))
            {
                continue;
            }
            var path = $"quota_policy.peak[{peak.Count}]";
            _peakRows.Add(row);
            var start = violations.Check(!TimeText.TryTime(p.Start, out var s) || p.Start?.Trim() == "24:00", $"{path}.start_time", Reasons.InvalidFormat,
                "must be a time like 18:00.") ? s : LocalTime.Midnight;
            var end = violations.Check(!TimeText.TryTime(p.End, out var e), $"{path}.end_time", Reasons.InvalidFormat, "must be a time like 21:00.")
                ? e
                : LocalTime.Midnight;
            peak.Add(new PeakWindow(p.Days, start, end));
        }
        var rules = new List<QuotaRule>();
        for (var row = 0; row < Quota.Rules.Count; row++)
        {
            var r = Quota.Rules[row];
            if (string.IsNullOrWhiteSpace(r.Id))
            {
                continue;
            }
            var path = $"quota_policy.rules[{rules.Count}]";
            _quotaRows.Add(row);
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(r.Id.Trim()), $"{path}.id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
            rules.Add(new QuotaRule(r.Id.Trim(), r.Scope, r.Measure, r.Measure == QuotaMeasure.ActiveBookings ? QuotaPeriod.None : r.Period, r.Kinds, r.PeakOnly,
                Number(r.Limit, $"{path}.limit", violations) ?? 0));
        }
        var (current, _) = await quotas.GetAsync(db, HttpContext.RequestAborted);
        await quotas.UpdateAsync(db, me, new QuotaPolicy(peak, rules, current.Zone), Quota.Etag, violations, HttpContext.RequestAborted);
        return Redirect("/manage/policies?saved=quota");
    }

    /// <summary>Shown again after a problem: the form that was sent keeps what was typed; the other shows what is in force.</summary>
    public Task OnRedisplayAsync(CancellationToken cancellationToken) => FillAsync(Posted != "credit", Posted != "quota", cancellationToken);

    public string? FormField(string apiField)
    {
        if (Row(apiField, "credit_policy.rules[", _creditRows) is { } c)
        {
            return $"Credit.Rules[{c.Row}].{Field(c.Field)}";
        }
        if (Row(apiField, "quota_policy.rules[", _quotaRows) is { } q)
        {
            return $"Quota.Rules[{q.Row}].{Field(q.Field)}";
        }
        if (Row(apiField, "quota_policy.peak[", _peakRows) is { } p)
        {
            return $"Quota.Peak[{p.Row}].{Field(p.Field)}";
        }
        return apiField switch
        {
            "credit_policy.strike_lifetime_days" => "Credit.StrikeLifetimeDays",
            _ => "",
        };
    }

    private static string Field(string rest) => rest switch
    {
        "start_time" => "Start",
        "end_time" => "End",
        "window_days" => "WindowDays",
        "duration_days" => "DurationDays",
        "" => "Id",
        _ => string.Concat(rest.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
    };

    private static (int Row, string Field)? Row(string path, string prefix, List<int> rows)
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var end = path.IndexOf(']', prefix.Length);
        if (end < 0 || !int.TryParse(path.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= rows.Count)
        {
            return null;
        }
        var rest = path[(end + 1)..].TrimStart('.');
        return (rows[i], rest.Split('[')[0]);
    }

    private async Task FillAsync(bool fillCredit, bool fillQuota, CancellationToken cancellationToken)
    {
        if (fillCredit)
        {
            var (policy, version) = await credit.GetAsync(db, cancellationToken);
            Credit = new CreditForm
            {
                StrikeLifetimeDays = policy.StrikeLifetimeDays.ToString(CultureInfo.InvariantCulture),
                Rules = [.. policy.Rules.Select(r => new CreditRuleRow
                {
                    Id = r.Id,
                    Counts = [.. r.Counts],
                    Threshold = r.Threshold.ToString(CultureInfo.InvariantCulture),
                    WindowDays = r.WindowDays.ToString(CultureInfo.InvariantCulture),
                    Consequence = r.Kind,
                    DurationDays = r.DurationDays.ToString(CultureInfo.InvariantCulture),
                }), .. Enumerable.Range(0, SpareRows).Select(_ => new CreditRuleRow())],
                Etag = Etags.Of(version),
            };
        }
        if (fillQuota)
        {
            var (policy, version) = await quotas.GetAsync(db, cancellationToken);
            Quota = new QuotaForm
            {
                Peak = [.. policy.Peak.Select(p => new PeakRow { Days = [.. p.Days], Start = TimeText.Format(p.Start), End = p.End == LocalTime.Midnight ? "24:00" : TimeText.Format(p.End) }),
                    new PeakRow()],
                Rules = [.. policy.Rules.Select(r => new QuotaRuleRow
                {
                    Id = r.Id,
                    Scope = r.Scope,
                    Measure = r.Measure,
                    Period = r.Period,
                    Kinds = [.. r.Kinds],
                    PeakOnly = r.PeakOnly,
                    Limit = r.Limit.ToString(CultureInfo.InvariantCulture),
                }), .. Enumerable.Range(0, SpareRows).Select(_ => new QuotaRuleRow())],
                Etag = Etags.Of(version),
            };
        }
    }

    private static int? Number(string? text, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            violations.Add(field, Reasons.Required, "is required.");
            return null;
        }
        return violations.Check(!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n), field,
            Reasons.InvalidFormat, "must be a whole number.") ? n : null;
    }
}
