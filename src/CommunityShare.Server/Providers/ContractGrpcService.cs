using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using DomainProvider = CommunityShare.Domain.Providers.Provider;
using ProtoContract = CommunityShare.Contracts.V1.Contract;
using ProtoProvider = CommunityShare.Contracts.V1.Provider;
using ServiceLevels = CommunityShare.Domain.Providers.ServiceLevels;

namespace CommunityShare.Server.Providers;

public sealed class ProviderGrpcService(ProviderRegistry providers) : ProviderService.ProviderServiceBase
{
    public override async Task<ProtoProvider> GetProvider(GetProviderRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "providers", "name", violations);
        violations.ThrowIfAny();
        return (await providers.GetAsync(id!, context.CancellationToken)).ToProto();
    }

    public override async Task<ListProvidersResponse> ListProviders(ListProvidersRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var place = ResourceNames.ParseOptional(request.Place, "places", "place", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await providers.ListAsync(place, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListProvidersResponse { Providers = { page.Providers.Select(p => p.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoProvider> CreateProvider(CreateProviderRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var draft = Read(request.Provider ?? new ProtoProvider(), ProviderRegistry.AllPaths, violations)
            with { Id = string.IsNullOrEmpty(request.ProviderId) ? null : request.ProviderId };
        var key = RequestLedger.KeyFor(actor, nameof(CreateProvider), request.RequestId, request, violations);
        return (await providers.CreateAsync(actor, draft, key, violations, context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoProvider> UpdateProvider(UpdateProviderRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var p = request.Provider ?? new ProtoProvider();
        var id = ResourceNames.ParseOne(p.Name, "providers", "provider.name", violations);
        var paths = FieldMasks.Paths(request.UpdateMask, ProviderRegistry.UpdatablePaths, violations);
        var draft = Read(p, paths, violations);
        var key = RequestLedger.KeyFor(actor, nameof(UpdateProvider), request.RequestId, request, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return (await providers.UpdateAsync(actor, id!, new ProviderChanges(draft, paths, p.Etag), key, violations, context.CancellationToken)).ToProto();
    }

    private static ProviderDraft Read(ProtoProvider p, HashSet<string> paths, Violations violations) => new(
        null,
        p.DisplayName,
        paths.Contains("kind") ? ProtoEnums.Optional<ProtoProvider.Types.Kind, ProviderKind>(p.Kind, "provider.kind", violations) : null,
        p.CreditCode,
        paths.Contains("place") ? ResourceNames.ParseOptional(p.Place, "places", "provider.place", violations) : null,
        p.Description);
}

public sealed class ContractGrpcService(ContractDesk desk) : ContractService.ContractServiceBase
{
    public override async Task<ProtoContract> GetContract(GetContractRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "contracts", "name", violations);
        violations.ThrowIfAny();
        return (await desk.GetAsync(actor, id!, context.CancellationToken)).ToProto();
    }

    public override async Task<ListContractsResponse> ListContracts(ListContractsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var provider = ResourceNames.ParseOptional(request.Provider, "providers", "provider", violations);
        var place = ResourceNames.ParseOptional(request.Place, "places", "place", violations);
        var facility = ResourceNames.ParseOptional(request.Facility, "facilities", "facility", violations);
        var states = request.States.Select((s, i) => ProtoEnums.Required<ProtoContract.Types.State, ContractState>(s, $"states[{i}]", violations))
            .Where(s => s is not null).Select(s => s!.Value).ToArray();
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await desk.ListAsync(actor, new ContractFilter(provider, place, facility, states), pageSize, request.PageToken, violations,
            context.CancellationToken);
        return new ListContractsResponse { Contracts = { page.Contracts.Select(c => c.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoContract> CreateContract(CreateContractRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var c = request.Contract ?? new ProtoContract();
        var provider = ResourceNames.ParseOptional(c.Provider, "providers", "contract.provider", violations);
        var terms = ReadTerms(c, ContractDesk.UpdatablePaths, violations);
        var key = RequestLedger.KeyFor(actor, nameof(CreateContract), request.RequestId, request, violations);
        return (await desk.CreateAsync(actor, provider, string.IsNullOrEmpty(request.ContractId) ? null : request.ContractId, terms, key, violations,
            context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoContract> UpdateContract(UpdateContractRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var c = request.Contract ?? new ProtoContract();
        var id = ResourceNames.ParseOne(c.Name, "contracts", "contract.name", violations);
        var paths = FieldMasks.Paths(request.UpdateMask, ContractDesk.UpdatablePaths, violations);
        var terms = ReadTerms(c, paths, violations);
        var key = RequestLedger.KeyFor(actor, nameof(UpdateContract), request.RequestId, request, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return (await desk.UpdateAsync(actor, id!, new ContractChanges(terms, paths, c.Etag), key, violations, context.CancellationToken)).ToProto();
    }

    public override Task<ProtoContract> ActivateContract(ChangeContractStateRequest request, ServerCallContext context) =>
        ChangeAsync(request, context, ContractAction.Activate, nameof(ActivateContract));

    public override Task<ProtoContract> SuspendContract(ChangeContractStateRequest request, ServerCallContext context) =>
        ChangeAsync(request, context, ContractAction.Suspend, nameof(SuspendContract));

    public override Task<ProtoContract> ResumeContract(ChangeContractStateRequest request, ServerCallContext context) =>
        ChangeAsync(request, context, ContractAction.Resume, nameof(ResumeContract));

    public override Task<ProtoContract> EndContract(ChangeContractStateRequest request, ServerCallContext context) =>
        ChangeAsync(request, context, ContractAction.End, nameof(EndContract));

    public override Task<ProtoContract> TerminateContract(ChangeContractStateRequest request, ServerCallContext context) =>
        ChangeAsync(request, context, ContractAction.Terminate, nameof(TerminateContract));

    public override async Task<ListContractRemindersResponse> ListContractReminders(ListContractRemindersRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Parent, "contracts", "parent", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var page = await desk.ListRemindersAsync(actor, id!, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListContractRemindersResponse { Reminders = { page.Reminders.Select(r => r.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    private async Task<ProtoContract> ChangeAsync(ChangeContractStateRequest request, ServerCallContext context, ContractAction action, string method)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "contracts", "name", violations);
        var key = RequestLedger.KeyFor(actor, method, request.RequestId, request, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return (await desk.ChangeStateAsync(actor, id!, action, request.Reason, request.Etag, key, violations, context.CancellationToken)).ToProto();
    }

    /// <summary>The contract's terms as sent; a field outside <paramref name="paths"/> is not read.</summary>
    private static ContractTerms ReadTerms(ProtoContract c, HashSet<string> paths, Violations violations)
    {
        var kind = paths.Contains("kind") ? ProtoEnums.Optional<ProtoContract.Types.Kind, ContractKind>(c.Kind, "contract.kind", violations) : null;
        var place = paths.Contains("contracting_place")
            ? ResourceNames.ParseOptional(c.ContractingPlace, "places", "contract.contracting_place", violations) ?? ""
            : "";
        LocalDate? start = null, end = null;
        if (paths.Contains("start_date") && c.StartDate is not null)
        {
            start = c.StartDate.TryToLocalDate(out var s) ? s : null;
            violations.Check(start is null, "contract.start_date", Reasons.InvalidFormat, "is not a date.");
        }
        if (paths.Contains("end_date") && c.EndDate is not null)
        {
            end = c.EndDate.TryToLocalDate(out var e) ? e : null;
            violations.Check(end is null, "contract.end_date", Reasons.InvalidFormat, "is not a date.");
        }
        var value = 0m;
        if (paths.Contains("value") && c.Value is not null)
        {
            var ok = violations.Check(!string.IsNullOrEmpty(c.Value.CurrencyCode) && c.Value.CurrencyCode != "CNY", "contract.value.currency_code",
                Reasons.InvalidArgument, "must be CNY.");
            ok &= violations.Check(c.Value.Nanos is <= -1_000_000_000 or >= 1_000_000_000 || (c.Value.Units > 0 && c.Value.Nanos < 0)
                                   || (c.Value.Units < 0 && c.Value.Nanos > 0), "contract.value.nanos", Reasons.OutOfRange, "must be -999,999,999 to 999,999,999 with the sign of units.");
            if (ok)
            {
                value = c.Value.Units + c.Value.Nanos / 1_000_000_000m;
            }
        }
        var facilities = new List<string>();
        if (paths.Contains("facilities"))
        {
            for (var i = 0; i < c.Facilities.Count; i++)
            {
                if (ResourceNames.ParseOne(c.Facilities[i], "facilities", $"contract.facilities[{i}]", violations) is { } id)
                {
                    facilities.Add(id);
                }
            }
        }
        var levels = c.ServiceLevels is { } l && paths.Contains("service_levels")
            ? new ServiceLevels(l.HasOpenHoursPerWeek ? l.OpenHoursPerWeek : null, l.HasComplaintResponseWorkingDays ? l.ComplaintResponseWorkingDays : null,
                l.HasMinSatisfaction ? l.MinSatisfaction : null, l.HasMinUseRate ? l.MinUseRate : null)
            : ServiceLevels.None;
        return new ContractTerms(c.Title, kind, place, start, end, value, facilities, levels);
    }
}

internal static class ContractMapping
{
    public static ProtoProvider ToProto(this DomainProvider provider) => new()
    {
        Name = ProviderRegistry.Name(provider.Id),
        DisplayName = provider.Name,
        Kind = (ProtoProvider.Types.Kind)(int)provider.Kind,
        CreditCode = provider.CreditCode,
        Place = ResourceNames.Place(provider.PlaceCode),
        Description = provider.Description,
        Etag = Etags.Of(provider.Version),
        CreateTime = ProtoTime.ToTimestamp(provider.CreateTime),
        UpdateTime = ProtoTime.ToTimestamp(provider.UpdateTime),
    };

    public static ProtoContract ToProto(this ContractView view)
    {
        var c = view.Contract;
        var units = decimal.Truncate(c.Value);
        var proto = new ProtoContract
        {
            Name = ContractDesk.Name(c.Id),
            Provider = ProviderRegistry.Name(c.ProviderId),
            ProviderDisplayName = view.ProviderName,
            Title = c.Title,
            Kind = (ProtoContract.Types.Kind)(int)c.Kind,
            ContractingPlace = ResourceNames.Place(c.ContractingPlaceCode),
            StartDate = c.Start.ToProtoDate(),
            EndDate = c.End.ToProtoDate(),
            Value = new Google.Type.Money { CurrencyCode = "CNY", Units = (long)units, Nanos = (int)((c.Value - units) * 1_000_000_000m) },
            Facilities = { c.FacilityIds.Select(ResourceNames.Facility) },
            ServiceLevels = new Contracts.V1.ServiceLevels(),
            State = (ProtoContract.Types.State)(int)c.State,
            SuspensionReason = c.SuspensionReason ?? "",
            TerminationReason = c.TerminationReason ?? "",
            Running = view.Running,
            Etag = Etags.Of(c.Version),
            CreateTime = ProtoTime.ToTimestamp(c.CreateTime),
            UpdateTime = ProtoTime.ToTimestamp(c.UpdateTime),
        };
        if (c.Levels.OpenHoursPerWeek is { } h)
        {
            proto.ServiceLevels.OpenHoursPerWeek = h;
        }
        if (c.Levels.ComplaintResponseWorkingDays is { } d)
        {
            proto.ServiceLevels.ComplaintResponseWorkingDays = d;
        }
        if (c.Levels.MinSatisfaction is { } s)
        {
            proto.ServiceLevels.MinSatisfaction = s;
        }
        if (c.Levels.MinUseRate is { } u)
        {
            proto.ServiceLevels.MinUseRate = u;
        }
        if (c.ActivateTime is { } a)
        {
            proto.ActivateTime = ProtoTime.ToTimestamp(a);
        }
        if (c.CloseTime is { } t)
        {
            proto.CloseTime = ProtoTime.ToTimestamp(t);
        }
        return proto;
    }

    public static Contracts.V1.ContractReminder ToProto(this Domain.Providers.ContractReminder reminder)
    {
        var proto = new Contracts.V1.ContractReminder
        {
            Name = ContractDesk.ReminderName(reminder),
            Kind = (Contracts.V1.ContractReminder.Types.Kind)(int)reminder.Kind,
            Period = reminder.Period.ToProtoDate(),
            CreateTime = ProtoTime.ToTimestamp(reminder.CreateTime),
        };
        if (reminder.Measured is { } m)
        {
            proto.Measured = m;
        }
        if (reminder.Promised is { } p)
        {
            proto.Promised = p;
        }
        return proto;
    }

    /// <summary>Adds who runs the facility today under a contract (运营方), when someone does.</summary>
    public static Contracts.V1.Facility WithOperator(this Contracts.V1.Facility facility, RunningContracts running)
    {
        if (running.OperatorOf(facility.Name["facilities/".Length..]) is { } op)
        {
            facility.Operator = new Contracts.V1.FacilityOperator
            {
                Provider = ProviderRegistry.Name(op.ProviderId),
                ProviderDisplayName = op.ProviderName,
                Contract = ContractDesk.Name(op.ContractId),
                ContractKind = (ProtoContract.Types.Kind)(int)op.Kind,
            };
        }
        return facility;
    }
}
