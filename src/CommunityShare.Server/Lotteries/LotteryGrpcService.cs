using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using DomainApplication = CommunityShare.Domain.Lotteries.LotteryApplication;
using DomainDraw = CommunityShare.Domain.Lotteries.LotteryDraw;
using DomainProxyConsent = CommunityShare.Domain.Residents.ProxyConsent;
using ProtoApplication = CommunityShare.Contracts.V1.LotteryApplication;
using ProtoDraw = CommunityShare.Contracts.V1.LotteryDraw;
using ProtoProxyConsent = CommunityShare.Contracts.V1.ProxyConsent;

namespace CommunityShare.Server.Lotteries;

public sealed class LotteryGrpcService(ApplyToLottery apply, LotteryDesk desk) : LotteryService.LotteryServiceBase
{
    public override async Task<ProtoApplication> CreateLotteryApplication(CreateLotteryApplicationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var a = request.LotteryApplication ?? new ProtoApplication();
        violations.Check(request.LotteryApplication is null, "lottery_application", Reasons.Required, "is required.");
        var resident = ResourceNames.ParseOptional(a.Resident, "residents", "lottery_application.resident", violations);
        var startOk = violations.Check(!a.StartTime.TryToInstant(out var start), "lottery_application.start_time",
            a.StartTime is null ? Reasons.Required : Reasons.OutOfRange, a.StartTime is null ? "is required." : "must be a valid timestamp.");
        violations.Check(a.PartySize is < 1 or > BookingGrpcService.MaxPartySize, "lottery_application.party_size", Reasons.OutOfRange,
            $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        DomainProxyConsent? consent = null;
        if (a.ProxyConsent is { } stated)
        {
            var method = ProtoEnums.Optional<ProtoProxyConsent.Types.Method, ProxyConsentMethod>(stated.Method, "lottery_application.proxy_consent.method",
                violations);
            consent = method is null ? null : new DomainProxyConsent(method.Value, stated.Note);
        }
        var key = RequestLedger.KeyFor(actor, nameof(CreateLotteryApplication), request.RequestId, request, violations);
        if (facilityId is null || !startOk)
        {
            violations.ThrowIfAny();
        }
        var made = await apply.HandleAsync(actor, new ApplicationDraft(facilityId!, resident, start, a.PartySize, consent), key, violations,
            context.CancellationToken);
        return made.ToProto();
    }

    public override async Task<ProtoApplication> GetLotteryApplication(GetLotteryApplicationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/lotteryApplications/{}", "name", violations);
        violations.ThrowIfAny();
        return (await desk.GetAsync(actor, ids![0], ids[1], context.CancellationToken)).ToProto();
    }

    public override async Task<ListLotteryApplicationsResponse> ListLotteryApplications(ListLotteryApplicationsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = request.Parent == "facilities/-" ? null : ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var resident = ResourceNames.ParseOptional(request.Resident, "residents", "resident", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await desk.ListAsync(actor, facilityId, resident, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListLotteryApplicationsResponse { LotteryApplications = { page.Applications.Select(x => x.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoApplication> WithdrawLotteryApplication(WithdrawLotteryApplicationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/lotteryApplications/{}", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(WithdrawLotteryApplication), request.RequestId, request, violations);
        violations.ThrowIfAny();
        return (await desk.WithdrawAsync(actor, ids![0], ids[1], key, context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoDraw> GetLotteryDraw(GetLotteryDrawRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/lotteryDraws/{}", "name", violations);
        violations.ThrowIfAny();
        var view = await desk.GetDrawAsync(ids![0], ids[1], context.CancellationToken);
        var proto = view.Draw.ToProto();
        proto.Entries.Add(view.Entries.Select(e => new ProtoDraw.Types.Entry
        {
            Ticket = e.Ticket,
            Weight = e.ApplicantWeight.Value,
            PartySize = e.PartySize,
            Household = e.HouseholdLabel ?? "",
            Number = e.DrawNumber ?? 0,
            Key = e.DrawKey ?? 0,
            Rank = e.Rank ?? 0,
            Outcome = (ProtoApplication.Types.State)(int)e.State,
            Reasons = { e.Outcome.Select(r => r.ToProto()) },
        }));
        return proto;
    }

    public override async Task<ListLotteryDrawsResponse> ListLotteryDraws(ListLotteryDrawsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        if (facilityId is null)
        {
            violations.ThrowIfAny();
        }
        var page = await desk.ListDrawsAsync(facilityId!, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListLotteryDrawsResponse { LotteryDraws = { page.Draws.Select(d => d.ToProto()) }, NextPageToken = page.NextPageToken };
    }
}

internal static class LotteryMapping
{
    public static ProtoApplication ToProto(this DomainApplication a) => new()
    {
        Name = ResourceNames.LotteryApplication(a.FacilityId, a.Id),
        Resident = ResourceNames.Resident(a.ResidentId),
        StartTime = ProtoTime.ToTimestamp(a.Start),
        EndTime = ProtoTime.ToTimestamp(a.End),
        PartySize = a.PartySize,
        State = (ProtoApplication.Types.State)(int)a.State,
        Weight = a.ApplicantWeight.Value,
        WeightReasons = { WeightReasons(a) },
        Ticket = a.Ticket,
        OpenTime = ProtoTime.ToTimestamp(a.OpenTime),
        CloseTime = ProtoTime.ToTimestamp(a.CloseTime),
        Draw = a.Rank is null ? "" : ResourceNames.LotteryDraw(a.FacilityId, DomainDraw.IdOf(a.Start)),
        Rank = a.Rank ?? 0,
        Booking = a.BookingId is { } b ? ResourceNames.Booking(a.FacilityId, b) : "",
        Outcome = { a.Outcome.Select(r => r.ToProto()) },
        ProxyConsent = a.ConsentMethod == ProxyConsentMethod.None ? null
            : new ProtoProxyConsent { Method = (ProtoProxyConsent.Types.Method)(int)a.ConsentMethod, Note = a.ConsentNote },
        CreatedBy = a.CreatedBy == ResourceNames.Resident(a.ResidentId) ? "" : a.CreatedBy,
        CreateTime = ProtoTime.ToTimestamp(a.CreateTime),
        UpdateTime = ProtoTime.ToTimestamp(a.UpdateTime),
        Etag = Etags.Of(a.Version),
    };

    public static ProtoDraw ToProto(this DomainDraw d) => new()
    {
        Name = ResourceNames.LotteryDraw(d.FacilityId, d.Id),
        StartTime = ProtoTime.ToTimestamp(d.Start),
        EndTime = ProtoTime.ToTimestamp(d.End),
        CloseTime = ProtoTime.ToTimestamp(d.CloseTime),
        DrawTime = ProtoTime.ToTimestamp(d.DrawTime),
        Seed = d.Seed,
        Algorithm = d.Algorithm,
        Capacity = d.Capacity,
        HouseholdCap = d.HouseholdCap,
        Applicants = d.Applicants,
        Winners = d.Winners,
        PlacesAllocated = d.PlacesAllocated,
    };

    public static IEnumerable<string> WeightReasons(DomainApplication a)
    {
        if (a.HostArea)
        {
            yield return "HOST_AREA";
        }
        if (a.Senior)
        {
            yield return "SENIOR";
        }
    }
}
