using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using ProtoOutboxMessage = CommunityShare.Contracts.V1.OutboxMessage;

namespace CommunityShare.Server.Notifications;

public sealed class NotificationGrpcService(Outbox outbox) : NotificationService.NotificationServiceBase
{
    public override async Task<ListOutboxMessagesResponse> ListOutboxMessages(ListOutboxMessagesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await outbox.ListAsync(actor, request.Recipient, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListOutboxMessagesResponse
        {
            OutboxMessages = { page.Messages.Select(m => m.ToProto()) },
            NextPageToken = page.NextPageToken,
        };
    }
}

internal static class OutboxMapping
{
    public static string Name(string id) => "outboxMessages/" + id;

    public static ProtoOutboxMessage ToProto(this OutboxMessage m) => new()
    {
        Name = Name(m.Id),
        Recipient = m.Recipient,
        Address = m.Address,
        Template = m.Template,
        Text = m.Text,
        CreateTime = ProtoTime.ToTimestamp(m.CreateTime),
    };
}
