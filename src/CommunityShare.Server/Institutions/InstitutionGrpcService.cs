using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Institutions;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using DomainInstitution = CommunityShare.Domain.Institutions.Institution;
using ProtoInstitution = CommunityShare.Contracts.V1.Institution;

namespace CommunityShare.Server.Institutions;

public sealed class InstitutionGrpcService(InstitutionRegistry institutions) : InstitutionService.InstitutionServiceBase
{
    public override async Task<ProtoInstitution> GetInstitution(GetInstitutionRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "institutions", "name", violations);
        violations.ThrowIfAny();
        return (await institutions.GetAsync(id!, context.CancellationToken)).ToProto();
    }

    public override async Task<ListInstitutionsResponse> ListInstitutions(ListInstitutionsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var place = ResourceNames.ParseOptional(request.Place, "places", "place", violations);
        var kind = ProtoEnums.Optional<ProtoInstitution.Types.Kind, InstitutionKind>(request.Kind, "kind", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await institutions.ListAsync(place, kind, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListInstitutionsResponse { Institutions = { page.Institutions.Select(i => i.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoInstitution> CreateInstitution(CreateInstitutionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var draft = Read(request.Institution ?? new ProtoInstitution(), InstitutionRegistry.AllPaths, violations)
            with { Id = string.IsNullOrEmpty(request.InstitutionId) ? null : request.InstitutionId };
        var key = RequestLedger.KeyFor(actor, nameof(CreateInstitution), request.RequestId, request, violations);
        return (await institutions.CreateAsync(actor, draft, key, violations, context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoInstitution> UpdateInstitution(UpdateInstitutionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var i = request.Institution ?? new ProtoInstitution();
        var id = ResourceNames.ParseOne(i.Name, "institutions", "institution.name", violations);
        var paths = FieldMasks.Paths(request.UpdateMask, InstitutionRegistry.AllPaths, violations);
        var draft = Read(i, paths, violations);
        var key = RequestLedger.KeyFor(actor, nameof(UpdateInstitution), request.RequestId, request, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return (await institutions.UpdateAsync(actor, id!, new InstitutionChanges(draft, paths, i.Etag), key, violations,
            context.CancellationToken)).ToProto();
    }

    public override async Task<Empty> DeleteInstitution(DeleteInstitutionRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "institutions", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(DeleteInstitution), request.RequestId, request, violations);
        violations.ThrowIfAny();
        await institutions.DeleteAsync(actor, id!, request.Etag, key, context.CancellationToken);
        return new Empty();
    }

    private static InstitutionDraft Read(ProtoInstitution i, HashSet<string> paths, Violations violations) => new(
        null,
        i.DisplayName,
        paths.Contains("kind") ? ProtoEnums.Optional<ProtoInstitution.Types.Kind, InstitutionKind>(i.Kind, "institution.kind", violations) : null,
        paths.Contains("place") ? ResourceNames.ParseOptional(i.Place, "places", "institution.place", violations) : null,
        i.Address,
        paths.Contains("location") ? ProtoGeo.Optional(i.Location, "institution.location", violations) : null);
}

internal static class InstitutionMapping
{
    public static ProtoInstitution ToProto(this DomainInstitution institution) => new()
    {
        Name = ResourceNames.Institution(institution.Id),
        DisplayName = institution.Name,
        Kind = (ProtoInstitution.Types.Kind)(int)institution.Kind,
        Place = ResourceNames.Place(institution.PlaceCode),
        Address = institution.Address,
        Location = institution.Location.ToProto(),
        Etag = Etags.Of(institution.Version),
        CreateTime = Contracts.ProtoTime.ToTimestamp(institution.CreateTime),
        UpdateTime = Contracts.ProtoTime.ToTimestamp(institution.UpdateTime),
    };
}
