using System.Net;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Tests.Web;

/// <summary>Sending the booking form counts against the caller's booking limit, like CreateBooking over gRPC.</summary>
public sealed class BookingFormLimitTests : IAsyncLifetime
{
    private const string Password = "limit-password-2026";
    private readonly ServerFixture _f = new(settings: new Dictionary<string, string?> { ["RateLimits:Bookings:PermitLimit"] = "2" });

    public async Task InitializeAsync()
    {
        await Demo.TwoTownsAsync(_f);
        await _f.CreateAccountAsync("wang.resident", Password, residentId: "r-wang");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Over_the_limit_the_form_answers_429_and_books_nothing_but_still_shows()
    {
        using var web = new WebSession(_f);
        await web.SignInAsync("wang.resident", Password);
        var answers = new List<WebPage>();
        foreach (var hour in new[] { 10, 12, 14 })
        {
            var start = new LocalDate(2026, 6, 11).At(new LocalTime(hour, 0)).InZoneStrictly(Demo.Shanghai).ToInstant();
            var link = "/facilities/court-x/book?start=" + InstantPattern.General.Format(start);
            var form = await web.GetAsync(link);
            answers.Add(await web.PostAsync(link, new Dictionary<string, string>
            {
                ["Start"] = form.Value("Start")!,
                ["Input.RequestId"] = form.Value("Input.RequestId")!,
                ["Input.Slots"] = "1",
                ["Input.PartySize"] = "1",
                ["Input.AcceptRules"] = "true",
            }, form.AntiforgeryToken));
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], answers.Select(a => a.Status));
        Assert.Equal("RATE_LIMITED", answers[2].Reason);
        Assert.NotNull(answers[2].Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/facilities/court-x/book?start=2026-06-11T08:00:00Z")).Status);
        var held = await _f.Bookings("resident:r-wang").ListBookingsAsync(new CommunityShare.Contracts.V1.ListBookingsRequest { Parent = "facilities/-", PageSize = 10 });
        Assert.Equal(2, held.Bookings.Count);
    }
}
