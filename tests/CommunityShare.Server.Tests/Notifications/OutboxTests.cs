using CommunityShare.Contracts.V1;
using CommunityShare.Server.Notifications;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OutgoingMessage = CommunityShare.Server.Notifications.OutgoingMessage;

namespace CommunityShare.Server.Tests.Notifications;

public sealed class OutboxTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task A_sent_message_is_in_the_outbox_with_everything_staff_need_to_read_it()
    {
        await _f.SendAsync("residents/r1", "13800138000", "booking.confirmed", "您已预约 莘庄实验学校 篮球场 6月11日 10:00–11:00，签到码 ABCD2345。");

        var response = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest());

        var message = Assert.Single(response.OutboxMessages);
        Assert.Matches("^outboxMessages/[a-z0-9]{12}$", message.Name);
        Assert.Equal("residents/r1", message.Recipient);
        Assert.Equal("13800138000", message.Address);
        Assert.Equal("booking.confirmed", message.Template);
        Assert.Equal("您已预约 莘庄实验学校 篮球场 6月11日 10:00–11:00，签到码 ABCD2345。", message.Text);
        Assert.Equal(ServerFixture.DefaultNow, global::CommunityShare.Contracts.ProtoTime.ToInstant(message.CreateTime));
        Assert.Equal("", response.NextPageToken);
    }

    [Fact]
    public async Task The_outbox_filters_by_recipient_and_pages_oldest_first()
    {
        for (var i = 0; i < 5; i++)
        {
            _f.Clock.Advance(Duration.FromMinutes(1));
            await _f.SendAsync("residents/r1", "r1@example.org", "booking.reminder", $"message {i}");
            await _f.SendAsync("residents/r2", "13900139000", "booking.reminder", $"other {i}");
        }

        var texts = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest
            {
                Recipient = "residents/r1",
                PageSize = 2,
                PageToken = token,
            });
            Assert.All(page.OutboxMessages, m => Assert.Equal("residents/r1", m.Recipient));
            texts.AddRange(page.OutboxMessages.Select(m => m.Text));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(["message 0", "message 1", "message 2", "message 3", "message 4"], texts);
        Assert.Equal(3, pages);
        var all = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest());
        Assert.Equal(10, all.OutboxMessages.Count);
    }

    [Fact]
    public async Task A_page_token_cannot_be_reused_for_another_recipient()
    {
        await _f.SendAsync("residents/r1", "13800138000", "t", "a");
        await _f.SendAsync("residents/r1", "13800138000", "t", "b");
        var first = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1", PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);

        await Rpc.InvalidAsync(() => _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest
        {
            Recipient = "residents/r2",
            PageToken = first.NextPageToken,
        }), ("page_token", "INVALID_PAGE_TOKEN"));
        await Rpc.InvalidAsync(() => _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { PageSize = -1 }),
            ("page_size", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task Residents_read_only_their_own_messages_and_district_staff_read_all()
    {
        await _f.SendAsync("residents/r1", "13800138000", "booking.confirmed", "text");
        await _f.SendAsync("residents/r2", "13900139000", "booking.confirmed", "other");

        var own = await _f.Notifications("resident:r1").ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1" });
        Assert.All(own.OutboxMessages, m => Assert.Equal("residents/r1", m.Recipient));
        Assert.Contains(own.OutboxMessages, m => m.Text == "text");

        await Rpc.NotAllowedAsync(() => _f.Notifications("resident:r1").ListOutboxMessagesAsync(new ListOutboxMessagesRequest
        {
            Recipient = "residents/r2",
        }));
        await Rpc.NotAllowedAsync(() => _f.Notifications("resident:r1").ListOutboxMessagesAsync(new ListOutboxMessagesRequest()));
        await Rpc.UnauthenticatedAsync(() => _f.Notifications(null).ListOutboxMessagesAsync(new ListOutboxMessagesRequest()));
    }

    [Fact]
    public async Task A_message_sent_inside_a_transaction_that_rolls_back_is_not_in_the_outbox()
    {
        await using (var scope = _f.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunityShare.Server.Data.CommunityShareDb>();
            var channel = scope.ServiceProvider.GetRequiredService<INotificationChannel>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await channel.SendAsync(new OutgoingMessage(new MessageRecipient("residents/r1", "13800138000"), "booking.confirmed", "text",
                _f.Clock.GetCurrentInstant()), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await _f.WithDbAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Empty((await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest())).OutboxMessages);
    }
}
