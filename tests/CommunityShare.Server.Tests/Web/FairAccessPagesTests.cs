using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Lotteries;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// Lotteries and weekly series on the web door, as over gRPC. It is Wednesday 2026-06-10 09:00: the
/// hall (2 places) is run by lottery, with applications open 3 days before each date's release; the
/// court is first come, first served. li is resident r1; clerk works for school-1, which owns both.
/// </summary>
public sealed class FairAccessPagesTests : IAsyncLifetime
{
    private const string Password = "Fair-pass-2026";
    private static readonly LocalDate Saturday = new(2026, 6, 20);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        var rules = DefaultRules();
        rules.Lottery = new LotteryRules { Enabled = true, ApplicationDays = 3, HostAreaWeight = 1.5, HouseholdCap = 1 };
        await FacilityAsync(_f, "hall", OpenDaily("社区活动室", 2, rules));
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 1));
        await _f.AddResidentAsync("r1", "310112101001", "李明");
        await _f.AddResidentAsync("r2", "310112101001");
        await _f.CreateAccountAsync("li", Password, "r1");
        Assert.True(RoleAssignment.TryParse("institution=school-1", out var role));
        await _f.CreateAccountAsync("clerk", Password, null, role!);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<WebSession> SignedInAsync(string userName)
    {
        var web = new WebSession(_f);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    private static Instant At(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public async Task A_resident_applies_from_the_facility_page_under_the_commitment_and_sees_the_result_with_the_seed_after_the_draw()
    {
        using var web = await SignedInAsync("li");
        var page = await web.GetAsync("/facilities/hall");
        var start = NodaTime.Text.InstantPattern.General.Format(At(Saturday, 10));
        var link = page.Document.QuerySelector($"[data-lottery] li[data-lottery-start='{start}'] a")!.GetAttribute("href")!;
        Assert.Equal($"/facilities/hall/apply?start={start}", link);
        // Dates already released are booked as usual, not by lottery.
        Assert.Null(page.Document.QuerySelector($"[data-lottery] li[data-lottery-start='{NodaTime.Text.InstantPattern.General.Format(At(new LocalDate(2026, 6, 12), 10))}']"));

        var form = await web.GetAsync(link);
        Assert.Equal(NodaTime.Text.InstantPattern.General.Format(At(new LocalDate(2026, 6, 13), 8)), form.Document.QuerySelector("[data-close]")!.GetAttribute("data-close"));
        Assert.NotNull(form.Document.QuerySelector("[data-weight=host]"));
        var fields = new Dictionary<string, string>
        {
            ["Start"] = form.Value("Start")!,
            ["Input.RequestId"] = form.Value("Input.RequestId")!,
            ["Input.PartySize"] = "2",
        };
        // Without the commitment: the form comes back, keeping what was typed.
        var refused = await web.PostAsync(link, fields, form.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.FieldError("Input.AcceptRules"));
        Assert.Equal("2", refused.Value("Input.PartySize"));

        fields["Input.AcceptRules"] = "true";
        var applied = await web.PostAsync(link, fields, form.AntiforgeryToken);
        Assert.Equal("/lotteries?applied=true", applied.Location);
        // Sent twice: one application.
        await web.PostAsync(link, fields, form.AntiforgeryToken);
        var mine = await web.GetAsync("/lotteries");
        var pending = Assert.Single(mine.Document.QuerySelectorAll("li[data-state=Pending]"));
        Assert.Equal("1.5", pending.QuerySelector("[data-weight]")!.GetAttribute("data-weight"));

        // The draw runs at the close; the result is on the page with the draw's seed, and in the inbox.
        _f.Clock.Reset(At(new LocalDate(2026, 6, 13), 8));
        await using (var scope = _f.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ReleaseSweep>().RunAsync(CancellationToken.None));
        }
        // Three days on: signed in again.
        using var later = await SignedInAsync("li");
        var result = await later.GetAsync("/lotteries");
        var won = Assert.Single(result.Document.QuerySelectorAll("li[data-state=Won]"));
        Assert.Equal("1", won.QuerySelector("[data-rank]")!.GetAttribute("data-rank"));
        var draw = await new LotteryService.LotteryServiceClient(_f.Channel(null)).GetLotteryDrawAsync(new GetLotteryDrawRequest { Name = "facilities/hall/lotteryDraws/20260620t0200z" });
        Assert.Equal(draw.Seed, won.QuerySelector("[data-seed]")!.TextContent);
        var booking = won.QuerySelector("a[href^='/bookings/hall/']")!.GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync(booking)).Status);
        var inbox = await later.GetAsync("/inbox");
        Assert.NotNull(inbox.Document.QuerySelector("li[data-template='lottery.won']"));
    }

    [Fact]
    public async Task Staff_make_a_weekly_series_for_a_group_see_what_was_rejected_and_why_and_cancel_one_meeting_or_the_rest()
    {
        // r2 holds Friday's 10:00 on the court.
        await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(new LocalDate(2026, 6, 12), 10) });
        using var web = await SignedInAsync("clerk");
        var form = await web.GetAsync("/manage/facilities/court/series");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Resident", "r1"),
            new("Input.DisplayName", "太极拳班"),
            new("Input.Days", "Wednesday"),
            new("Input.Days", "Friday"),
            new("Input.StartTime", "10:00"),
            new("Input.Slots", "1"),
            new("Input.FirstDate", "2026-06-10"),
            new("Input.LastDate", "2026-06-26"),
            new("Input.PartySize", "8"),
            new("Input.RequestId", form.Value("Input.RequestId")!),
            new("__RequestVerificationToken", form.AntiforgeryToken!),
        };
        // Without saying how r1 agreed: refused on that field, what was typed kept.
        var refused = await PostAsync(web, "/manage/facilities/court/series", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.FieldError("Input.Consent"));
        Assert.Equal("太极拳班", refused.Value("Input.DisplayName"));

        fields.Add(new("Input.Consent", "InPerson"));
        var made = await PostAsync(web, "/manage/facilities/court/series", fields);
        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        var page = await web.GetAsync(made.Location!);
        var rows = page.Document.QuerySelectorAll("article[data-series] tr[data-date]").ToDictionary(r => r.GetAttribute("data-date")!, r => r);
        Assert.Equal(["2026-06-10", "2026-06-12", "2026-06-17", "2026-06-19", "2026-06-24", "2026-06-26"], rows.Keys);
        Assert.Equal("Booked", rows["2026-06-10"].GetAttribute("data-state"));
        Assert.Equal("Rejected", rows["2026-06-12"].GetAttribute("data-state"));
        Assert.Equal("SLOT_FULL", rows["2026-06-12"].QuerySelector("[data-reason]")!.GetAttribute("data-reason"));
        Assert.Equal("Booked", rows["2026-06-17"].GetAttribute("data-state"));
        Assert.Equal("Scheduled", rows["2026-06-19"].GetAttribute("data-state"));

        // Cancel one meeting, then the rest from the 24th.
        var once = await PressAsync(web, page, rows["2026-06-17"], rest: false);
        Assert.Equal(HttpStatusCode.Redirect, once.Status);
        page = await web.GetAsync(once.Location!);
        var rest = await PressAsync(web, page, page.Document.QuerySelector("tr[data-date='2026-06-24']")!, rest: true);
        page = await web.GetAsync(rest.Location!);
        Assert.Equal(["Booked", "Rejected", "Cancelled", "Scheduled", "Cancelled", "Cancelled"],
            page.Document.QuerySelectorAll("article[data-series] tr[data-date]").Select(r => r.GetAttribute("data-state")));
    }

    [Fact]
    public async Task The_facility_form_shows_the_lottery_rules_and_saving_keeps_them()
    {
        using var web = await SignedInAsync("clerk");
        var form = await web.GetAsync("/manage/facilities/hall/edit");
        Assert.Equal("1.5", form.Value("Input.HostAreaWeight"));
        Assert.Equal("3", form.Value("Input.LotteryDays"));

        var fields = form.Document.QuerySelectorAll("main form input, main form select, main form textarea")
            .Where(e => e.GetAttribute("name") is { } n && n.Length > 0 && (e.GetAttribute("type") is not ("checkbox" or "radio") || e.HasAttribute("checked")))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!,
                e.LocalName == "select" ? e.QuerySelector("option[selected]")?.GetAttribute("value") ?? e.QuerySelector("option")?.GetAttribute("value") ?? ""
                : e.LocalName == "textarea" ? e.TextContent : e.GetAttribute("value") ?? ""))
            .Where(kv => kv.Key != "Input.HouseholdCap")
            .Append(new("Input.HouseholdCap", "2"))
            .ToList();
        var saved = await PostAsync(web, "/manage/facilities/hall/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var rules = (await _f.Facilities().GetFacilityAsync(new GetFacilityRequest { Name = "facilities/hall" })).Rules.Lottery;
        Assert.Equal((true, 3, 1.5, 1.0, 2), (rules.Enabled, rules.ApplicationDays, rules.HostAreaWeight, rules.SeniorWeight, rules.HouseholdCap));
    }

    private static async Task<WebPage> PostAsync(WebSession web, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        // Repeated names (check boxes) go as they are, as a browser sends them.
        var list = fields.ToList();
        var token = list.FirstOrDefault(kv => kv.Key == "__RequestVerificationToken").Value;
        if (token is null)
        {
            token = (await web.GetAsync(path)).AntiforgeryToken!;
            list.Add(new("__RequestVerificationToken", token));
        }
        return await web.PostAsync(path, list);
    }

    private static Task<WebPage> PressAsync(WebSession web, WebPage page, AngleSharp.Dom.IElement row, bool rest)
    {
        var form = row.QuerySelector("form")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!)).ToList();
        if (rest)
        {
            fields.Add(new("rest", "true"));
        }
        return PostAsync(web, form.GetAttribute("action")!, fields);
    }
}
