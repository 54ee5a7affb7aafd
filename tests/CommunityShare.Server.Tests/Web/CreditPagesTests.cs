using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Bookings;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The credit record on the pages: the resident's record and appeal, the office's hearing, the institution's report.</summary>
public sealed class CreditPagesTests : IAsyncLifetime
{
    private const string Password = "credit-pages-2026";
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await FacilityAsync(_f, "room", OpenDaily("活动室", 50));
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        await _f.CreateAccountAsync("li.xiaoming", Password, "r1");
        await _f.CreateAccountAsync("li.office", Password, null, new RoleAssignment(Role.StreetOfficeStaff, "310112101"));
        await _f.CreateAccountAsync("zhao.school", Password, null, new RoleAssignment(Role.InstitutionStaff, "school-1"));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<WebSession> SignInAsync(string userName)
    {
        var web = new WebSession(_f);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    /// <summary>Two bookings tomorrow that r1 does not come to, released at 15:00: approval required for 30 days.</summary>
    private async Task<Booking[]> TwoNoShowsAsync()
    {
        var bookings = new[]
        {
            await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Tomorrow, 10) }),
            await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Tomorrow, 12) }),
        };
        _f.Clock.Reset(Tomorrow.At(new LocalTime(15, 0)).InZoneStrictly(Shanghai).ToInstant());
        await using var scope = _f.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None);
        return bookings;
    }

    [Fact]
    public async Task A_resident_sees_the_limit_its_reason_and_end_appeals_and_the_office_grants_it()
    {
        await TwoNoShowsAsync();
        using var resident = await SignInAsync("li.xiaoming");
        using var office = await SignInAsync("li.office");

        var limited = await resident.GetAsync("/account/credit");
        var entry = limited.Document.QuerySelectorAll("[data-entry]")[0].GetAttribute("data-entry")!;
        var empty = await resident.PostAsync("/account/credit?handler=Appeal", new Dictionary<string, string> { ["Entry"] = entry, ["Statement"] = "" }, limited.AntiforgeryToken);
        var filed = await resident.PostAsync("/account/credit?handler=Appeal", new Dictionary<string, string> { ["Entry"] = entry, ["Statement"] = "那天发高烧，有门诊病历" }, limited.AntiforgeryToken);
        var queue = await office.GetAsync("/manage/appeals");
        var appeal = queue.Document.QuerySelector("[data-appeal]")!.GetAttribute("data-appeal")!;
        var noChoice = await office.PostAsync("/manage/appeals?handler=Decide", new Dictionary<string, string>
        {
            ["Appeal"] = $"residents/r1/appeals/{appeal}",
            ["Decision"] = "",
        }, queue.AntiforgeryToken);
        var granted = await office.PostAsync("/manage/appeals?handler=Decide", new Dictionary<string, string>
        {
            ["Appeal"] = $"residents/r1/appeals/{appeal}",
            ["Outcome"] = "grant",
            ["Decision"] = "病历属实",
        }, queue.AntiforgeryToken);
        var after = await resident.GetAsync("/account/credit");

        Assert.Equal("limited", limited.Document.QuerySelector("[data-standing]")?.GetAttribute("data-standing"));
        Assert.Equal("ApprovalRequired", limited.Document.QuerySelector("[data-consequence]")?.GetAttribute("data-consequence"));
        Assert.Contains("7月11日", limited.Text, StringComparison.Ordinal); // 30 days from 6月11日 15:00
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.NotNull(empty.Document.QuerySelector($"[data-entry='{entry}'] [data-valmsg-for=Statement]"));
        Assert.Equal(HttpStatusCode.Redirect, filed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noChoice.Status);
        Assert.NotNull(noChoice.Document.QuerySelector("[data-valmsg-for=Outcome]"));
        Assert.NotNull(noChoice.Document.QuerySelector("[data-valmsg-for=Decision]"));
        Assert.Equal(HttpStatusCode.Redirect, granted.Status);
        Assert.Equal("good", after.Document.QuerySelector("[data-standing]")?.GetAttribute("data-standing"));
        Assert.Equal("Granted", after.Document.QuerySelector($"[data-entry='{entry}'] [data-appeal]")?.GetAttribute("data-appeal"));
    }

    [Fact]
    public async Task The_institution_reports_damage_after_the_start_with_every_problem_told()
    {
        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(Tomorrow, 10) });
        var path = $"/manage/facilities/room/bookings/{booking.Name.Split('/')[^1]}/report";
        using var school = await SignInAsync("zhao.school");
        _f.Clock.Reset(Tomorrow.At(new LocalTime(11, 30)).InZoneStrictly(Shanghai).ToInstant());
        using var again = await SignInAsync("zhao.school");

        var empty = await again.SubmitAsync(path, new Dictionary<string, string> { ["Evidence"] = "" });
        var sent = await again.SubmitAsync(path, new Dictionary<string, string> { ["Kind"] = "Damage", ["Evidence"] = "乒乓球台被踩坏" });
        var record = await new CreditService.CreditServiceClient(_f.Channel("resident:r1")).GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/r1/creditRecord" });

        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.NotNull(empty.FieldError("Kind"));
        Assert.NotNull(empty.FieldError("Evidence"));
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        var entry = Assert.Single(record.Events);
        Assert.Equal((CreditEvent.Types.Kind.Damage, "乒乓球台被踩坏", "staff/" + entry.RecordedBy.Split('/')[1]), (entry.Kind, entry.Evidence, entry.RecordedBy));
        _ = school;
    }
}
