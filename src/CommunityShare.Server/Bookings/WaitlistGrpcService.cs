using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Google.Protobuf;
using Grpc.Core;
using ProtoWaitlistEntry = CommunityShare.Contracts.V1.WaitlistEntry;

namespace CommunityShare.Server.Bookings;

public sealed class WaitlistGrpcService(JoinWaitlist join, WaitlistDesk desk) : WaitlistService.WaitlistServiceBase
{
    public override async Task<ProtoWaitlistEntry> JoinWaitlist(JoinWaitlistRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var w = request.WaitlistEntry ?? new ProtoWaitlistEntry();
        violations.Check(request.WaitlistEntry is null, "waitlist_entry", Reasons.Required, "is required.");
        var resident = ResourceNames.ParseOptional(w.Resident, "residents", "waitlist_entry.resident", violations);
        var slot = ProtoIntervals.Read(w.StartTime, w.EndTime, "waitlist_entry.start_time", "waitlist_entry.end_time", violations);
        violations.Check(w.PartySize is < 1 or > BookingGrpcService.MaxPartySize, "waitlist_entry.party_size", Reasons.OutOfRange,
            $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        var key = RequestLedger.KeyFor(actor, nameof(JoinWaitlist), request.RequestId, request, violations);
        violations.ThrowIfAny();
        var entry = await join.HandleAsync(actor, new WaitlistDraft(facilityId!, resident, slot!.Value, w.PartySize), key, violations,
            context.CancellationToken);
        return (await desk.GetAsync(actor, entry.FacilityId, entry.Id, context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoWaitlistEntry> GetWaitlistEntry(GetWaitlistEntryRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/waitlistEntries/{}", "name", violations);
        violations.ThrowIfAny();
        return (await desk.GetAsync(actor, ids![0], ids[1], context.CancellationToken)).ToProto();
    }

    public override async Task<ListWaitlistEntriesResponse> ListWaitlistEntries(ListWaitlistEntriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        string? facilityId = null;
        if (request.Parent != "facilities/-")
        {
            facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        }
        var resident = ResourceNames.ParseOptional(request.Resident, "residents", "resident", violations);
        var states = new List<WaitlistEntryState>();
        for (var i = 0; i < request.States.Count; i++)
        {
            if (ProtoEnums.Required<ProtoWaitlistEntry.Types.State, WaitlistEntryState>(request.States[i], $"states[{i}]", violations) is { } s)
            {
                states.Add(s);
            }
        }
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await desk.ListAsync(actor, new WaitlistFilter(facilityId, resident, states), pageSize, request.PageToken, violations,
            context.CancellationToken);
        return new ListWaitlistEntriesResponse { WaitlistEntries = { page.Entries.Select(e => e.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoWaitlistEntry> AcceptWaitlistOffer(AcceptWaitlistOfferRequest request, ServerCallContext context)
    {
        var (actor, ids, key, violations) = Read(request.Name, nameof(AcceptWaitlistOffer), request.RequestId, request, context);
        return (await desk.AcceptAsync(actor, ids[0], ids[1], key, violations, context.CancellationToken)).ToProto();
    }

    public override async Task<ProtoWaitlistEntry> WithdrawWaitlistEntry(WithdrawWaitlistEntryRequest request, ServerCallContext context)
    {
        var (actor, ids, key, violations) = Read(request.Name, nameof(WithdrawWaitlistEntry), request.RequestId, request, context);
        return (await desk.WithdrawAsync(actor, ids[0], ids[1], key, violations, context.CancellationToken)).ToProto();
    }

    private static (Domain.Access.Actor Actor, string[] Ids, RequestKey? Key, Violations Violations) Read(string name, string method, string requestId,
        IMessage request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(name, "facilities/{}/waitlistEntries/{}", "name", violations);
        var key = RequestLedger.KeyFor(actor, method, requestId, request, violations);
        violations.ThrowIfAny();
        return (actor, ids!, key, violations);
    }
}

internal static class WaitlistMapping
{
    public static ProtoWaitlistEntry ToProto(this WaitlistEntryView view)
    {
        var w = view.Entry;
        return new ProtoWaitlistEntry
        {
            Name = ResourceNames.WaitlistEntry(w.FacilityId, w.Id),
            Resident = ResourceNames.Resident(w.ResidentId),
            StartTime = ProtoTime.ToTimestamp(w.Start),
            EndTime = ProtoTime.ToTimestamp(w.End),
            PartySize = w.PartySize,
            State = (ProtoWaitlistEntry.Types.State)(int)w.State,
            Position = view.Position,
            CreateTime = ProtoTime.ToTimestamp(w.CreateTime),
            OfferTime = w.OfferTime is { } offered ? ProtoTime.ToTimestamp(offered) : null,
            OfferExpireTime = w.OfferDeadline is { } deadline ? ProtoTime.ToTimestamp(deadline) : null,
            // The held place while the offer stands, the resident's booking once taken; a lapsed hold is gone.
            Booking = w.State is WaitlistEntryState.Offered or WaitlistEntryState.Accepted ? ResourceNames.Booking(w.FacilityId, w.BookingId) : "",
            ResidentDisplayName = view.ResidentName,
            CreatedBy = w.CreatedBy == ResourceNames.Resident(w.ResidentId) ? "" : w.CreatedBy,
            UpdateTime = ProtoTime.ToTimestamp(w.UpdateTime),
            Etag = Etags.Of(w.Version),
        };
    }
}
