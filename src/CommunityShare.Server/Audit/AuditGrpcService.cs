using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using ProtoAuditEntry = CommunityShare.Contracts.V1.AuditEntry;

namespace CommunityShare.Server.Audit;

public sealed class AuditGrpcService(AuditLog log) : AuditService.AuditServiceBase
{
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var start = OptionalTime(request.StartTime, "start_time", violations);
        var end = OptionalTime(request.EndTime, "end_time", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var filter = new AuditFilter(NullIfEmpty(request.Resource), NullIfEmpty(request.Actor), start, end);
        var page = await log.ListAsync(actor, filter, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListAuditEntriesResponse
        {
            AuditEntries = { page.Entries.Select(ToProto) },
            NextPageToken = page.NextPageToken,
        };
    }

    private static Instant? OptionalTime(Google.Protobuf.WellKnownTypes.Timestamp? time, string field, Violations violations) =>
        time is null ? null
        : violations.Check(!time.TryToInstant(out var t), field, Reasons.OutOfRange, "must be a valid timestamp.") ? t : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static ProtoAuditEntry ToProto(AuditEntry e) => new()
    {
        Name = "auditEntries/" + e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Time = e.Time.ToTimestamp(),
        Actor = e.Actor,
        Action = e.Action,
        Resource = e.Resource,
        ChangedFields = { e.Changes.Length == 0 ? [] : e.Changes.Split(',') },
    };
}
