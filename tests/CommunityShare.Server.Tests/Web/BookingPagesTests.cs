using System.Net;
using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;
using NodaTime.Text;
using static CommunityShare.Server.Tests.Web.DemoDistrictFixture;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// Booking on the web door (CreateBooking, as over gRPC), the booking's own page with its QR code
/// and calendar file, and My bookings. Each test books at its own facility.
/// </summary>
public sealed class BookingPagesTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>The first slot the facility page offers on <paramref name="date"/>, as its booking link.</summary>
    private static async Task<(string Link, string Start)> FreeSlotAsync(WebSession web, string facility, LocalDate date)
    {
        var page = await web.GetAsync("/facilities/" + facility);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var slot = page.Document.QuerySelectorAll("li[data-state=Available]")
            .First(li => InstantPattern.General.Parse(li.GetAttribute("data-start")!).Value.InZone(Shanghai).Date == date);
        return (slot.QuerySelector("a")!.GetAttribute("href")!, slot.GetAttribute("data-start")!);
    }

    private static Dictionary<string, string> Form(WebPage form, string partySize = "2", bool accept = true, int slots = 1) => new()
    {
        ["Start"] = form.Value("Start")!,
        ["Input.RequestId"] = form.Value("Input.RequestId")!,
        ["Input.Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.PartySize"] = partySize,
        ["Input.AcceptRules"] = accept ? "true" : "false",
    };

    private async Task<WebSession> SignedInAsync(string userName = "resident01")
    {
        var web = new WebSession(demo.Server);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    private async Task<IReadOnlyList<Booking>> BookingsOfAsync(string resident, string facility) =>
        (await demo.Server.Bookings("resident:" + resident).ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/" + facility,
            Resident = "residents/" + resident,
            PageSize = 100,
        })).Bookings;

    [Fact]
    public async Task A_resident_books_a_free_slot_and_is_told_it_is_confirmed()
    {
        using var web = await SignedInAsync();
        var (link, start) = await FreeSlotAsync(web, "centre-310112102-meeting", new LocalDate(2026, 6, 12));
        var form = await web.GetAsync(link);

        var made = await web.PostAsync(link, Form(form, slots: 2), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        Assert.Matches("^/bookings/centre-310112102-meeting/[a-z0-9]+\\?made=true$", made.Location);
        var shown = await web.GetAsync(made.Location!);
        Assert.Equal("Confirmed", shown.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Contains("预约成功，已确认。", shown.Text, StringComparison.Ordinal);
        var booking = Assert.Single(await BookingsOfAsync("demo-resident-01", "centre-310112102-meeting"), b => b.StartTime.ToInstant() == InstantPattern.General.Parse(start).Value);
        Assert.Equal(Duration.FromHours(2), booking.EndTime.ToInstant() - booking.StartTime.ToInstant());
        Assert.Equal(2, booking.PartySize);
        Assert.Equal(booking.CheckInCode, shown.Document.QuerySelector("[data-check-in-code]")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_facility_that_needs_approval_says_the_booking_is_pending()
    {
        using var web = await SignedInAsync();
        var (link, _) = await FreeSlotAsync(web, "centre-310112103-multi-hall", new LocalDate(2026, 6, 12));
        var form = await web.GetAsync(link);

        var made = await web.PostAsync(link, Form(form), form.AntiforgeryToken);
        var shown = await web.GetAsync(made.Location!);

        Assert.Equal("PendingApproval", shown.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Contains("申请已提交，等待场地审核。", shown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_with_the_form_shows_on_its_field_what_was_typed_stays_and_nothing_is_booked()
    {
        using var web = await SignedInAsync();
        var (link, _) = await FreeSlotAsync(web, "centre-310112106-meeting", new LocalDate(2026, 6, 12));
        var form = await web.GetAsync(link);

        var page = await web.PostAsync(link, Form(form, partySize: "0", accept: false), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("请阅读场地规则并勾选承诺。", page.FieldError("Input.AcceptRules"));
        Assert.Equal("超出允许的范围。", page.FieldError("Input.PartySize"));
        Assert.Equal("0", page.Value("Input.PartySize"));
        Assert.Equal(form.Value("Input.RequestId"), page.Value("Input.RequestId"));
        Assert.DoesNotContain(await BookingsOfAsync("demo-resident-01", "centre-310112106-meeting"), b => b.CreateTime.ToInstant() >= ServerFixture.DefaultNow);
    }

    [Fact]
    public async Task A_form_sent_back_for_its_own_problems_also_says_when_the_slot_cannot_take_the_party()
    {
        using var web = await SignedInAsync();
        var (link, _) = await FreeSlotAsync(web, "centre-310112114-meeting", new LocalDate(2026, 6, 12));
        var form = await web.GetAsync(link);

        // 25 people in a meeting room for 20, and the rules not accepted.
        var page = await web.PostAsync(link, Form(form, partySize: "25", accept: false), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("请阅读场地规则并勾选承诺。", page.FieldError("Input.AcceptRules"));
        Assert.Equal("Full", page.Document.QuerySelector("[data-slot-state]")?.GetAttribute("data-slot-state"));
        Assert.Null(form.Document.QuerySelector("[data-slot-state]"));
    }

    [Fact]
    public async Task A_slot_taken_in_the_meantime_is_refused_with_its_reason_and_the_form_comes_back()
    {
        using var web = await SignedInAsync();
        var (link, start) = await FreeSlotAsync(web, "centre-310112107-meeting", new LocalDate(2026, 6, 12));
        var form = await web.GetAsync(link);
        var instant = InstantPattern.General.Parse(start).Value;
        await demo.Server.Bookings("resident:someone-else").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/centre-310112107-meeting",
            Booking = new Booking { StartTime = instant.ToTimestamp(), EndTime = (instant + Duration.FromHours(1)).ToTimestamp(), PartySize = 1 },
        });

        var page = await web.PostAsync(link, Form(form, partySize: "3"), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Conflict, page.Status);
        Assert.Equal("SLOT_FULL", page.Reason);
        Assert.Contains("这个时段已经约满了。", page.SummaryErrors);
        Assert.Equal("3", page.Value("Input.PartySize"));
    }

    [Fact]
    public async Task Sending_the_same_form_twice_books_once()
    {
        using var web = await SignedInAsync("resident02");
        var (link, _) = await FreeSlotAsync(web, "centre-310112108-meeting", new LocalDate(2026, 6, 13));
        var form = await web.GetAsync(link);

        var first = await web.PostAsync(link, Form(form), form.AntiforgeryToken);
        var again = await web.PostAsync(link, Form(form), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal(first.Location, again.Location);
        Assert.Single(await BookingsOfAsync("demo-resident-02", "centre-310112108-meeting"), b => b.CreateTime.ToInstant() >= ServerFixture.DefaultNow);
    }

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_before_booking()
    {
        using var web = new WebSession(demo.Server);

        var page = await web.GetAsync("/facilities/centre-310112101-meeting/book?start=2026-06-12T02:00:00Z");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/account/sign-in?returnUrl=%2Ffacilities%2Fcentre-310112101-meeting%2Fbook", page.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_file_is_the_booking_in_shanghai_time_stamped_by_the_clock()
    {
        using var web = await SignedInAsync();
        var (link, start) = await FreeSlotAsync(web, "centre-310112110-meeting", new LocalDate(2026, 6, 14));
        var form = await web.GetAsync(link);
        var made = await web.PostAsync(link, Form(form), form.AntiforgeryToken);
        var bookingPath = made.Location!.Split('?')[0];

        using var http = demo.Server.CreateDefaultClient(web.BaseAddress, new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(web.Cookies));
        using var response = await http.GetAsync(bookingPath + "/calendar");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var local = InstantPattern.General.Parse(start).Value.InZone(Shanghai).LocalDateTime;
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Contains("TZID:Asia/Shanghai", text, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;TZID=Asia/Shanghai:{local:yyyyMMdd'T'HHmmss}", text, StringComparison.Ordinal);
        Assert.Contains($"DTEND;TZID=Asia/Shanghai:{local.PlusHours(1):yyyyMMdd'T'HHmmss}", text, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:20260610T010000Z", text, StringComparison.Ordinal); // the FakeClock's now, not the wall clock
        Assert.Contains("SUMMARY:会议室（吴泾社区文化活动中心）", text, StringComparison.Ordinal);
        Assert.Contains("\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_qr_image_and_calendar_are_for_the_resident_and_the_staff_who_oversee_it_only()
    {
        using var owner = await SignedInAsync();
        var (link, _) = await FreeSlotAsync(owner, "centre-310112101-meeting", new LocalDate(2026, 6, 15));
        var form = await owner.GetAsync(link);
        var path = (await owner.PostAsync(link, Form(form), form.AntiforgeryToken)).Location!.Split('?')[0];
        using var other = await SignedInAsync("resident02");
        using var office = await SignedInAsync("xinzhuang.office");
        using var otherOffice = await SignedInAsync("gumei.office");
        using var visitor = new WebSession(demo.Server);

        var qr = await owner.GetAsync(path + "/qr");
        Assert.Equal(HttpStatusCode.OK, qr.Status);
        Assert.Equal("image/svg+xml", qr.MediaType);
        Assert.StartsWith("<svg", qr.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync(path + "/calendar")).Status);
        foreach (var suffix in new[] { "", "/qr", "/calendar" })
        {
            var refused = await other.GetAsync(path + suffix);
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Equal("NOT_ALLOWED", refused.Reason);
            Assert.Equal(HttpStatusCode.Forbidden, (await otherOffice.GetAsync(path + suffix)).Status);
            Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync(path + suffix)).Status);
        }
        var missing = await owner.GetAsync("/bookings/centre-310112101-meeting/no-such-booking/calendar");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("NOT_FOUND", missing.Reason);
    }

    [Fact]
    public async Task My_bookings_shows_upcoming_with_code_and_deadline_then_past_and_cancels()
    {
        using var web = await SignedInAsync("resident02");
        var (link, _) = await FreeSlotAsync(web, "centre-310112112-meeting", new LocalDate(2026, 6, 15));
        var form = await web.GetAsync(link);
        var booking = (await web.PostAsync(link, Form(form), form.AntiforgeryToken)).Location!.Split('?')[0];
        var parts = booking.Split('/');
        var name = $"facilities/{parts[2]}/bookings/{parts[3]}";

        var mine = await web.GetAsync("/bookings");
        var row = mine.Document.QuerySelector($"section[aria-labelledby=upcoming] li[data-booking='{name}']");
        Assert.NotNull(row);
        Assert.NotNull(row.QuerySelector("img.qr[src$='/qr']"));
        Assert.NotNull(row.QuerySelector("a[href$='/calendar']"));
        Assert.Contains("免费取消截止", row.QuerySelector("[data-deadline]")?.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(mine.Document.QuerySelectorAll("section[aria-labelledby=past] li[data-booking]"));

        var cancelled = await web.SubmitAsync("/bookings", new Dictionary<string, string>
        {
            ["facility"] = "centre-310112112-meeting",
            ["booking"] = parts[3],
        }, handler: "Cancel");
        var after = await web.GetAsync(cancelled.Location!);

        Assert.Equal("cancelled", after.Document.QuerySelector("[data-state=cancelled]")?.GetAttribute("data-state"));
        Assert.Null(after.Document.QuerySelector($"section[aria-labelledby=upcoming] li[data-booking='{name}']"));
        Assert.Equal("Cancelled", after.Document.QuerySelector($"section[aria-labelledby=past] li[data-booking='{name}']")?.GetAttribute("data-state"));
    }
}
