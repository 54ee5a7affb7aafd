using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using DomainPlace = CommunityShare.Domain.Places.Place;
using ProtoPlace = CommunityShare.Contracts.V1.Place;

namespace CommunityShare.Server.Places;

/// <summary>gRPC adapter: proto in, use case, proto out. No rules live here.</summary>
public sealed class PlaceGrpcService(PlaceDirectory places, PlaceStatistics statistics, NodaTime.IClock clock) : PlaceService.PlaceServiceBase
{
    private static readonly NodaTime.DateTimeZone Shanghai = NodaTime.DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly string[] Updatable = ["display_name", "display_name_en", "location"];

    public override async Task<ProtoPlace> GetPlace(GetPlaceRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var code = ResourceNames.ParseOne(request.Name, "places", "name", violations);
        violations.ThrowIfAny();
        return (await places.GetAsync(code!, context.CancellationToken)).ToProto();
    }

    public override async Task<ListPlacesResponse> ListPlaces(ListPlacesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var parent = ResourceNames.ParseOptional(request.Parent, "places", "parent", violations);
        var kind = ProtoEnums.Optional<ProtoPlace.Types.Kind, PlaceKind>(request.Kind, "kind", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await places.ListAsync(parent, kind, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListPlacesResponse { Places = { page.Places.Select(p => p.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoPlace> CreatePlace(CreatePlaceRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var p = request.Place ?? new ProtoPlace();
        var parent = ResourceNames.ParseOptional(p.Parent, "places", "place.parent", violations);
        var kind = ProtoEnums.Optional<ProtoPlace.Types.Kind, PlaceKind>(p.Kind, "place.kind", violations);
        var location = ProtoGeo.Optional(p.Location, "place.location", violations);
        var key = RequestLedger.KeyFor(actor, nameof(CreatePlace), request.RequestId, request, violations);
        var draft = new PlaceDraft(request.PlaceId, parent, kind, p.DisplayName, p.DisplayNameEn, location);
        return (await places.CreateAsync(actor, draft, key, violations, context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoPlace> UpdatePlace(UpdatePlaceRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var p = request.Place ?? new ProtoPlace();
        var code = ResourceNames.ParseOne(p.Name, "places", "place.name", violations);
        var paths = FieldMasks.Paths(request.UpdateMask, Updatable, violations);
        var location = ProtoGeo.Optional(p.Location, "place.location", violations);
        var key = RequestLedger.KeyFor(actor, nameof(UpdatePlace), request.RequestId, request, violations);
        var changes = new PlaceChanges(p.DisplayName, p.DisplayNameEn, location, paths, p.Etag);
        if (code is null)
        {
            violations.ThrowIfAny();
        }
        return (await places.UpdateAsync(actor, code!, changes, key, violations, context.CancellationToken)).ToProto();
    }

    public override async Task<Contracts.V1.PlaceStatistics> GetPlaceStatistics(GetPlaceStatisticsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var code = ResourceNames.ParseOne(request.Place, "places", "place", violations);
        var date = clock.GetCurrentInstant().InZone(Shanghai).Date;
        if (request.Date is not null)
        {
            violations.Check(!request.Date.TryToLocalDate(out date), "date", Reasons.InvalidFormat, "must be a valid date.");
        }
        violations.ThrowIfAny();
        var area = await statistics.ForWeekAsync(code!, date, context.CancellationToken);
        var proto = new Contracts.V1.PlaceStatistics
        {
            Place = ResourceNames.Place(area.Place.Code),
            WeekStartDate = area.Week.Start.ToProtoDate(),
            WeekEndDate = area.Week.End.ToProtoDate(),
            Institutions = area.Institutions,
            Facilities = area.Facilities,
            Total = ToProto(area.Total),
        };
        proto.Days.Add(area.Days.Select(d => new Contracts.V1.PlaceStatistics.Types.Day { Date = d.Date.ToProtoDate(), Figures = ToProto(d.Figures) }));
        proto.InstitutionsByOpenTime.Add(area.ByInstitution.Select(i => new Contracts.V1.PlaceStatistics.Types.InstitutionRow
        {
            Institution = ResourceNames.Institution(i.InstitutionId),
            DisplayName = i.Name,
            Facilities = i.Facilities,
            Figures = ToProto(i.Figures),
        }));
        return proto;
    }

    private static UseFigures ToProto(Figures f) => new()
    {
        OpenTime = f.OpenTime.ToProtoDuration(),
        Bookings = f.Bookings,
        PlaceHoursOffered = f.PlaceHoursOffered,
        PlaceHoursBooked = f.PlaceHoursBooked,
        UseRate = f.UseRate,
    };

    public override async Task<Empty> DeletePlace(DeletePlaceRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var code = ResourceNames.ParseOne(request.Name, "places", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(DeletePlace), request.RequestId, request, violations);
        violations.ThrowIfAny();
        await places.DeleteAsync(actor, code!, request.Etag, key, context.CancellationToken);
        return new Empty();
    }
}

internal static class PlaceMapping
{
    public static ProtoPlace ToProto(this DomainPlace place) => new()
    {
        Name = ResourceNames.Place(place.Code),
        Parent = place.ParentCode is null ? "" : ResourceNames.Place(place.ParentCode),
        Kind = (ProtoPlace.Types.Kind)(int)place.Kind,
        DisplayName = place.Name,
        DisplayNameEn = place.NameEn,
        Location = place.Location?.ToProto(),
        Etag = Etags.Of(place.Version),
        CreateTime = Contracts.ProtoTime.ToTimestamp(place.CreateTime),
        UpdateTime = Contracts.ProtoTime.ToTimestamp(place.UpdateTime),
    };
}
