using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Google.Protobuf;
using Grpc.Core;
using NodaTime;
using DomainBooking = CommunityShare.Domain.Bookings.Booking;
using DomainProxyConsent = CommunityShare.Domain.Residents.ProxyConsent;
using ProtoBooking = CommunityShare.Contracts.V1.Booking;
using ProtoProxyConsent = CommunityShare.Contracts.V1.ProxyConsent;

namespace CommunityShare.Server.Bookings;

public sealed class BookingGrpcService(CreateBooking create, BookingDesk desk, IClock clock) : BookingService.BookingServiceBase
{
    public const int MaxPartySize = 100_000;

    public override async Task<ProtoBooking> GetBooking(GetBookingRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/bookings/{}", "name", violations);
        violations.ThrowIfAny();
        return (await desk.GetAsync(actor, ids![0], ids[1], context.CancellationToken)).ToProto(clock.GetCurrentInstant());
    }

    public override async Task<ListBookingsResponse> ListBookings(ListBookingsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        string? facilityId = null;
        if (request.Parent != "facilities/-")
        {
            facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        }
        var resident = ResourceNames.ParseOptional(request.Resident, "residents", "resident", violations);
        var states = new List<BookingState>();
        for (var i = 0; i < request.States.Count; i++)
        {
            if (ProtoEnums.Required<ProtoBooking.Types.State, BookingState>(request.States[i], $"states[{i}]", violations) is { } s)
            {
                states.Add(s);
            }
        }
        Instant? endAfter = null, startBefore = null;
        if (request.EndAfterTime is not null)
        {
            endAfter = violations.Check(!request.EndAfterTime.TryToInstant(out var t), "end_after_time", Reasons.OutOfRange, "must be a valid timestamp.") ? t : null;
        }
        if (request.StartBeforeTime is not null)
        {
            startBefore = violations.Check(!request.StartBeforeTime.TryToInstant(out var t), "start_before_time", Reasons.OutOfRange, "must be a valid timestamp.") ? t : null;
        }
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var institution = ResourceNames.ParseOptional(request.Institution, "institutions", "institution", violations);
        var filter = new BookingFilter(facilityId, resident, states, endAfter, startBefore, institution,
            request.CheckInCode.Length == 0 ? null : request.CheckInCode);
        var page = await desk.ListAsync(actor, filter, pageSize, request.PageToken,
            violations, context.CancellationToken);
        var now = clock.GetCurrentInstant();
        return new ListBookingsResponse { Bookings = { page.Bookings.Select(b => b.ToProto(now)) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoBooking> CreateBooking(CreateBookingRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var b = request.Booking ?? new ProtoBooking();
        violations.Check(request.Booking is null, "booking", Reasons.Required, "is required.");
        var resident = ResourceNames.ParseOptional(b.Resident, "residents", "booking.resident", violations);
        var slot = ProtoIntervals.Read(b.StartTime, b.EndTime, "booking.start_time", "booking.end_time", violations);
        violations.Check(b.PartySize is < 1 or > MaxPartySize, "booking.party_size", Reasons.OutOfRange, $"must be 1 to {MaxPartySize} people.");
        DomainProxyConsent? consent = null;
        if (b.ProxyConsent is { } stated)
        {
            var method = ProtoEnums.Optional<ProtoProxyConsent.Types.Method, ProxyConsentMethod>(stated.Method, "booking.proxy_consent.method", violations);
            consent = method is null ? null : new DomainProxyConsent(method.Value, stated.Note);
        }
        var key = RequestLedger.KeyFor(actor, nameof(CreateBooking), request.RequestId, request, violations);
        if (facilityId is null || slot is null)
        {
            violations.ThrowIfAny();
        }
        // The use case adds what it finds (the consent staff must state) to these, and reports them all at once.
        var draft = new BookingDraft(facilityId!, resident, slot!.Value, b.PartySize, consent);
        var booking = await create.HandleAsync(actor, draft, key, violations, context.CancellationToken);
        return booking.ToProto(clock.GetCurrentInstant());
    }

    public override Task<ProtoBooking> CancelBooking(CancelBookingRequest request, ServerCallContext context) =>
        ActAsync(request.Name, BookingAction.Cancel, request.Reason, request.RequestId, request, context);

    public override Task<ProtoBooking> ApproveBooking(ApproveBookingRequest request, ServerCallContext context) =>
        ActAsync(request.Name, BookingAction.Approve, "", request.RequestId, request, context);

    public override Task<ProtoBooking> DeclineBooking(DeclineBookingRequest request, ServerCallContext context) =>
        ActAsync(request.Name, BookingAction.Decline, request.Reason, request.RequestId, request, context);

    public override Task<ProtoBooking> CheckInBooking(CheckInBookingRequest request, ServerCallContext context) =>
        ActAsync(request.Name, BookingAction.CheckIn, request.CheckInCode, request.RequestId, request, context);

    public override Task<ProtoBooking> MarkBookingNoShow(MarkBookingNoShowRequest request, ServerCallContext context) =>
        ActAsync(request.Name, BookingAction.MarkNoShow, "", request.RequestId, request, context);

    private async Task<ProtoBooking> ActAsync(string name, BookingAction action, string argument, string requestId, IMessage request,
        ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(name, "facilities/{}/bookings/{}", "name", violations);
        var key = RequestLedger.KeyFor(actor, action.ToString(), requestId, request, violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        var booking = await desk.ActAsync(actor, ids![0], ids[1], action, argument, key, violations, context.CancellationToken);
        return booking.ToProto(clock.GetCurrentInstant());
    }
}

internal static class BookingMapping
{
    public static ProtoBooking ToProto(this DomainBooking b, Instant now) => new()
    {
        Name = ResourceNames.Booking(b.FacilityId, b.Id),
        Resident = ResourceNames.Resident(b.ResidentId),
        StartTime = ProtoTime.ToTimestamp(b.Start),
        EndTime = ProtoTime.ToTimestamp(b.End),
        PartySize = b.PartySize,
        State = (ProtoBooking.Types.State)(int)b.StateAt(now),
        CheckInCode = b.CheckInCode,
        DeclineReason = b.DeclineReason,
        CancelReason = b.CancelReason,
        LateCancellation = b.LateCancellation,
        CreatedBy = b.CreatedBy == "residents/" + b.ResidentId ? "" : b.CreatedBy,
        CreateTime = ProtoTime.ToTimestamp(b.CreateTime),
        UpdateTime = ProtoTime.ToTimestamp(b.UpdateTime),
        CancellationDeadlineTime = ProtoTime.ToTimestamp(b.CancellationDeadline),
        Etag = Etags.Of(b.Version),
        AdmittedOnCommitment = b.OnCommitment,
        ApprovalReason = b.ApprovalReason,
        ProxyConsent = b.ConsentMethod == ProxyConsentMethod.None ? null
            : new ProtoProxyConsent { Method = (ProtoProxyConsent.Types.Method)(int)b.ConsentMethod, Note = b.ConsentNote },
    };
}
