using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using Google.Protobuf.WellKnownTypes;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.TimeBank.TimeBankCalls;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The time bank on the pages: the resident's balance, gift and redemption; the office's deposit and reversal; the district's catalogue.</summary>
public sealed class TimeBankPagesTests : IAsyncLifetime
{
    private const string Password = "time-bank-pages-2026";
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await _f.AddResidentAsync("son", "310112101001", "李晓明");
        await _f.AddResidentAsync("mum", "310112101001", "王秀英");
        foreach (var id in new[] { "son", "mum" })
        {
            await new ResidentService.ResidentServiceClient(_f.Channel()).UpdateResidentAsync(new UpdateResidentRequest
            {
                Resident = new Resident { Name = "residents/" + id, Household = "h-pages" },
                UpdateMask = new FieldMask { Paths = { "household" } },
            });
        }
        await _f.CreateAccountAsync("li.xiaoming", Password, "son");
        await _f.CreateAccountAsync("li.office", Password, null, new RoleAssignment(Role.StreetOfficeStaff, "310112101"));
        await _f.CreateAccountAsync("admin.district", Password, null, new RoleAssignment(Role.DistrictStaff, "310112"));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<WebSession> SignInAsync(string userName)
    {
        var web = new WebSession(_f);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    [Fact]
    public async Task A_resident_sees_the_balance_gives_to_family_with_errors_on_the_fields_and_redeems()
    {
        await DepositAsync(_f, "son", 150);
        using var web = await SignInAsync("li.xiaoming");

        var page = await web.GetAsync("/account/time-bank");
        Assert.Equal("150", page.Document.QuerySelector("[data-balance]")?.GetAttribute("data-balance"));
        Assert.Contains("2.5 个时间币", page.Text, StringComparison.Ordinal);
        var requestId = page.Value("RequestId")!;

        var bad = await web.PostAsync("/account/time-bank?handler=Gift", new Dictionary<string, string>
        {
            ["Gift.Recipient"] = "mum", ["Gift.Coins"] = "两个", ["RequestId"] = requestId,
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Gift.Coins"));
        Assert.Equal("两个", bad.Value("Gift.Coins"));

        var tooMuch = await web.PostAsync("/account/time-bank?handler=Gift", new Dictionary<string, string>
        {
            ["Gift.Recipient"] = "mum", ["Gift.Coins"] = "3", ["RequestId"] = requestId,
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.Status);
        Assert.Equal("INSUFFICIENT_COINS", tooMuch.Reason);

        var given = await web.PostAsync("/account/time-bank?handler=Gift", new Dictionary<string, string>
        {
            ["Gift.Recipient"] = "mum", ["Gift.Coins"] = "1.5", ["RequestId"] = requestId,
        }, page.AntiforgeryToken);
        var again = await web.PostAsync("/account/time-bank?handler=Gift", new Dictionary<string, string>
        {
            ["Gift.Recipient"] = "mum", ["Gift.Coins"] = "1.5", ["RequestId"] = requestId,
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, given.Status);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);

        var redeemed = await web.PostAsync("/account/time-bank?handler=Redeem", new Dictionary<string, string>
        {
            ["Item"] = "extra-booking", ["RequestId"] = Guid.NewGuid().ToString(),
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, redeemed.Status);
        var after = await web.GetAsync(redeemed.Location!);
        Assert.Equal("0", after.Document.QuerySelector("[data-balance]")?.GetAttribute("data-balance"));
        Assert.Equal("Available", after.Document.QuerySelector("[data-pass]")?.GetAttribute("data-state"));
        Assert.Equal(["Redemption", "GiftOut", "Deposit"], after.Document.QuerySelectorAll("[data-entry]").Select(e => e.GetAttribute("data-kind")));

        var broke = await web.PostAsync("/account/time-bank?handler=Redeem", new Dictionary<string, string>
        {
            ["Item"] = "extra-booking", ["RequestId"] = Guid.NewGuid().ToString(),
        }, after.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Conflict, broke.Status);
        Assert.Equal("INSUFFICIENT_COINS", broke.Reason);
    }

    [Fact]
    public async Task An_office_credits_service_and_reverses_it_every_problem_on_its_field()
    {
        using var web = await SignInAsync("li.office");
        var page = await web.GetAsync("/manage/time-bank");
        Assert.Null(page.Document.QuerySelector("form[action*=Catalogue]"));

        var empty = await web.PostAsync("/manage/time-bank?handler=Deposit", new Dictionary<string, string>
        {
            ["Deposit.Resident"] = "son", ["Deposit.Hours"] = "", ["Deposit.Source"] = "", ["Deposit.Place"] = "310112101001",
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.NotNull(empty.FieldError("Deposit.Hours"));
        Assert.NotNull(empty.FieldError("Deposit.Source"));

        var done = await web.PostAsync("/manage/time-bank?handler=Deposit", new Dictionary<string, string>
        {
            ["Deposit.Resident"] = "son", ["Deposit.Hours"] = "2", ["Deposit.Source"] = "volunteers/son/serviceRecords/p1",
            ["Deposit.Place"] = "310112101001", ["Deposit.Note"] = "社区体检日", ["Deposit.RequestId"] = Guid.NewGuid().ToString(),
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, done.Status);
        var entries = await Bank(_f, "staff:admin").ListTimeEntriesAsync(new ListTimeEntriesRequest { Parent = "residents/son/timeAccount" });
        var deposit = Assert.Single(entries.TimeEntries);
        Assert.Equal((120, "places/310112101001"), (deposit.Minutes, deposit.Place));
        Assert.StartsWith("staff/", deposit.RecordedBy, StringComparison.Ordinal);

        var noReason = await web.PostAsync("/manage/time-bank?handler=Reverse", new Dictionary<string, string> { ["Reverse.Entry"] = deposit.Name }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.NotNull(noReason.FieldError("Reverse.Reason"));
        var reversed = await web.PostAsync("/manage/time-bank?handler=Reverse", new Dictionary<string, string>
        {
            ["Reverse.Entry"] = deposit.Name, ["Reverse.Reason"] = "录入错误",
        }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, reversed.Status);
        var account = await Bank(_f, "staff:admin").GetTimeAccountAsync(new GetTimeAccountRequest { Name = "residents/son/timeAccount" });
        Assert.Equal(0, account.BalanceMinutes);
    }

    [Fact]
    public async Task The_district_edits_the_catalogue_and_a_bad_row_is_told_on_its_fields()
    {
        using var web = await SignInAsync("admin.district");
        var page = await web.GetAsync("/manage/time-bank");
        var fields = new Dictionary<string, string> { ["Etag"] = page.Value("Etag")! };
        for (var i = 0; i < 3; i++)
        {
            foreach (var name in new[] { "Id", "Title", "Coins", "LeadHours", "ValidDays" })
            {
                fields[$"Items[{i}].{name}"] = page.Value($"Items[{i}].{name}") ?? "";
            }
            fields[$"Items[{i}].Kind"] = page.Document.QuerySelector($"select[name='Items[{i}].Kind'] option[selected]")!.GetAttribute("value")!;
            fields[$"Items[{i}].Offered"] = "true";
        }
        fields["Items[3].Id"] = "film";
        fields["Items[3].Kind"] = "Service";
        fields["Items[3].Title"] = "";
        fields["Items[3].Coins"] = "0";
        fields["Items[3].ValidDays"] = "30";

        var bad = await web.PostAsync("/manage/time-bank?handler=Catalogue", fields, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Items[3].Title"));
        Assert.NotNull(bad.FieldError("Items[3].Coins"));

        fields["Items[3].Title"] = "社区电影一场";
        fields["Items[3].Coins"] = "1";
        var saved = await web.PostAsync("/manage/time-bank?handler=Catalogue", fields, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var catalogue = await Bank(_f, "staff:admin").GetRedemptionCatalogueAsync(new GetRedemptionCatalogueRequest());
        Assert.Equal(["priority-window", "extra-booking", "tcm-consultation", "film"], catalogue.Items.Select(i => i.Id));
        Assert.Equal(120, catalogue.Items[0].CostMinutes);
    }
}
