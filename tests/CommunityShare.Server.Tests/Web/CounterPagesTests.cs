using System.Net;
using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;
using NodaTime.Text;
using static CommunityShare.Server.Tests.Web.DemoDistrictFixture;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// Counter service (/manage/counter): finding a resident, their card (masked, consents, guardian,
/// upcoming bookings), booking for them with their consent, cancelling and checking in for them,
/// recording a family member's consent; every problem on its field; who may do it. Demo residents
/// 01–04 live in Xinzhuang: 李伟 (-01), 张婷 (-02, guardian of the minor -04), 刘国平 (-03, who has
/// given -01 standing consent).
/// </summary>
public sealed class CounterPagesTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    private const string Gym = "centre-310112101-gym";
    private const string Meeting = "centre-310112101-meeting";
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private async Task<WebSession> SignedInAsync(string userName = "xinzhuang.office")
    {
        var web = new WebSession(demo.Server);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    private static string Card(string resident) => $"/manage/counter/residents/{resident}";

    /// <summary>The booking form of the first free slot of <paramref name="facility"/> on <paramref name="date"/>, as the clerk reaches it.</summary>
    private static async Task<(string Link, WebPage Form)> FormAsync(WebSession web, string resident, string facility, LocalDate date, int skip = 0)
    {
        var day = await web.GetAsync($"{Card(resident)}/book?facility={facility}&date={LocalDatePattern.Iso.Format(date)}");
        Assert.Equal(HttpStatusCode.OK, day.Status);
        var link = day.Document.QuerySelectorAll("li[data-state=Available] a.slot").Skip(skip).First().GetAttribute("href")!;
        var form = await web.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        return (link, form);
    }

    private static Dictionary<string, string> Fields(WebPage form, string? consent = "InPerson", string note = "本人到场", string party = "1", int slots = 1)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.RequestId"] = form.Value("Input.RequestId")!,
            ["Input.Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.PartySize"] = party,
            ["Input.Note"] = note,
        };
        if (consent is not null)
        {
            fields["Input.Consent"] = consent;
        }
        return fields;
    }

    private async Task<Booking> ResidentBooksAsync(string resident, string facility, LocalDate date, int hour) =>
        await demo.Server.Bookings("resident:" + resident).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/" + facility,
            Booking = new Booking
            {
                StartTime = date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant().ToTimestamp(),
                EndTime = date.At(new LocalTime(hour + 1, 0)).InZoneStrictly(Shanghai).ToInstant().ToTimestamp(),
                PartySize = 1,
            },
        });

    private static Task<WebPage> SearchAsync(WebSession web, string query) =>
        web.SubmitAsync("/manage/counter", new Dictionary<string, string> { ["Q"] = query });

    [Fact]
    public async Task A_clerk_finds_a_resident_by_mobile_identity_number_or_name_and_sees_them_masked()
    {
        using var web = await SignedInAsync();
        var elsewhere = await new ResidentService.ResidentServiceClient(demo.Server.Channel()).GetResidentAsync(
            new GetResidentRequest { Name = "residents/demo-resident-05" });

        var empty = await web.GetAsync("/manage/counter");
        var byMobile = await SearchAsync(web, "13900000001");
        var byName = await SearchAsync(web, "李伟");
        var fromElsewhere = await SearchAsync(web, "13900000005");

        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Null(empty.Document.QuerySelector("[data-resident]"));
        var found = Assert.Single(byMobile.Document.QuerySelectorAll("li[data-resident]"));
        Assert.Equal("demo-resident-01", found.GetAttribute("data-resident"));
        Assert.Equal(Card("demo-resident-01"), found.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("李*", found.TextContent, StringComparison.Ordinal);
        Assert.Contains("139****0001", found.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("13900000001", byMobile.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("13900000001", byMobile.Value("Q"));
        Assert.Equal(["demo-resident-01"], byName.Document.QuerySelectorAll("li[data-resident]").Select(li => li.GetAttribute("data-resident")));
        // Found by the number they show, but served by their own office.
        Assert.False(elsewhere.HomePlace.StartsWith("places/310112101", StringComparison.Ordinal));
        var other = Assert.Single(fromElsewhere.Document.QuerySelectorAll("li[data-resident]"));
        Assert.Null(other.QuerySelector("a"));
        Assert.NotNull(other.QuerySelector("[data-not-yours]"));
    }

    [Fact]
    public async Task The_numbers_a_clerk_searches_by_stay_out_of_addresses_and_logs()
    {
        using var web = await SignedInAsync();
        const string mobile = "13987659876";
        var identityNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter("31011219480203987");
        var form = await web.GetAsync("/manage/counter");

        var byMobile = await web.PostAsync("/manage/counter", new Dictionary<string, string> { ["Q"] = mobile }, form.AntiforgeryToken);
        var byNumber = await web.PostAsync("/manage/counter", new Dictionary<string, string> { ["Q"] = identityNumber }, form.AntiforgeryToken);

        Assert.Equal("post", form.Document.QuerySelector("form.counter-find")?.GetAttribute("method"));
        Assert.Equal("none", byMobile.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Equal("none", byNumber.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.DoesNotContain(CapturedLogs.Instance.Lines, line => line.Contains(mobile, StringComparison.Ordinal) || line.Contains(identityNumber, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_or_overlong_search_is_told_on_its_field()
    {
        using var web = await SignedInAsync();

        var empty = await SearchAsync(web, "");
        var overlong = await SearchAsync(web, new string('王', 51));

        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal("此项必填。", empty.FieldError("Q"));
        Assert.Equal(HttpStatusCode.BadRequest, overlong.Status);
        Assert.Equal("内容太长了。", overlong.FieldError("Q"));
        Assert.Equal(new string('王', 51), overlong.Value("Q"));
    }

    [Fact]
    public async Task The_card_says_who_acts_for_the_resident_and_for_whom_they_act_without_showing_personal_data()
    {
        using var web = await SignedInAsync();

        var elder = await web.GetAsync(Card("demo-resident-03"));
        var child = await web.GetAsync(Card("demo-resident-04"));
        var son = await web.GetAsync(Card("demo-resident-01"));

        Assert.Equal(HttpStatusCode.OK, elder.Status);
        Assert.Equal("masked", elder.Document.QuerySelector("[data-view]")?.GetAttribute("data-view"));
        Assert.Contains("刘**", elder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("刘国平", elder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("13900000003", elder.Text, StringComparison.Ordinal);
        Assert.Equal("1", elder.Document.QuerySelector("[data-consents]")?.GetAttribute("data-consents"));
        Assert.Contains("子女", elder.Document.QuerySelector("li[data-proxy=demo-resident-01]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("demo-resident-02", child.Document.QuerySelector("[data-guardian]")?.GetAttribute("data-guardian"));
        Assert.Contains("未成年人", child.Text, StringComparison.Ordinal);
        Assert.NotNull(son.Document.QuerySelector("li[data-acts-for=demo-resident-03]"));
        Assert.Equal($"{Card("demo-resident-03")}/book", elder.Document.QuerySelector("a.primary[href$='/book']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task A_clerk_books_for_a_resident_with_their_consent_and_the_booking_says_who_made_it()
    {
        using var web = await SignedInAsync();
        var chooser = await web.GetAsync($"{Card("demo-resident-03")}/book?Kind=Gym");
        var (link, form) = await FormAsync(web, "demo-resident-03", Gym, new LocalDate(2026, 6, 12));

        var made = await web.PostAsync(link, Fields(form, "ByPhone", "女儿来电转达，本人电话确认", party: "2"), form.AntiforgeryToken);

        Assert.Contains(chooser.Document.QuerySelectorAll("li[data-facility]"), li => li.GetAttribute("data-facility") == Gym);
        Assert.All(chooser.Document.QuerySelectorAll("li[data-facility]"), li => Assert.Contains("-310112101-", li.GetAttribute("data-facility"), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        Assert.Matches($"^{Card("demo-resident-03")}/bookings/{Gym}/[a-z0-9]+\\?made=true$", made.Location);
        var shown = await web.GetAsync(made.Location!);
        Assert.Equal("Confirmed", shown.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Contains("已为居民预约成功", shown.Text, StringComparison.Ordinal);
        var createdBy = shown.Document.QuerySelector("[data-created-by]");
        Assert.StartsWith("staff/", createdBy?.GetAttribute("data-created-by"), StringComparison.Ordinal);
        Assert.Contains("莘庄镇受理中心", createdBy!.TextContent, StringComparison.Ordinal);
        Assert.Equal("ByPhone", shown.Document.QuerySelector("[data-consent]")?.GetAttribute("data-consent"));
        Assert.Contains("女儿来电转达，本人电话确认", shown.Document.QuerySelector("[data-consent]")!.TextContent, StringComparison.Ordinal);
        // The booking is the resident's, over the API too, with who made it and how she consented.
        var id = made.Location!.Split('?')[0].Split('/')[^1];
        var booking = await demo.Server.Bookings("resident:demo-resident-03").GetBookingAsync(new GetBookingRequest { Name = $"facilities/{Gym}/bookings/{id}" });
        Assert.Equal("residents/demo-resident-03", booking.Resident);
        Assert.Equal(createdBy.GetAttribute("data-created-by"), booking.CreatedBy);
        Assert.Equal(ProxyConsent.Types.Method.ByPhone, booking.ProxyConsent.Method);
        Assert.Equal(2, booking.PartySize);
        Assert.Equal(booking.CheckInCode, shown.Document.QuerySelector("[data-check-in-code]")?.TextContent.Trim());
        // And it is on her card, said to be made at the counter.
        var card = await web.GetAsync(Card("demo-resident-03"));
        Assert.Contains("莘庄镇受理中心", card.Document.QuerySelector($"li[data-booking='{id}'] [data-created-by]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_with_the_booking_form_is_shown_at_once_on_its_field_with_what_was_typed_kept()
    {
        using var web = await SignedInAsync();
        var (link, form) = await FormAsync(web, "demo-resident-02", Meeting, new LocalDate(2026, 6, 12));
        var note = new string('说', 201);

        var noConsent = await web.PostAsync(link, Fields(form, consent: null, note: "口头", party: "0"), form.AntiforgeryToken);
        var longNote = await web.PostAsync(link, Fields(form, consent: "Written", note: note, slots: 0), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.BadRequest, noConsent.Status);
        Assert.Equal("请选择居民是如何同意这次预约的。", noConsent.FieldError("Input.Consent"));
        Assert.NotNull(noConsent.FieldError("Input.PartySize"));
        Assert.Equal("0", noConsent.Value("Input.PartySize"));
        Assert.Equal("口头", noConsent.Document.QuerySelector("textarea[name='Input.Note']")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.BadRequest, longNote.Status);
        Assert.Equal("内容太长了。", longNote.FieldError("Input.Note"));
        Assert.NotNull(longNote.FieldError("Input.Slots"));
        Assert.NotNull(longNote.Document.QuerySelector("input[name='Input.Consent'][value=Written][checked]"));
        var bookings = await demo.Server.Bookings("resident:demo-resident-02").ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/" + Meeting,
            Resident = "residents/demo-resident-02",
        });
        Assert.Empty(bookings.Bookings);
    }

    [Fact]
    public async Task A_form_sent_twice_books_once_and_a_taken_slot_is_told_with_its_reason()
    {
        using var web = await SignedInAsync();
        var (link, form) = await FormAsync(web, "demo-resident-01", Meeting, new LocalDate(2026, 6, 13));
        var (_, second) = await FormAsync(web, "demo-resident-02", Meeting, new LocalDate(2026, 6, 13));

        var first = await web.PostAsync(link, Fields(form), form.AntiforgeryToken);
        var again = await web.PostAsync(link, Fields(form), form.AntiforgeryToken);
        var taken = await web.PostAsync(link.Replace("demo-resident-01", "demo-resident-02", StringComparison.Ordinal),
            Fields(second), second.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Redirect, first.Status);
        Assert.Equal(first.Location, again.Location);
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("SLOT_FULL", taken.Reason);
        Assert.Contains("这个时段已经约满了。", taken.SummaryErrors);
    }

    [Fact]
    public async Task A_clerk_cancels_and_checks_in_for_a_resident_and_a_wrong_code_is_told_on_its_field()
    {
        using var web = await SignedInAsync();
        var today = new LocalDate(2026, 6, 10);
        var toCancel = await ResidentBooksAsync("demo-resident-02", Gym, new LocalDate(2026, 6, 14), 15);
        var toCheckIn = await ResidentBooksAsync("demo-resident-02", Gym, today, 10);
        var cancelId = toCancel.Name.Split('/')[^1];
        var checkInId = toCheckIn.Name.Split('/')[^1];

        var card = await web.GetAsync(Card("demo-resident-02"));
        var cancelled = await web.PostAsync(Card("demo-resident-02") + "?handler=Cancel",
            new Dictionary<string, string> { ["Facility"] = Gym, ["Booking"] = cancelId, ["Reason"] = "居民来电取消" }, card.AntiforgeryToken);
        // Check-in opens 30 minutes before the start.
        Assert.Null(card.Document.QuerySelector($"li[data-booking='{checkInId}'] input[name=Code]"));
        demo.Server.Clock.Reset(today.At(new LocalTime(9, 45)).InZoneStrictly(Shanghai).ToInstant());
        try
        {
            var open = await web.GetAsync(Card("demo-resident-02"));
            var wrong = await web.PostAsync(Card("demo-resident-02") + "?handler=CheckIn",
                new Dictionary<string, string> { ["Facility"] = Gym, ["Booking"] = checkInId, ["Code"] = "WRONG1" }, open.AntiforgeryToken);
            var right = await web.PostAsync(Card("demo-resident-02") + "?handler=CheckIn",
                new Dictionary<string, string> { ["Facility"] = Gym, ["Booking"] = checkInId, ["Code"] = toCheckIn.CheckInCode.ToLowerInvariant() },
                open.AntiforgeryToken);

            Assert.NotNull(open.Document.QuerySelector($"li[data-booking='{checkInId}'] input[name=Code]"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
            Assert.Equal("签到码不对，请核对居民出示的签到码。", wrong.FieldError("Code"));
            Assert.Equal("WRONG1", wrong.Document.QuerySelector($"li[data-booking='{checkInId}'] input[name=Code]")?.GetAttribute("value"));
            Assert.Equal(HttpStatusCode.Redirect, right.Status);
            Assert.Equal(Card("demo-resident-02") + "?done=checked-in", right.Location);
        }
        finally
        {
            demo.Server.Clock.Reset(ServerFixture.DefaultNow);
        }

        Assert.Equal(HttpStatusCode.Redirect, cancelled.Status);
        Assert.Equal(Card("demo-resident-02") + "?done=cancelled", cancelled.Location);
        var bookings = demo.Server.Bookings("resident:demo-resident-02");
        var afterCancel = await bookings.GetBookingAsync(new GetBookingRequest { Name = toCancel.Name });
        var afterCheckIn = await bookings.GetBookingAsync(new GetBookingRequest { Name = toCheckIn.Name });
        Assert.Equal(Booking.Types.State.Cancelled, afterCancel.State);
        Assert.Equal("居民来电取消", afterCancel.CancelReason);
        Assert.Equal(Booking.Types.State.CheckedIn, afterCheckIn.State);
        var done = await web.GetAsync(Card("demo-resident-02") + "?done=cancelled");
        Assert.Equal("cancelled", done.Document.QuerySelector("[data-done]")?.GetAttribute("data-done"));
        Assert.Null(done.Document.QuerySelector($"li[data-booking='{cancelId}']"));
    }

    [Fact]
    public async Task The_office_records_a_family_member_s_consent_and_every_problem_is_told_at_once()
    {
        using var web = await SignedInAsync();
        var card = await web.GetAsync(Card("demo-resident-02"));
        var requestId = card.Value("Grant.RequestId")!;
        Dictionary<string, string> Grant(string proxy, string relationship, string note) => new()
        {
            ["Grant.Proxy"] = proxy,
            ["Grant.Relationship"] = relationship,
            ["Grant.Note"] = note,
            ["Grant.RequestId"] = Guid.NewGuid().ToString(),
        };
        var consent = Card("demo-resident-02") + "?handler=Consent";

        var empty = await web.PostAsync(consent, Grant("", "", ""), card.AntiforgeryToken);
        var unknown = await web.PostAsync(consent, Grant("13999999999", "邻居", "本人到场签字"), card.AntiforgeryToken);
        var self = await web.PostAsync(consent, Grant("13900000002", "本人", "本人到场签字"), card.AntiforgeryToken);
        var minor = await web.PostAsync(consent, Grant("13900000004", "子女", "本人到场签字"), card.AntiforgeryToken);
        var recorded = await web.PostAsync(consent, Grant("13900000001", "邻居", "本人到场签字"), card.AntiforgeryToken);

        Assert.NotNull(requestId);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal("此项必填。", empty.FieldError("Grant.Proxy"));
        Assert.Equal("此项必填。", empty.FieldError("Grant.Relationship"));
        Assert.Equal("此项必填。", empty.FieldError("Grant.Note"));
        Assert.Equal("找不到。", unknown.FieldError("Grant.Proxy"));
        Assert.Equal("13999999999", unknown.Value("Grant.Proxy"));
        Assert.Equal("邻居", unknown.Value("Grant.Relationship"));
        Assert.Equal(HttpStatusCode.Conflict, self.Status);
        Assert.Equal("居民本人无需授权给自己。", self.FieldError("Grant.Proxy"));
        Assert.Equal("代办人须年满18周岁。", minor.FieldError("Grant.Proxy"));
        Assert.Equal(HttpStatusCode.Redirect, recorded.Status);
        var after = await web.GetAsync(recorded.Location!);
        Assert.Equal("consent", after.Document.QuerySelector("[data-done]")?.GetAttribute("data-done"));
        Assert.Contains("本人到场签字", after.Document.QuerySelector("li[data-proxy=demo-resident-01]")?.TextContent, StringComparison.Ordinal);
        var grants = await new ResidentService.ResidentServiceClient(demo.Server.Channel()).ListProxyGrantsAsync(
            new ListProxyGrantsRequest { Parent = "residents/demo-resident-02" });
        var grant = Assert.Single(grants.ProxyGrants);
        Assert.StartsWith("staff/", grant.GrantedBy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gumei.office", "/manage/counter/residents/demo-resident-01", "NOT_IN_SCOPE")]
    [InlineData("gumei.office", "/manage/counter/residents/demo-resident-01/book", "NOT_IN_SCOPE")]
    [InlineData("district.supervisor", "/manage/counter", "NOT_IN_SCOPE")]
    [InlineData("xinzhuang.school", "/manage/counter", "NOT_IN_SCOPE")]
    [InlineData("resident01", "/manage/counter", "NOT_ALLOWED")]
    [InlineData("resident01", "/manage/counter/residents/demo-resident-01", "NOT_ALLOWED")]
    [InlineData("xinzhuang.office", "/manage/counter/residents/demo-resident-01/book?facility=centre-310112006-gym", "NOT_IN_SCOPE")]
    public async Task Only_town_and_district_staff_serve_at_the_counter_and_only_where_they_are_responsible(string userName, string path, string reason)
    {
        using var web = await SignedInAsync(userName);

        var page = await web.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(reason, page.Reason);
    }

    [Fact]
    public async Task District_staff_serve_any_resident_and_visitors_are_sent_to_sign_in()
    {
        using var district = await SignedInAsync("district.admin");
        using var anonymous = new WebSession(demo.Server);

        var card = await district.GetAsync(Card("demo-resident-05"));
        var visitor = await anonymous.GetAsync("/manage/counter");
        var missing = await district.GetAsync(Card("no-such-resident"));

        Assert.Equal(HttpStatusCode.OK, card.Status);
        Assert.Equal(HttpStatusCode.Redirect, visitor.Status);
        Assert.StartsWith("/account/sign-in", visitor.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task The_counter_speaks_english_when_asked()
    {
        using var web = await SignedInAsync();
        await web.GetAsync("/language?culture=en&returnUrl=/");

        var search = await web.GetAsync("/manage/counter");
        var card = await web.GetAsync(Card("demo-resident-03"));

        Assert.Equal("en", search.Lang);
        Assert.Contains("Counter service", search.Text, StringComparison.Ordinal);
        Assert.Contains("may book, cancel and check in for them", card.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_office_records_a_household_and_a_bad_number_is_told_on_its_field()
    {
        var registered = await new ResidentService.ResidentServiceClient(demo.Server.Channel(null)).RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident
            {
                DisplayName = "钱桂兰",
                Mobile = "13811112222",
                IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter("31011219600101777"),
                HomePlace = "places/310112101001",
            },
            UserName = "qian.guilan",
            Password = "a-long-passphrase",
        });
        var id = registered.Name.Split('/')[1];
        using var web = await SignedInAsync();
        var card = await web.GetAsync("/manage/counter/residents/" + id);

        var bad = await web.PostAsync($"/manage/counter/residents/{id}?handler=Household",
            new Dictionary<string, string> { ["Household"] = "户 12" }, card.AntiforgeryToken);
        var saved = await web.PostAsync($"/manage/counter/residents/{id}?handler=Household",
            new Dictionary<string, string> { ["Household"] = "310112101001-H12" }, card.AntiforgeryToken);
        var after = await web.GetAsync("/manage/counter/residents/" + id);

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Household"));
        Assert.Equal("户 12", bad.Value("Household"));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("310112101001-h12", after.Document.QuerySelector("[data-household]")?.GetAttribute("data-household"));
    }
}
