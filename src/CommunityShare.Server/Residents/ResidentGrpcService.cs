using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using CommunityShare.Domain.Residents;
using ProtoProxyGrant = CommunityShare.Contracts.V1.ProxyGrant;
using ProtoResident = CommunityShare.Contracts.V1.Resident;

namespace CommunityShare.Server.Residents;

public sealed class ResidentGrpcService(ResidentRegistry registry, ProxyGrants grants, IClock clock) : ResidentService.ResidentServiceBase
{
    private static readonly string[] Updatable = ["display_name", "mobile", "home_place", "household"];

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public override async Task<ProtoResident> RegisterResident(RegisterResidentRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var r = request.Resident ?? new ProtoResident();
        var home = ResourceNames.ParseOptional(r.HomePlace, "places", "resident.home_place", violations);
        var guardian = ResourceNames.ParseOptional(r.Guardian, "residents", "resident.guardian", violations);
        var key = RequestLedger.KeyFor(null, nameof(RegisterResident), request.RequestId, request, violations);
        var draft = new ResidentDraft(r.DisplayName, r.Mobile, r.IdentityNumber, home, guardian);
        return ToProto(await registry.RegisterAsync(draft, request.UserName, request.Password, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoResident> GetResident(GetResidentRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "residents", "name", violations);
        violations.Check(!Enum.IsDefined(request.View), "view", Reasons.OutOfRange, "must be MASKED or FULL.");
        violations.ThrowIfAny();
        return ToProto(await registry.GetAsync(actor, id!, request.View == GetResidentRequest.Types.View.Full, context.CancellationToken));
    }

    public override async Task<ProtoResident> UpdateResident(UpdateResidentRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var r = request.Resident ?? new ProtoResident();
        var id = ResourceNames.ParseOne(r.Name, "residents", "resident.name", violations);
        var paths = FieldMasks.Paths(request.UpdateMask, Updatable, violations);
        var home = paths.Contains("home_place") ? ResourceNames.ParseOptional(r.HomePlace, "places", "resident.home_place", violations) : null;
        var key = RequestLedger.KeyFor(actor, nameof(UpdateResident), request.RequestId, request, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        var changes = new ResidentChanges(r.DisplayName, r.Mobile, home, paths, r.Etag, r.Household);
        return ToProto(await registry.UpdateAsync(actor, id!, changes, key, violations, context.CancellationToken));
    }

    public override async Task<SearchResidentsResponse> SearchResidents(SearchResidentsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await registry.SearchAsync(actor, request.Query, pageSize, request.PageToken, violations, context.CancellationToken);
        return new SearchResidentsResponse
        {
            Residents = { page.Residents.Select(p => ToProto(new ResidentView(p, Full: false))) },
            NextPageToken = page.NextPageToken,
        };
    }

    public override async Task<ProtoProxyGrant> CreateProxyGrant(CreateProxyGrantRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var g = request.ProxyGrant ?? new ProtoProxyGrant();
        violations.Check(request.ProxyGrant is null, "proxy_grant", Reasons.Required, "is required.");
        var proxy = ResourceNames.ParseOptional(g.Proxy, "residents", "proxy_grant.proxy", violations);
        var key = RequestLedger.KeyFor(actor, nameof(CreateProxyGrant), request.RequestId, request, violations);
        if (resident is null)
        {
            violations.ThrowIfAny();
        }
        var draft = new ProxyGrantDraft(proxy, g.Relationship, g.ConsentNote);
        return ToProto(await grants.CreateAsync(actor, resident!, draft, key, violations, context.CancellationToken));
    }

    public override async Task<ListProxyGrantsResponse> ListProxyGrants(ListProxyGrantsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var resident = request.Parent == "residents/-" ? null : ResourceNames.ParseOne(request.Parent, "residents", "parent", violations);
        var proxy = ResourceNames.ParseOptional(request.Proxy, "residents", "proxy", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await grants.ListAsync(actor, resident, proxy, request.ShowRevoked, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListProxyGrantsResponse { ProxyGrants = { page.Grants.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoProxyGrant> RevokeProxyGrant(RevokeProxyGrantRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "residents/{}/proxyGrants/{}", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(RevokeProxyGrant), request.RequestId, request, violations);
        violations.ThrowIfAny();
        return ToProto(await grants.RevokeAsync(actor, ids![0], ids[1], key, context.CancellationToken));
    }

    private static ProtoProxyGrant ToProto(CommunityShare.Domain.Residents.ProxyGrant g) => new()
    {
        Name = ResourceNames.ProxyGrant(g.ResidentId, g.Id),
        Proxy = ResourceNames.Resident(g.ProxyResidentId),
        Relationship = g.Relationship,
        ConsentNote = g.ConsentNote,
        GrantedBy = g.GrantedBy,
        CreateTime = g.CreateTime.ToTimestamp(),
        RevokeTime = g.RevokeTime?.ToTimestamp(),
    };

    private ProtoResident ToProto(ResidentView view)
    {
        var r = view.Resident;
        return new ProtoResident
        {
            Name = ResourceNames.Resident(r.Id),
            DisplayName = view.Full ? r.Name : r.MaskedName,
            Mobile = view.Full ? r.Mobile : r.MaskedMobile,
            IdentityNumber = view.Full ? r.IdentityNumber.Value : r.IdentityNumber.Masked,
            HomePlace = ResourceNames.Place(r.HomePlaceCode),
            Guardian = r.GuardianId is null ? "" : ResourceNames.Resident(r.GuardianId),
            Minor = r.IsMinorOn(clock.GetCurrentInstant().InZone(Shanghai).Date),
            CreateTime = r.CreateTime.ToTimestamp(),
            UpdateTime = r.UpdateTime.ToTimestamp(),
            Household = r.HouseholdId ?? "",
            Etag = Etags.Of(r.Version),
        };
    }
}
