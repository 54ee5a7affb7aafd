using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using Bank = CommunityShare.Domain.TimeBank;
using ProtoRedemption = CommunityShare.Contracts.V1.Redemption;
using ProtoTimeAccount = CommunityShare.Contracts.V1.TimeAccount;
using ProtoTimeEntry = CommunityShare.Contracts.V1.TimeEntry;

namespace CommunityShare.Server.TimeBank;

/// <summary>gRPC adapter of the time bank: proto in, use case, proto out.</summary>
public sealed class TimeBankGrpcService(TimeBankDesk desk, RedemptionCatalogues catalogues, CommunityShareDb db, IClock clock)
    : TimeBankService.TimeBankServiceBase
{
    private const string AccountPattern = "residents/{}/timeAccount";

    public override async Task<ProtoTimeAccount> GetTimeAccount(GetTimeAccountRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, AccountPattern, "name", violations);
        violations.ThrowIfAny();
        var view = await desk.GetAccountAsync(actor, ids![0], context.CancellationToken);
        return new ProtoTimeAccount
        {
            Name = TimeLedger.AccountName(view.ResidentId),
            BalanceMinutes = view.Balance,
            DepositedMinutes = view.Deposited,
            ReceivedMinutes = view.Received,
            GivenMinutes = view.Given,
            RedeemedMinutes = view.Redeemed,
            ReversedMinutes = view.Reversed,
            EntryCount = view.EntryCount,
            Family = { view.Family.Select(m => new ProtoTimeAccount.Types.FamilyMember { Resident = ResourceNames.Resident(m.ResidentId), DisplayName = m.MaskedName }) },
        };
    }

    public override async Task<ListTimeEntriesResponse> ListTimeEntries(ListTimeEntriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Parent, AccountPattern, "parent", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var page = await desk.ListEntriesAsync(actor, ids![0], pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListTimeEntriesResponse { TimeEntries = { page.Entries.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoTimeEntry> GiftTime(GiftTimeRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Account, AccountPattern, "account", violations);
        var recipient = string.IsNullOrEmpty(request.Recipient) ? null : ResourceNames.ParseOne(request.Recipient, "residents", "recipient", violations);
        var key = RequestLedger.KeyFor(actor, nameof(GiftTime), request.RequestId, request, violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        if (recipient is null && !string.IsNullOrEmpty(request.Recipient))
        {
            // Already reported as INVALID_FORMAT; nothing more to say about it.
            recipient = "";
        }
        return ToProto(await desk.GiftAsync(actor, ids![0], recipient, request.Minutes, request.Note, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoRedemption> CreateRedemption(CreateRedemptionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        violations.Check(request.Redemption is null, "redemption", Reasons.Required, "is required.");
        var key = RequestLedger.KeyFor(actor, nameof(CreateRedemption), request.RequestId, request, violations);
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.RedeemAsync(actor, resident!, request.Redemption?.Item, key, violations, context.CancellationToken),
            clock.GetCurrentInstant());
    }

    public override async Task<ListRedemptionsResponse> ListRedemptions(ListRedemptionsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var page = await desk.ListRedemptionsAsync(actor, resident!, pageSize, request.PageToken, violations, context.CancellationToken);
        var now = clock.GetCurrentInstant();
        return new ListRedemptionsResponse { Redemptions = { page.Redemptions.Select(r => ToProto(r, now)) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<RedemptionCatalogue> GetRedemptionCatalogue(GetRedemptionCatalogueRequest request, ServerCallContext context)
    {
        var (catalogue, version) = await catalogues.GetAsync(db, context.CancellationToken);
        return ToProto(catalogue, version);
    }

    public override async Task<RedemptionCatalogue> UpdateRedemptionCatalogue(UpdateRedemptionCatalogueRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var c = request.RedemptionCatalogue ?? new RedemptionCatalogue();
        var items = c.Items.Select((item, i) =>
        {
            var kind = ProtoEnums.Required<ProtoRedemption.Types.Kind, Bank.RedemptionKind>(item.Kind, $"redemption_catalogue.items[{i}].kind", violations);
            var cost = violations.Check(item.CostMinutes is < 0 or > int.MaxValue, $"redemption_catalogue.items[{i}].cost_minutes", Reasons.OutOfRange,
                "is too large.") ? (int)item.CostMinutes : 0;
            return new Bank.RedemptionItem(item.Id, kind ?? Bank.RedemptionKind.Service, item.Title?.Trim() ?? "", cost, item.LeadHours, item.ValidDays,
                item.Offered);
        }).ToArray();
        var (saved, version) = await desk.UpdateCatalogueAsync(actor, new Bank.RedemptionCatalogue(items), c.Etag, violations, context.CancellationToken);
        return ToProto(saved, version);
    }

    public override async Task<ProtoTimeEntry> DepositTime(DepositTimeRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Account, AccountPattern, "account", violations);
        var place = ResourceNames.ParseOne(request.Place, "places", "place", violations);
        Instant? occur = null;
        if (request.OccurTime is not null)
        {
            occur = violations.Check(!request.OccurTime.TryToInstant(out var t), "occur_time", Reasons.OutOfRange, "must be a valid timestamp.") ? t : null;
        }
        var key = RequestLedger.KeyFor(actor, nameof(DepositTime), request.RequestId, request, violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.DepositAsync(actor, ids![0], request.Minutes, request.Source, place, occur, request.Note, key, violations,
            context.CancellationToken));
    }

    public override async Task<ProtoTimeEntry> ReverseTimeEntry(ReverseTimeEntryRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/timeAccount/entries/{}", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(ReverseTimeEntry), request.RequestId, request, violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.ReverseAsync(actor, ids![0], ids[1], request.Reason, key, violations, context.CancellationToken));
    }

    public static ProtoTimeEntry ToProto(Bank.TimeEntry e) => new()
    {
        Name = TimeLedger.EntryName(e.ResidentId, e.Id),
        Kind = (ProtoTimeEntry.Types.Kind)(int)e.Kind,
        Sequence = e.Sequence,
        Minutes = e.Minutes,
        BalanceAfterMinutes = e.BalanceAfter,
        Source = e.Source,
        Counterparty = e.Counterparty.Length == 0 ? "" : ResourceNames.Resident(e.Counterparty),
        Place = ResourceNames.Place(e.PlaceCode),
        Note = e.Note,
        OccurTime = e.OccurTime.ToTimestamp(),
        RecordedBy = e.RecordedBy,
        RecordTime = e.RecordTime.ToTimestamp(),
    };

    public static ProtoRedemption ToProto(Bank.Redemption r, Instant now) => new()
    {
        Name = TimeLedger.RedemptionName(r.ResidentId, r.Id),
        Item = r.ItemId,
        Kind = (ProtoRedemption.Types.Kind)(int)r.Kind,
        Title = r.Title,
        CostMinutes = r.CostMinutes,
        LeadHours = r.LeadHours,
        Code = r.Code,
        State = r.State == Bank.RedemptionState.Available && !r.UsableAt(now) ? ProtoRedemption.Types.State.Expired : (ProtoRedemption.Types.State)(int)r.State,
        RedeemTime = r.RedeemTime.ToTimestamp(),
        ExpireTime = r.ExpireTime.ToTimestamp(),
        UseTime = r.UseTime?.ToTimestamp(),
        UsedFor = r.UsedFor,
        ReverseTime = r.ReverseTime?.ToTimestamp(),
        ReverseReason = r.ReverseReason,
        RedeemedBy = r.RedeemedBy,
        Entry = TimeLedger.EntryName(r.ResidentId, r.EntryId),
    };

    private static RedemptionCatalogue ToProto(Bank.RedemptionCatalogue c, int version) => new()
    {
        Name = RedemptionCatalogues.Name,
        Etag = Etags.Of(version),
        Items =
        {
            c.Items.Select(i => new RedemptionCatalogue.Types.Item
            {
                Id = i.Id,
                Kind = (ProtoRedemption.Types.Kind)(int)i.Kind,
                Title = i.Title,
                CostMinutes = i.CostMinutes,
                LeadHours = i.LeadHours,
                ValidDays = i.ValidDays,
                Offered = i.Offered,
            }),
        },
    };
}
