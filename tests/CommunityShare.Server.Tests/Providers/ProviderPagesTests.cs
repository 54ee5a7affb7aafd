using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Tests.Web;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Providers;

/// <summary>
/// The contract pages: a provider's staff see their contracts and reach the consoles of the facilities in
/// scope; the contracting office writes a draft (every problem on its field, what was typed kept), signs it
/// and terminates it with a reason; the facility page names its operator.
/// </summary>
public sealed class ProviderPagesTests : IAsyncLifetime
{
    private const string Password = "provider-pages-2026";
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await FacilityAsync(_f, "hall-x", OpenDaily("莘庄活动室", 50));
        await Contracts.SignedAsync(_f, "prov-1", "c-1", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), "facilities/court-x");
        await Contracts.SignedAsync(_f, "prov-2", "c-2", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), "facilities/hall-x");
        await _f.CreateAccountAsync("provider.one", Password, null, new RoleAssignment(Role.ProviderStaff, "prov-1"));
        await _f.CreateAccountAsync("li.office", Password, null, new RoleAssignment(Role.StreetOfficeStaff, "310112101"));
        await _f.CreateAccountAsync("wang.office", Password, null, new RoleAssignment(Role.StreetOfficeStaff, "310112102"));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<WebSession> SignInAsync(string userName)
    {
        var web = new WebSession(_f);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    [Fact]
    public async Task A_providers_staff_see_their_own_contracts_only_and_manage_the_facilities_in_scope()
    {
        using var web = await SignInAsync("provider.one");

        var page = await web.GetAsync("/provider");
        var console = await web.GetAsync("/manage/institutions/school-1");
        var blackouts = await web.GetAsync("/manage/facilities/court-x/blackouts");
        var outside = await web.GetAsync("/manage/facilities/hall-x/blackouts");
        var workbench = await web.GetAsync("/manage");
        var approvals = await web.GetAsync("/manage/institutions/school-1/approvals");
        var today = await web.GetAsync("/manage/institutions/school-1/today");
        var otherInstitution = await web.GetAsync("/manage/institutions/school-2");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("[data-contract='c-1'][data-state='Active']"));
        Assert.Null(page.Document.QuerySelector("[data-contract='c-2']"));
        Assert.NotNull(page.Document.QuerySelector("[data-facility='court-x'] a[href='/manage/facilities/court-x/blackouts']"));
        Assert.Equal(HttpStatusCode.OK, console.Status);
        Assert.NotNull(console.Document.QuerySelector("tr[data-facility='court-x']"));
        Assert.Null(console.Document.QuerySelector("tr[data-facility='hall-x']")); // school-1's, but prov-2's to run
        Assert.Equal(HttpStatusCode.OK, blackouts.Status);
        Assert.Equal(HttpStatusCode.Forbidden, outside.Status);
        Assert.Equal("NOT_IN_SCOPE", outside.Reason);
        Assert.Equal(HttpStatusCode.OK, approvals.Status);
        Assert.Equal(HttpStatusCode.OK, today.Status);
        Assert.Equal(HttpStatusCode.Forbidden, otherInstitution.Status);
        Assert.Equal("NOT_IN_SCOPE", otherInstitution.Reason);
        var indicators = await web.GetAsync(page.Document.QuerySelector("[data-contract='c-1'] a[data-indicators]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, indicators.Status);
        Assert.Equal(8, indicators.Document.QuerySelectorAll("[data-indicator]").Length);
        Assert.NotNull(workbench.Document.QuerySelector("a[href='/provider']"));
        Assert.NotNull(workbench.Document.QuerySelector("a[href='/manage/institutions/school-1']"));
    }

    [Fact]
    public async Task A_draft_with_problems_comes_back_with_each_on_its_field_and_what_was_typed_kept()
    {
        using var web = await SignInAsync("li.office");

        var page = await web.SubmitAsync("/manage/contracts/new", new Dictionary<string, string>
        {
            ["Input.Provider"] = "prov-1",
            ["Input.Title"] = "莘庄篮球场委托运营",
            ["Input.Kind"] = "EntrustedService",
            ["Input.ContractingPlace"] = "310112101",
            ["Input.StartDate"] = "2026-09-01",
            ["Input.EndDate"] = "2026-08-01",
            ["Input.Value"] = "五十万",
            ["Input.MinSatisfaction"] = "9",
        }, "Save");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.NotNull(page.FieldError("Input.EndDate"));
        Assert.NotNull(page.FieldError("Input.Value"));
        Assert.NotNull(page.FieldError("Input.Facilities"));
        Assert.NotNull(page.FieldError("Input.MinSatisfaction"));
        Assert.Null(page.FieldError("Input.Title"));
        Assert.Equal("莘庄篮球场委托运营", page.Value("Input.Title"));
        Assert.Equal("五十万", page.Value("Input.Value"));
        Assert.Equal(2, await _f.WithDbAsync(db => Task.FromResult(db.ServiceContracts.Count())));
    }

    [Fact]
    public async Task The_office_writes_signs_and_terminates_a_contract_with_a_reason()
    {
        using var web = await SignInAsync("li.office");
        await new ContractService.ContractServiceClient(_f.Channel()).TerminateContractAsync(new ChangeContractStateRequest { Name = "contracts/c-2", Reason = "测试" });

        var saved = await web.SubmitAsync("/manage/contracts/new", new Dictionary<string, string>
        {
            ["Input.Provider"] = "prov-2",
            ["Input.Title"] = "莘庄活动室委托运营",
            ["Input.Kind"] = "EntrustedService",
            ["Input.ContractingPlace"] = "310112101",
            ["Input.StartDate"] = "2026-06-01",
            ["Input.EndDate"] = "2027-05-31",
            ["Input.Value"] = "500000",
            ["Input.Facilities"] = "hall-x",
            ["Input.OpenHoursPerWeek"] = "60",
        }, "Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var path = saved.Location!.Split('?')[0];
        var signed = await web.SubmitAsync(path, new Dictionary<string, string> { ["Action"] = "activate" }, "State");
        var noReason = await web.SubmitAsync(path, new Dictionary<string, string> { ["Action"] = "terminate" }, "State");
        var terminated = await web.SubmitAsync(path, new Dictionary<string, string> { ["Action"] = "terminate", ["Reason"] = "多次未按约开放" }, "State");
        var shown = await web.GetAsync(path);
        var list = await web.GetAsync("/manage/contracts?state=Terminated");

        Assert.Equal(HttpStatusCode.Redirect, signed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.NotNull(noReason.FieldError("Reason"));
        Assert.Equal(HttpStatusCode.Redirect, terminated.Status);
        Assert.NotNull(shown.Document.QuerySelector("[data-state='Terminated']"));
        Assert.Contains("多次未按约开放", shown.Document.QuerySelector("[data-termination]")!.TextContent);
        Assert.Equal(2, list.Document.QuerySelectorAll("li[data-contract]").Length);
    }

    [Fact]
    public async Task Another_office_cannot_write_contracts_for_Xinzhuang()
    {
        using var web = await SignInAsync("wang.office");

        var page = await web.SubmitAsync("/manage/contracts/new", new Dictionary<string, string>
        {
            ["Input.Provider"] = "prov-1",
            ["Input.Title"] = "越权",
            ["Input.Kind"] = "EntrustedService",
            ["Input.ContractingPlace"] = "310112101",
            ["Input.StartDate"] = "2027-01-01",
            ["Input.EndDate"] = "2027-12-31",
            ["Input.Value"] = "1",
            ["Input.Facilities"] = "court-x",
        }, "Save");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("NOT_IN_SCOPE", page.Reason);
    }

    [Fact]
    public async Task Overdue_and_expiring_contracts_are_marked_on_the_list()
    {
        await FacilityAsync(_f, "court-x3", OpenDaily("莘庄羽毛球场", 1));
        await Contracts.SignedAsync(_f, "prov-1", "c-soon", new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 31), "facilities/court-x3");
        _f.Clock.Reset(Instant.FromUtc(2027, 1, 2, 1, 0));
        using var web = await SignInAsync("li.office");
        var overdue = await web.GetAsync("/manage/contracts");
        _f.Clock.Reset(ServerFixture.DefaultNow);
        var district = new WebSession(_f);
        await _f.CreateAccountAsync("admin.district", Password, null, new RoleAssignment(Role.DistrictStaff, "310112"));
        await district.SignInAsync("admin.district", Password);
        var expiring = await district.GetAsync("/manage/contracts");

        Assert.NotNull(overdue.Document.QuerySelector("li[data-contract='c-1'] [data-flag='overdue']"));
        Assert.NotNull(expiring.Document.QuerySelector("li[data-contract='c-soon'] [data-flag='expiring']"));
        Assert.Null(expiring.Document.QuerySelector("li[data-contract='c-1'] [data-flag]"));
    }

    [Fact]
    public async Task The_facility_page_names_its_operator_and_the_kind_of_contract()
    {
        var page = await new WebSession(_f).GetAsync("/facilities/court-x");
        var plain = await new WebSession(_f).GetAsync("/facilities/court-q");

        var op = page.Document.QuerySelector("[data-operator='prov-1']");
        Assert.NotNull(op);
        Assert.Contains("服务商prov-1", op!.TextContent);
        Assert.Contains("管理承包", op.TextContent);
        Assert.Null(plain.Document.QuerySelector("[data-operator]"));
    }
}
