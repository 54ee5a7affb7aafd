using System.Net;
using CommunityShare.Domain.Access;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// The evaluation pages: district staff evaluate school-1 for a quarter, see every problem on its
/// field with what they typed kept, adjust with a reason, confirm and publish; the public page then
/// shows it with its indicators; the school's staff see their live indicators, another school's do not.
/// </summary>
public sealed class EvaluationPagesTests : IAsyncLifetime
{
    private const string Password = "evaluation-pages-2026";
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await _f.CreateAccountAsync("admin.district", Password, null, new RoleAssignment(Role.DistrictStaff, "310112"));
        await _f.CreateAccountAsync("zhao.school", Password, null, new RoleAssignment(Role.InstitutionStaff, "school-1"));
        await _f.CreateAccountAsync("qian.school", Password, null, new RoleAssignment(Role.InstitutionStaff, "school-2"));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<WebSession> SignInAsync(string userName)
    {
        var web = new WebSession(_f);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    [Fact]
    public async Task District_staff_evaluate_adjust_with_a_reason_confirm_and_publish_and_the_public_sees_it()
    {
        using var web = await SignInAsync("admin.district");
        var console = await web.GetAsync("/manage/evaluations");
        Assert.Equal(HttpStatusCode.OK, console.Status);
        Assert.Equal(8, console.Document.QuerySelectorAll("[data-weight]").Length);
        var requestId = console.Value("RequestId")!;

        var missing = await web.PostAsync("/manage/evaluations?handler=Create",
            new Dictionary<string, string> { ["Subject"] = "", ["Quarter"] = "2026-Q1", ["RequestId"] = requestId }, console.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.NotNull(missing.FieldError("Subject"));
        Assert.Equal("2026-Q1", missing.Document.QuerySelector("select[name=Quarter] option[selected]")?.GetAttribute("value"));
        // The scheme form beside it still shows the scheme.
        Assert.Equal("20", missing.Value("Edit.Weights[0].Weight"));

        var fields = new Dictionary<string, string> { ["Subject"] = "institutions/school-1", ["Quarter"] = "2026-Q1", ["RequestId"] = requestId };
        var made = await web.PostAsync("/manage/evaluations?handler=Create", fields, console.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, made.Status);
        // The same form sent again makes no second evaluation.
        Assert.Equal(made.Location, (await web.PostAsync("/manage/evaluations?handler=Create", fields, console.AntiforgeryToken)).Location);
        var path = made.Location!;

        var details = await web.GetAsync(path);
        Assert.Equal(8, details.Document.QuerySelectorAll("[data-indicator]").Length);
        // Nothing was booked in the quarter: no data, never 0.
        Assert.Equal("NO_BOOKINGS_DUE", details.Document.QuerySelector("[data-indicator=CheckInHandling] [data-missing]")?.GetAttribute("data-missing"));
        Assert.Equal("1", details.Document.QuerySelector("[data-indicator=OpenHours]")?.GetAttribute("data-value"));

        var bad = await web.PostAsync(path + "?handler=Adjust", new Dictionary<string, string>
        {
            ["Adjustment"] = "15", ["Reason"] = "", ["Etag"] = details.Value("Etag")!, ["RequestId"] = details.Value("RequestId")!,
        }, details.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Adjustment"));
        Assert.NotNull(bad.FieldError("Reason"));
        Assert.Equal("15", bad.Value("Adjustment"));

        var adjusted = await web.PostAsync(path + "?handler=Adjust", new Dictionary<string, string>
        {
            ["Adjustment"] = "-5", ["Reason"] = "寒假期间临时关闭未提前公告", ["Etag"] = details.Value("Etag")!, ["RequestId"] = details.Value("RequestId")!,
        }, details.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, adjusted.Status);
        var shown = await web.GetAsync(path);
        Assert.Contains("寒假期间临时关闭未提前公告", shown.Text, StringComparison.Ordinal);

        // A form shown before the adjustment carries a stale etag: told, nothing changed.
        var stale = await web.PostAsync(path + "?handler=Confirm", new Dictionary<string, string> { ["Etag"] = details.Value("Etag")! }, details.AntiforgeryToken);
        Assert.Equal(("ETAG_MISMATCH", HttpStatusCode.Conflict), (stale.Reason, stale.Status));
        Assert.Empty((await new WebSession(_f).GetAsync("/evaluations")).Document.QuerySelectorAll("[data-evaluation]"));

        Assert.Equal(HttpStatusCode.Redirect, (await web.PostAsync(path + "?handler=Confirm",
            new Dictionary<string, string> { ["Etag"] = shown.Value("Etag")! }, shown.AntiforgeryToken)).Status);
        var confirmed = await web.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, (await web.PostAsync(path + "?handler=Publish",
            new Dictionary<string, string> { ["Etag"] = confirmed.Value("Etag")! }, confirmed.AntiforgeryToken)).Status);

        using var visitor = new WebSession(_f);
        var published = await visitor.GetAsync("/evaluations");
        var section = Assert.Single(published.Document.QuerySelectorAll("[data-evaluation]"));
        Assert.Contains("莘庄实验学校", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("寒假期间临时关闭未提前公告", section.TextContent, StringComparison.Ordinal);
        Assert.Equal(8, section.QuerySelectorAll("[data-indicator]").Length);
    }

    [Fact]
    public async Task District_staff_change_the_scheme_with_every_problem_on_its_field_and_what_they_typed_kept()
    {
        using var web = await SignInAsync("admin.district");
        var console = await web.GetAsync("/manage/evaluations");
        var fields = Access.EvaluationsPageMatrix.SchemeFields();
        fields["Edit.Etag"] = console.Value("Edit.Etag")!;
        fields["Edit.Weights[0].Weight"] = "10";
        fields["Edit.Weights[1].ZeroAt"] = "很低";

        var bad = await web.PostAsync("/manage/evaluations?handler=Scheme", fields, console.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Edit.Weights[1].ZeroAt"));
        Assert.Equal("很低", bad.Value("Edit.Weights[1].ZeroAt"));
        Assert.Contains("100", bad.FieldError("Edit.Weights"), StringComparison.Ordinal);

        fields["Edit.Weights[1].ZeroAt"] = "0";
        fields["Edit.Weights[1].Weight"] = "25";
        Assert.Equal(HttpStatusCode.Redirect, (await web.PostAsync("/manage/evaluations?handler=Scheme", fields, console.AntiforgeryToken)).Status);
        var saved = await web.GetAsync("/manage/evaluations?saved=scheme");
        Assert.Equal("25", saved.Value("Edit.Weights[1].Weight"));
        // The form shown before the save is stale now.
        var stale = await web.PostAsync("/manage/evaluations?handler=Scheme", fields, console.AntiforgeryToken);
        Assert.Equal(("ETAG_MISMATCH", HttpStatusCode.Conflict), (stale.Reason, stale.Status));
    }

    [Fact]
    public async Task A_schools_staff_see_its_live_indicators_and_another_schools_are_refused()
    {
        using var own = await SignInAsync("zhao.school");
        var workbench = await own.GetAsync("/manage");
        Assert.NotNull(workbench.Document.QuerySelector("a[href='/manage/indicators?subject=institutions/school-1']"));
        var page = await own.GetAsync("/manage/indicators?subject=institutions/school-1&from=2026-05-01&to=2026-05-31");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(8, page.Document.QuerySelectorAll("[data-indicator]").Length);

        var wrongDates = await own.GetAsync("/manage/indicators?subject=institutions/school-1&from=2026-05-31&to=2026-05-01");
        Assert.Equal(HttpStatusCode.BadRequest, wrongDates.Status);
        Assert.NotNull(wrongDates.FieldError("To"));

        using var other = await SignInAsync("qian.school");
        var refused = await other.GetAsync("/manage/indicators?subject=institutions/school-1");
        Assert.Equal((HttpStatusCode.Forbidden, "NOT_IN_SCOPE"), (refused.Status, refused.Reason));
    }

    [Fact]
    public async Task The_public_openness_ranking_lists_every_institution_with_its_ranks()
    {
        using var visitor = new WebSession(_f);
        var page = await visitor.GetAsync("/statistics/openness?quarter=2026-Q1");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(new[] { "school-1", "school-2" }, page.Document.QuerySelectorAll("[data-institution]").Select(r => r.GetAttribute("data-institution")).Order());
        Assert.Equal(1, page.Document.QuerySelectorAll("[data-institution]").Select(r => r.GetAttribute("data-institution")).Count(i => i == "school-1"));
    }
}
