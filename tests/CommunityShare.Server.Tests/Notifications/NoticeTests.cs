using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Notifications;
using OutboxMessage = CommunityShare.Contracts.V1.OutboxMessage;
using CommunityShare.Server.Tests.Web;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Notifications;

/// <summary>What the platform says by itself: the day-before reminder with its one-step cancel link, and credit notices when a consequence starts and ends.</summary>
public sealed class NoticeTests : IAsyncLifetime
{
    private static readonly LocalDate Saturday = new(2026, 6, 13);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "room", OpenDaily("活动室", 50));
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        await _f.CreateAccountAsync("li.xiaoming", "notice-password-2026", "r1");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private void At(LocalDate date, int hour, int minute = 0) => _f.Clock.Reset(date.At(new LocalTime(hour, minute)).InZoneStrictly(Shanghai).ToInstant());

    private async Task<int> SweepAsync()
    {
        await using var scope = _f.Services.CreateAsyncScope();
        return await NoticeService.RunOnceAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private async Task<OutboxMessage[]> MessagesAsync(string template) =>
        (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1", PageSize = 100 }))
        .OutboxMessages.Where(m => m.Template == template).ToArray();

    /// <summary>r1 misses two bookings tomorrow (released at 15:00): 30 days of approval from then.</summary>
    private async Task TwoNoShowsAsync()
    {
        var tomorrow = new LocalDate(2026, 6, 11);
        foreach (var hour in new[] { 10, 12 })
        {
            await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(tomorrow, hour) });
        }
        At(tomorrow, 15, 0);
        await using var scope = _f.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None);
    }

    private static string CancelPath(OutboxMessage reminder)
    {
        var start = reminder.Text.IndexOf("http", StringComparison.Ordinal);
        return new Uri(reminder.Text[start..]).PathAndQuery;
    }

    [Fact]
    public async Task A_booking_made_days_ahead_is_reminded_once_the_day_before_with_its_code()
    {
        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Saturday, 10) });
        At(Saturday.PlusDays(-1), 9, 0);
        var early = await SweepAsync();
        At(Saturday.PlusDays(-1), 11, 0);

        var due = await SweepAsync();
        var again = await SweepAsync();

        var reminder = Assert.Single(await MessagesAsync(Reminders.Template));
        Assert.Equal((0, 1, 0), (early, due, again));
        Assert.Contains(booking.CheckInCode, reminder.Text, StringComparison.Ordinal);
        Assert.Contains("6月13日 10:00", reminder.Text, StringComparison.Ordinal);
        Assert.StartsWith("/bookings/room/" + booking.Name.Split('/')[^1] + "/cancel?token=", CancelPath(reminder), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_made_within_a_day_of_its_start_is_not_reminded()
    {
        At(Saturday.PlusDays(-1), 12, 0);
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Saturday, 10) });

        await SweepAsync();

        Assert.Empty(await MessagesAsync(Reminders.Template));
    }

    [Fact]
    public async Task The_reminder_s_link_cancels_in_one_step_without_signing_in_and_opens_nothing_else()
    {
        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Saturday, 10) });
        var other = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Saturday, 14) });
        At(Saturday.PlusDays(-1), 11, 0);
        await SweepAsync();
        var path = CancelPath((await MessagesAsync(Reminders.Template)).Single(m => m.Text.Contains("10:00", StringComparison.Ordinal)));
        using var web = new WebSession(_f);

        var page = await web.GetAsync(path);
        var elsewhere = await web.GetAsync(path.Replace(booking.Name.Split('/')[^1], other.Name.Split('/')[^1], StringComparison.Ordinal));
        var forged = await web.GetAsync(path[..^4] + "AAAA");
        var cancelled = await web.PostAsync(path, new Dictionary<string, string> { ["Token"] = path.Split("token=")[1] }, page.AntiforgeryToken);
        var after = await _f.Bookings("resident:r1").GetBookingAsync(new GetBookingRequest { Name = booking.Name });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);
        Assert.Equal("CANCEL_LINK_INVALID", elsewhere.Reason);
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.Status);
        Assert.Equal((Booking.Types.State.Cancelled, false), (after.State, after.LateCancellation));
        At(Saturday, 10, 5);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.GetAsync(path)).Status); // the link dies with the start
    }

    [Fact]
    public async Task A_consequence_is_told_when_it_starts_and_when_it_ends()
    {
        await TwoNoShowsAsync();

        await SweepAsync();
        await SweepAsync();
        var started = Assert.Single(await MessagesAsync(CommunityShare.Server.Credit.ConsequenceNotices.StartTemplate));
        _f.Clock.Advance(NodaTime.Duration.FromDays(31));
        await SweepAsync();

        Assert.Contains("2026-07-11 15:00", started.Text, StringComparison.Ordinal);
        Assert.Single(await MessagesAsync(CommunityShare.Server.Credit.ConsequenceNotices.EndTemplate));
    }

    [Fact]
    public async Task A_consequence_an_appeal_removed_is_not_told_as_ending()
    {
        await TwoNoShowsAsync();
        await SweepAsync();
        var credit = new CreditService.CreditServiceClient(_f.Channel("resident:r1"));
        var entry = (await credit.GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/r1/creditRecord" })).Events[0];
        var appeal = await credit.CreateAppealAsync(new CreateAppealRequest { Parent = "residents/r1", Appeal = new Appeal { Event = entry.Name, Statement = "生病" } });
        await new CreditService.CreditServiceClient(_f.Channel("staff:li:office=310112101"))
            .DecideAppealAsync(new DecideAppealRequest { Name = appeal.Name, Grant = true, Decision = "属实" });

        _f.Clock.Advance(NodaTime.Duration.FromDays(31));
        await SweepAsync();

        Assert.Single(await MessagesAsync(CommunityShare.Server.Credit.ConsequenceNotices.StartTemplate));
        Assert.Empty(await MessagesAsync(CommunityShare.Server.Credit.ConsequenceNotices.EndTemplate));
    }

    [Fact]
    public async Task The_inbox_shows_a_resident_their_own_messages_newest_first()
    {
        await _f.SendAsync("residents/r1", "13900000001", "test.first", "第一条");
        _f.Clock.Advance(NodaTime.Duration.FromMinutes(1));
        await _f.SendAsync("residents/r1", "13900000001", "test.second", "第二条");
        await _f.SendAsync("residents/r2", "13900000002", "test.other", "别人的");
        using var web = new WebSession(_f);
        await web.SignInAsync("li.xiaoming", "notice-password-2026");

        var inbox = await web.GetAsync("/inbox");
        var own = await _f.Notifications("resident:r1").ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1" });

        Assert.Equal(["test.second", "test.first"], inbox.Document.QuerySelectorAll("[data-template]").Select(e => e.GetAttribute("data-template")));
        Assert.Equal(2, own.OutboxMessages.Count);
        await Rpc.NotAllowedAsync(() => _f.Notifications("resident:r1").ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r2" }));
    }
}
