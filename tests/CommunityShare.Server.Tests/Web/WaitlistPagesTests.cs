using System.Net;
using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;
using NodaTime.Text;
using static CommunityShare.Server.Tests.Web.DemoDistrictFixture;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// The waitlist on the web door (JoinWaitlist, AcceptWaitlistOffer, WithdrawWaitlistEntry, as over
/// gRPC): a full slot on the facility page leads to the form that puts the resident in line; /waitlist
/// shows their place, an offer with its deadline and the buttons to take it or leave. Each test uses
/// its own facility of the demo district; resident02 holds the slot that resident01 queues for.
/// </summary>
public sealed class WaitlistPagesTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly LocalDate Saturday = new(2026, 6, 13);

    private async Task<WebSession> SignedInAsync(string userName = "resident01")
    {
        var web = new WebSession(demo.Server);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    /// <summary>resident02 books the first free slot of <paramref name="facility"/> on Saturday; the booking.</summary>
    private async Task<Booking> FillAsync(WebSession web, string facility)
    {
        var page = await web.GetAsync("/facilities/" + facility);
        var start = page.Document.QuerySelectorAll("li[data-state=Available]")
            .Select(li => InstantPattern.General.Parse(li.GetAttribute("data-start")!).Value)
            .First(s => s.InZone(Shanghai).Date == Saturday);
        return await demo.Server.Bookings("resident:demo-resident-02").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/" + facility,
            Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 1 },
        });
    }

    private static Dictionary<string, string> Form(WebPage form, bool accept = true) => new()
    {
        ["Start"] = form.Value("Start")!,
        ["Input.RequestId"] = form.Value("Input.RequestId")!,
        ["Input.Slots"] = "1",
        ["Input.PartySize"] = "1",
        ["Input.AcceptRules"] = accept ? "true" : "false",
    };

    /// <summary>From the facility page's full slot to the form, and the form sent to join the line.</summary>
    private static async Task<WebPage> JoinAsync(WebSession web, string facility, Booking held, bool accept = true)
    {
        var page = await web.GetAsync("/facilities/" + facility);
        var full = page.Document.QuerySelector($"li[data-start='{InstantPattern.General.Format(held.StartTime.ToInstant())}']")!;
        Assert.Equal("Full", full.GetAttribute("data-state"));
        var link = full.QuerySelector("a.slot.full")!.GetAttribute("href")!;
        var form = await web.GetAsync(link);
        Assert.NotNull(form.Document.QuerySelector("[data-waitlist]"));
        var join = form.Document.QuerySelector("button[data-join-waitlist]")!.GetAttribute("formaction")!;
        return await web.PostAsync(join, Form(form, accept), form.AntiforgeryToken);
    }

    private static async Task<WebPage> PressAsync(WebSession web, WebPage page, string entrySelector, string handler)
    {
        var row = page.Document.QuerySelector(entrySelector)!;
        var form = row.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=" + handler, StringComparison.Ordinal));
        var fields = form.QuerySelectorAll("input[type=hidden]").Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        return await web.PostAsync(form.GetAttribute("action")!, fields, page.AntiforgeryToken);
    }

    [Fact]
    public async Task A_resident_queues_for_a_full_slot_is_offered_the_place_when_it_is_freed_and_takes_it()
    {
        using var web = await SignedInAsync();
        var held = await FillAsync(web, "centre-310112106-meeting");

        var joined = await JoinAsync(web, "centre-310112106-meeting", held);
        var waiting = await web.GetAsync(joined.Location!);
        await demo.Server.Bookings("resident:demo-resident-02").CancelBookingAsync(new CancelBookingRequest { Name = held.Name });
        var offered = await web.GetAsync("/waitlist");
        var myBookings = await web.GetAsync("/bookings");
        var taken = await PressAsync(web, offered, "li[data-state=Offered]", "Accept");
        var booking = await web.GetAsync(taken.Location!);

        Assert.Equal("/waitlist?joined=true", joined.Location);
        Assert.NotNull(waiting.Document.QuerySelector("[data-joined]"));
        Assert.Equal("1", waiting.Document.QuerySelector("li[data-state=Waiting] [data-position]")?.GetAttribute("data-position"));
        var offer = offered.Document.QuerySelector("li[data-state=Offered] [data-offer]")!.TextContent;
        Assert.Contains("09:30", offer, StringComparison.Ordinal); // now (09:00) + 30 minutes
        Assert.NotNull(myBookings.Document.QuerySelector("li[data-state=Offered] [data-offer] a[href='/waitlist']"));
        Assert.Matches("^/bookings/centre-310112106-meeting/[a-z0-9]+\\?made=true$", taken.Location);
        Assert.Equal("Confirmed", booking.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Contains("预约成功，已确认。", booking.Text, StringComparison.Ordinal);
        var after = await web.GetAsync("/waitlist");
        Assert.NotNull(after.Document.QuerySelector("li[data-state=Accepted] a[href^='/bookings/']"));
    }

    [Fact]
    public async Task The_join_form_tells_every_problem_on_its_field_and_a_slot_with_room_is_booked_instead()
    {
        using var web = await SignedInAsync();
        var held = await FillAsync(web, "centre-310112107-meeting");

        var refused = await JoinAsync(web, "centre-310112107-meeting", held, accept: false);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.FieldError("Input.AcceptRules"));
        Assert.NotNull(refused.Document.QuerySelector("button[data-join-waitlist]"));
        // A free slot has no line: the same form books it.
        var free = await web.GetAsync("/facilities/centre-310112107-meeting");
        Assert.Null(free.Document.QuerySelector("li[data-state=Available] a.slot.full"));
    }

    [Fact]
    public async Task A_resident_leaves_the_line_and_an_offer_past_its_deadline_is_refused_with_its_reason()
    {
        using var web = await SignedInAsync();
        using var other = await SignedInAsync("resident02");
        var held = await FillAsync(web, "centre-310112108-meeting");
        await JoinAsync(web, "centre-310112108-meeting", held);
        var later = await FillAsync(web, "centre-310112108-meeting");
        await JoinAsync(web, "centre-310112108-meeting", later);
        await demo.Server.Bookings("resident:demo-resident-02").CancelBookingAsync(new CancelBookingRequest { Name = held.Name });
        var page = await web.GetAsync("/waitlist");

        var left = await PressAsync(web, page, "li[data-state=Waiting]", "Withdraw");
        demo.Server.Clock.Advance(Duration.FromMinutes(31));
        try
        {
            var stale = await PressAsync(web, page, "li[data-state=Offered]", "Accept");
            var shown = await web.GetAsync("/waitlist");

            Assert.Equal("/waitlist?withdrawn=true", left.Location);
            Assert.Equal(HttpStatusCode.Conflict, stale.Status);
            Assert.Equal("OFFER_EXPIRED", stale.Reason);
            Assert.Contains("确认时间已过", stale.Text, StringComparison.Ordinal);
            Assert.Empty(shown.Document.QuerySelectorAll("section[aria-labelledby=active] li[data-entry^='facilities/centre-310112108-meeting/']"));
            Assert.Equal(["Expired", "Withdrawn"], shown.Document.QuerySelectorAll("ul.ended li[data-entry^='facilities/centre-310112108-meeting/']")
                .Select(li => li.GetAttribute("data-state")).Order());
        }
        finally
        {
            demo.Server.Clock.Reset(ServerFixture.DefaultNow);
        }
    }

    [Fact]
    public async Task My_waitlist_speaks_english_on_the_switch_and_staff_are_told_it_is_for_residents()
    {
        using var web = await SignedInAsync();
        using var staff = await SignedInAsync("xinzhuang.office");
        await web.GetAsync("/language?culture=en&returnUrl=/");

        var english = await web.GetAsync("/waitlist");
        var forStaff = await staff.GetAsync("/waitlist");

        Assert.Equal("My waitlist", english.Document.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, forStaff.Status);
        Assert.NotNull(forStaff.Document.QuerySelector("[data-staff]"));
    }
}
