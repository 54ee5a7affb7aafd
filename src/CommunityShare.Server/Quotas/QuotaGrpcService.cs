using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Policies;
using Grpc.Core;
using NodaTime;
using Quota = CommunityShare.Domain.Quotas;
using ProtoQuotaPolicy = CommunityShare.Contracts.V1.QuotaPolicy;
using ProtoQuotaRule = CommunityShare.Contracts.V1.QuotaRule;
using ProtoQuotaUsage = CommunityShare.Contracts.V1.QuotaUsage;

namespace CommunityShare.Server.Quotas;

public sealed class QuotaGrpcService(QuotaPolicies policies, ResidentQuotas quotas, CommunityShareDb db, IClock clock) : QuotaService.QuotaServiceBase
{
    public override async Task<ProtoQuotaPolicy> GetQuotaPolicy(GetQuotaPolicyRequest request, ServerCallContext context)
    {
        var (policy, version) = await policies.GetAsync(db, context.CancellationToken);
        return ToProto(policy, version);
    }

    public override async Task<ProtoQuotaPolicy> UpdateQuotaPolicy(UpdateQuotaPolicyRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var p = request.QuotaPolicy ?? new ProtoQuotaPolicy();
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(string.IsNullOrEmpty(p.TimeZone) ? "Asia/Shanghai" : p.TimeZone);
        violations.Check(zone is null, "quota_policy.time_zone", Reasons.InvalidFormat, "must be an IANA time zone such as Asia/Shanghai.");
        var peak = p.Peak.Select((w, i) =>
        {
            var path = $"quota_policy.peak[{i}]";
            var days = w.Days.Select((d, j) => violations.Check(!d.TryToIsoDayOfWeek(out var day), $"{path}.days[{j}]", Reasons.OutOfRange,
                "must be MONDAY to SUNDAY.") ? day : (IsoDayOfWeek?)null).OfType<IsoDayOfWeek>().ToArray();
            var start = violations.Check(!w.StartTime.TryToLocalTime(out var s, out var startEnd) || startEnd, $"{path}.start_time", Reasons.OutOfRange,
                "must be 00:00 to 23:59.") ? s : LocalTime.Midnight;
            var end = violations.Check(!w.EndTime.TryToLocalTime(out var e, out _), $"{path}.end_time", Reasons.OutOfRange, "must be 00:00 to 24:00.")
                ? e
                : LocalTime.Midnight;
            return new Quota.PeakWindow(days, start, end);
        }).ToArray();
        var rules = p.Rules.Select((r, i) =>
        {
            var path = $"quota_policy.rules[{i}]";
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(r.Id), $"{path}.id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
            var scope = ProtoEnums.Required<ProtoQuotaRule.Types.Scope, Quota.QuotaScope>(r.Scope, $"{path}.scope", violations);
            var measure = ProtoEnums.Required<ProtoQuotaRule.Types.Measure, Quota.QuotaMeasure>(r.Measure, $"{path}.measure", violations);
            var kinds = r.Kinds.Select((k, j) => violations.Check(!Enum.IsDefined(typeof(FacilityKind), k), $"{path}.kinds[{j}]", Reasons.OutOfRange,
                "is not a kind of facility.") ? (FacilityKind)k : (FacilityKind?)null).OfType<FacilityKind>().ToArray();
            return new Quota.QuotaRule(r.Id, scope ?? Quota.QuotaScope.Resident, measure ?? Quota.QuotaMeasure.Bookings, (Quota.QuotaPeriod)(int)r.Period,
                kinds, r.PeakOnly, r.Limit);
        }).ToArray();
        var policy = new Quota.QuotaPolicy(peak, rules, zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"]);
        var (saved, version) = await policies.UpdateAsync(db, actor, policy, p.Etag, violations, context.CancellationToken);
        return ToProto(saved, version);
    }

    public override async Task<ProtoQuotaUsage> GetQuotaUsage(GetQuotaUsageRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Resident, "residents", "resident", violations);
        var date = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        if (request.Date is not null)
        {
            violations.Check(!request.Date.TryToLocalDate(out date), "date", Reasons.InvalidFormat, "must be a valid date.");
        }
        violations.ThrowIfAny();
        var usage = await quotas.UsageAsync(actor, resident!, date, context.CancellationToken);
        return new ProtoQuotaUsage
        {
            Resident = ResourceNames.Resident(usage.ResidentId),
            Household = usage.HouseholdId ?? "",
            Date = usage.Date.ToProtoDate(),
            Lines = { usage.Lines.Select(l => new ProtoQuotaUsage.Types.Line { Rule = ToProto(l.Rule), Used = l.Used, Description = l.Rule.Describe() }) },
        };
    }

    private static ProtoQuotaPolicy ToProto(Quota.QuotaPolicy p, int version) => new()
    {
        Name = "quotaPolicy",
        TimeZone = p.Zone.Id,
        Etag = Etags.Of(version),
        Peak =
        {
            p.Peak.Select(w => new PeakWindow
            {
                Days = { w.Days.Select(d => d.ToProtoDayOfWeek()) },
                StartTime = w.Start.ToProtoTimeOfDay(),
                EndTime = w.End.ToProtoTimeOfDay(endOfDay: w.End == LocalTime.Midnight),
            }),
        },
        Rules = { p.Rules.Select(ToProto) },
    };

    private static ProtoQuotaRule ToProto(Quota.QuotaRule r) => new()
    {
        Id = r.Id,
        Scope = (ProtoQuotaRule.Types.Scope)(int)r.Scope,
        Measure = (ProtoQuotaRule.Types.Measure)(int)r.Measure,
        Period = (ProtoQuotaRule.Types.Period)(int)r.Period,
        Kinds = { r.Kinds.Select(k => (int)k) },
        PeakOnly = r.PeakOnly,
        Limit = r.Limit,
    };
}
