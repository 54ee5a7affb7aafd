using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using ProtoResident = CommunityShare.Contracts.V1.Resident;

namespace CommunityShare.Server.Residents;

public sealed class ResidentGrpcService(ResidentRegistry registry, IClock clock) : ResidentService.ResidentServiceBase
{
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
        };
    }
}
