using System.Net;
using CommunityShare.Contracts.V1;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The rules in words for everyone, and a resident's quotas used and left.</summary>
public sealed class PolicyPagesTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        var rules = DefaultRules();
        rules.BookingHorizonDays = 30;
        await FacilityAsync(_f, "room", OpenDaily("活动室", 50, rules));
        await _f.AddResidentAsync("r1", "310112101001");
        await _f.CreateAccountAsync("li.xiaoming", "policy-pages-2026", "r1");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task The_policies_page_lists_every_credit_rule_and_quota_in_force()
    {
        using var web = new WebSession(_f);

        var page = await web.GetAsync("/policies");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["approval-after-2-no-shows", "bar-after-3-no-shows", "approval-after-3-late-cancellations", "bar-after-damage-or-breach"],
            page.Document.QuerySelectorAll("[data-rule]").Select(e => e.GetAttribute("data-rule")));
        Assert.Equal(4, page.Document.QuerySelectorAll("[data-quota]").Length);
        Assert.Contains("90 天内有 3 次失约未到", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_sees_what_is_used_and_left_this_week()
    {
        foreach (var day in new[] { 15, 16 })
        {
            await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(new LocalDate(2026, 6, day), 19) });
        }
        _f.Clock.Reset(new LocalDate(2026, 6, 15).At(new LocalTime(9, 0)).InZoneStrictly(Shanghai).ToInstant());
        using var web = new WebSession(_f);
        await web.SignInAsync("li.xiaoming", "policy-pages-2026");

        var page = await web.GetAsync("/account/quotas");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("2 次", page.Document.QuerySelector("[data-quota='peak-per-resident-week'] [data-left]")?.TextContent.Trim());
        Assert.Equal("4 次", page.Document.QuerySelector("[data-quota='active-per-resident'] [data-left]")?.TextContent.Trim());
    }

    [Fact]
    public async Task District_staff_change_a_rule_every_problem_on_its_field_and_the_public_page_follows()
    {
        await _f.CreateAccountAsync("district.admin", "policy-pages-2026", null,
            new CommunityShare.Domain.Access.RoleAssignment(CommunityShare.Domain.Access.Role.DistrictStaff, "310112"));
        using var web = new WebSession(_f);
        await web.SignInAsync("district.admin", "policy-pages-2026");
        var form = await web.GetAsync("/manage/policies");
        var fields = form.Document.QuerySelectorAll("form[action*='Credit'] input[name], form[action*='Credit'] select[name]")
            .Where(e => e.GetAttribute("type") != "checkbox" || e.HasAttribute("checked"))
            .Where(e => e.GetAttribute("name") != "__RequestVerificationToken")
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!,
                e.TagName == "SELECT" ? e.QuerySelector("option[selected]")?.GetAttribute("value") ?? e.QuerySelector("option")!.GetAttribute("value")! : e.GetAttribute("value") ?? ""))
            .ToList();

        var bad = await web.PostAsync("/manage/policies?handler=Credit", Post(fields, ("Credit.Rules[1].Threshold", "三"), ("Credit.StrikeLifetimeDays", "0")), form.AntiforgeryToken);
        var saved = await web.PostAsync("/manage/policies?handler=Credit", Post(fields, ("Credit.Rules[1].Threshold", "4")), form.AntiforgeryToken);
        var page = await new WebSession(_f).GetAsync("/policies");

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Credit.Rules[1].Threshold"));
        Assert.NotNull(bad.FieldError("Credit.StrikeLifetimeDays"));
        Assert.Equal("三", bad.Value("Credit.Rules[1].Threshold"));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains("90 天内有 4 次失约未到", page.Text, StringComparison.Ordinal);
    }

    /// <summary>The form's fields, some of them changed, as the browser would post them (repeated names kept).</summary>
    private static Dictionary<string, string> Post(List<KeyValuePair<string, string>> fields, params (string Name, string Value)[] changes)
    {
        var posted = new Dictionary<string, string>();
        foreach (var group in fields.GroupBy(f => f.Key))
        {
            // A name sent more than once (the kinds a rule counts) as name[0], name[1] …, which binds to the same list.
            var values = group.Select(f => f.Value).ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                posted[values.Length == 1 ? group.Key : $"{group.Key}[{i}]"] = values[i];
            }
        }
        foreach (var (name, value) in changes)
        {
            posted[name] = value;
        }
        return posted;
    }
}
