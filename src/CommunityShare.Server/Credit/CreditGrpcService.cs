using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using Credits = CommunityShare.Domain.Credit;
using ProtoAppeal = CommunityShare.Contracts.V1.Appeal;
using ProtoConsequence = CommunityShare.Contracts.V1.Consequence;
using ProtoCreditEvent = CommunityShare.Contracts.V1.CreditEvent;
using ProtoCreditPolicy = CommunityShare.Contracts.V1.CreditPolicy;

namespace CommunityShare.Server.Credit;

/// <summary>gRPC adapter of the credit record: proto in, use case, proto out.</summary>
public sealed class CreditGrpcService(CreditRecords records, CreditAppeals appeals, CreditPolicies policies, CommunityShareDb db)
    : CreditService.CreditServiceBase
{
    public override async Task<CreditRecord> GetCreditRecord(GetCreditRecordRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/creditRecord", "name", violations);
        violations.ThrowIfAny();
        var view = await records.GetAsync(actor, ids![0], context.CancellationToken);
        var lifetime = Duration.FromDays(view.Policy.StrikeLifetimeDays);
        var record = new CreditRecord
        {
            Name = $"residents/{view.ResidentId}/creditRecord",
            GoodStanding = view.Standing.InGoodStanding,
            Complete = view.Complete,
            StrikesCounting = view.Standing.StrikesCounting,
            GoodEvents = view.Standing.GoodEvents,
        };
        record.ActiveConsequences.Add(view.Standing.Active.Select(c => ToProto(c, view.ResidentId)));
        record.EndedConsequences.Add(view.Standing.Ended.Select(c => ToProto(c, view.ResidentId)));
        record.Events.Add(view.Events.Select(e => ToProto(e, lifetime)));
        record.Appeals.Add(view.Appeals.Select(ToProto));
        return record;
    }

    public override async Task<ProtoCreditEvent> CreateCreditEvent(CreateCreditEventRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var e = request.CreditEvent ?? new ProtoCreditEvent();
        violations.Check(request.CreditEvent is null, "credit_event", Reasons.Required, "is required.");
        var kind = ProtoEnums.Optional<ProtoCreditEvent.Types.Kind, Credits.CreditEventKind>(e.Kind, "credit_event.kind", violations);
        var source = string.IsNullOrEmpty(e.Source) ? null : ResourceNames.Parse(e.Source, "facilities/{}/bookings/{}", "credit_event.source", violations);
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        var entry = await records.ReportAsync(actor, resident!, kind, source?[0], source?[1], e.Evidence, violations, context.CancellationToken);
        var (policy, _) = await policies.GetAsync(db, context.CancellationToken);
        return ToProto(entry, Duration.FromDays(policy.StrikeLifetimeDays));
    }

    public override async Task<ProtoAppeal> CreateAppeal(CreateAppealRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var a = request.Appeal ?? new ProtoAppeal();
        violations.Check(request.Appeal is null, "appeal", Reasons.Required, "is required.");
        var entry = string.IsNullOrEmpty(a.Event) ? null : ResourceNames.Parse(a.Event, "residents/{}/creditEvents/{}", "appeal.event", violations);
        if (resident is not null && entry is not null)
        {
            violations.Check(entry[0] != resident, "appeal.event", Reasons.Mismatch, "must be an entry of the parent's record.");
        }
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await appeals.FileAsync(actor, resident!, entry?[1], a.Statement, violations, context.CancellationToken));
    }

    public override async Task<ListAppealsResponse> ListAppeals(ListAppealsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = request.Parent == "residents/-" ? null : ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var state = ProtoEnums.Optional<ProtoAppeal.Types.State, Credits.AppealState>(request.State, "state", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await appeals.ListAsync(actor, resident, state, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListAppealsResponse { Appeals = { page.Appeals.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoAppeal> DecideAppeal(DecideAppealRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/appeals/{}", "name", violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await appeals.DecideAsync(actor, ids![0], ids[1], request.Grant, request.Decision, violations, context.CancellationToken));
    }

    public override async Task<ProtoCreditPolicy> GetCreditPolicy(GetCreditPolicyRequest request, ServerCallContext context)
    {
        var (policy, version) = await policies.GetAsync(db, context.CancellationToken);
        return ToProto(policy, version);
    }

    public override async Task<ProtoCreditPolicy> UpdateCreditPolicy(UpdateCreditPolicyRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var p = request.CreditPolicy ?? new ProtoCreditPolicy();
        var rules = new List<Credits.ConsequenceRule>();
        for (var i = 0; i < p.Rules.Count; i++)
        {
            var r = p.Rules[i];
            var path = $"credit_policy.rules[{i}]";
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(r.Id), $"{path}.id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
            var counts = r.Counts.Select((k, j) => ProtoEnums.Required<ProtoCreditEvent.Types.Kind, Credits.CreditEventKind>(k, $"{path}.counts[{j}]", violations))
                .OfType<Credits.CreditEventKind>().ToArray();
            var consequence = ProtoEnums.Required<ProtoConsequence.Types.Kind, Credits.ConsequenceKind>(r.Consequence, $"{path}.consequence", violations);
            rules.Add(new Credits.ConsequenceRule(r.Id, counts, r.Threshold, r.WindowDays, consequence ?? Credits.ConsequenceKind.ApprovalRequired, r.DurationDays));
        }
        var (policy, version) = await policies.UpdateAsync(db, actor, new Credits.CreditPolicy(p.StrikeLifetimeDays, rules), p.Etag, violations,
            context.CancellationToken);
        return ToProto(policy, version);
    }

    private static ProtoCreditEvent ToProto(Credits.CreditEvent e, Duration lifetime) => new()
    {
        Name = CreditRecords.EventName(e.ResidentId, e.Id),
        Kind = (ProtoCreditEvent.Types.Kind)(int)e.Kind,
        OccurTime = e.OccurTime.ToTimestamp(),
        Evidence = e.Evidence,
        Source = e.Source,
        RecordedBy = e.RecordedBy,
        RecordTime = e.RecordTime.ToTimestamp(),
        Strike = e.IsStrike,
        VoidTime = e.VoidTime?.ToTimestamp(),
        VoidReason = e.VoidReason,
        ExpireTime = e.IsStrike ? (e.OccurTime + lifetime).ToTimestamp() : null,
    };

    private static ProtoConsequence ToProto(Credits.Consequence c, string residentId) => new()
    {
        Kind = (ProtoConsequence.Types.Kind)(int)c.Kind,
        StartTime = c.Start.ToTimestamp(),
        EndTime = c.End.ToTimestamp(),
        Rule = c.Rule.Id,
        Reason = c.Rule.Describe(),
        Events = { c.EventIds.Select(id => CreditRecords.EventName(residentId, id)) },
    };

    private static ProtoAppeal ToProto(Credits.CreditAppeal a) => new()
    {
        Name = CreditRecords.AppealName(a.ResidentId, a.Id),
        Event = CreditRecords.EventName(a.ResidentId, a.EventId),
        Statement = a.Statement,
        State = (ProtoAppeal.Types.State)(int)a.State,
        FiledBy = a.FiledBy,
        FileTime = a.FileTime.ToTimestamp(),
        Decision = a.Decision,
        DecidedBy = a.DecidedBy,
        DecideTime = a.DecideTime?.ToTimestamp(),
        Place = ResourceNames.Place(a.PlaceCode),
    };

    private static ProtoCreditPolicy ToProto(Credits.CreditPolicy p, int version) => new()
    {
        Name = "creditPolicy",
        StrikeLifetimeDays = p.StrikeLifetimeDays,
        Etag = Etags.Of(version),
        Rules =
        {
            p.Rules.Select(r => new ProtoCreditPolicy.Types.Rule
            {
                Id = r.Id,
                Counts = { r.Counts.Select(k => (ProtoCreditEvent.Types.Kind)(int)k) },
                Threshold = r.Threshold,
                WindowDays = r.WindowDays,
                Consequence = (ProtoConsequence.Types.Kind)(int)r.Kind,
                DurationDays = r.DurationDays,
            }),
        },
    };
}
