using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using Duration = NodaTime.Duration;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The institution console: facilities published and edited through a form, blackouts, approvals, and the door (check-in by code, no-shows).</summary>
public sealed class InstitutionConsoleTests : IAsyncLifetime
{
    private const string Password = "console-password-2026";
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        var approval = DefaultRules();
        approval.ApprovalRequired = true;
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 1, approval));
        await _f.CreateAccountAsync("zhao.school", Password, null, new RoleAssignment(Role.InstitutionStaff, "school-1"));
        await _f.CreateAccountAsync("qian.school", Password, null, new RoleAssignment(Role.InstitutionStaff, "school-2"));
        await _f.CreateAccountAsync("chen.supervisor", Password, null, new RoleAssignment(Role.DistrictSupervisor, "310112"));
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<WebSession> StaffAsync(string userName = "zhao.school")
    {
        var web = new WebSession(_f);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    private static Dictionary<string, string> NewCourt(Action<Dictionary<string, string>>? change = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "灯光网球场",
            ["Input.Kind"] = "Court",
            ["Input.Capacity"] = "1",
            ["Input.Description"] = "两片硬地网球场",
            ["Input.StepFreeAccess"] = "true",
            ["Input.Days[0]"] = "",
            ["Input.Days[1]"] = "16:30-21:00",
            ["Input.Days[2]"] = "16:30-21:00",
            ["Input.Days[3]"] = "",
            ["Input.Days[4]"] = "16:30-21:00",
            ["Input.Days[5]"] = "08:00-12:00, 14:00-24:00",
            ["Input.Days[6]"] = "08:00-12:00",
            ["Input.Overrides[0].Date"] = "2026-10-01",
            ["Input.Overrides[0].Hours"] = "",
            ["Input.Overrides[0].Reason"] = "国庆节",
            ["Input.SlotMinutes"] = "60",
            ["Input.MaxSlots"] = "2",
            ["Input.HorizonDays"] = "7",
            ["Input.ReleaseTime"] = "08:00",
            ["Input.NoticeMinutes"] = "60",
            ["Input.CancelHours"] = "4",
            ["Input.MaxActive"] = "2",
            ["Input.MaxPerWeek"] = "3",
            ["Input.MaxParty"] = "4",
            ["Input.ApprovalRequired"] = "false",
        };
        change?.Invoke(fields);
        return fields;
    }

    [Fact]
    public async Task The_console_lists_the_institution_s_facilities_and_waiting_work_for_whoever_oversees_it()
    {
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Tomorrow, 10) });
        using var staff = await StaffAsync();
        using var supervisor = await StaffAsync("chen.supervisor");
        using var other = await StaffAsync("qian.school");

        var own = await staff.GetAsync("/manage/institutions/school-1");
        var looked = await supervisor.GetAsync("/manage/institutions/school-1");
        var refused = await other.GetAsync("/manage/institutions/school-1");

        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(["court-x", "hall"], own.Document.QuerySelectorAll("[data-facility]").Select(e => e.GetAttribute("data-facility")).Order());
        Assert.Equal("1", own.Document.QuerySelector("[data-count=pending] strong")?.TextContent);
        Assert.NotNull(own.Document.QuerySelector("a[href='/manage/facilities/hall/edit']"));
        Assert.Null(own.Document.QuerySelector("[data-readonly]"));
        Assert.NotNull(looked.Document.QuerySelector("[data-readonly]"));
        Assert.Null(looked.Document.QuerySelector("a[href='/manage/facilities/hall/edit']"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("NOT_IN_SCOPE", refused.Reason);
    }

    [Fact]
    public async Task A_facility_published_through_the_form_is_the_one_the_api_shows()
    {
        using var staff = await StaffAsync();

        var saved = await staff.SubmitAsync("/manage/institutions/school-1/facilities/new", NewCourt());

        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var id = saved.Location!.Split("saved=")[1];
        var facility = await _f.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = "facilities/" + id });
        Assert.Equal(("灯光网球场", Facility.Types.Kind.Court, "institutions/school-1"), (facility.DisplayName, facility.Kind, facility.Institution));
        Assert.True(facility.Accessibility.StepFreeAccess);
        Assert.Equal(6, facility.WeeklyWindows.Count);
        var saturday = facility.WeeklyWindows.Where(w => w.DayOfWeek == Google.Type.DayOfWeek.Saturday).ToArray();
        Assert.Equal([(8, 12), (14, 24)], saturday.Select(w => (w.StartTime.Hours, w.EndTime.Hours)));
        var holiday = Assert.Single(facility.DateOverrides);
        Assert.Equal((2026, 10, 1, 0, "国庆节"), (holiday.Date.Year, holiday.Date.Month, holiday.Date.Day, holiday.Windows.Count, holiday.Reason));
        Assert.Equal((2, 3, 4, 2, 7), (facility.Rules.MaxActiveBookings, facility.Rules.MaxBookingsPerWeek, facility.Rules.MaxPartySize,
            facility.Rules.MaxSlotsPerBooking, facility.Rules.BookingHorizonDays));
        Assert.Equal(TimeSpan.FromHours(4), facility.Rules.CancellationDeadline.ToTimeSpan());
        // The console's edit form shows it back as it was typed.
        var form = await staff.GetAsync($"/manage/facilities/{id}/edit");
        Assert.Equal("08:00-12:00, 14:00-24:00", form.Value("Input.Days[5]"));
        Assert.Equal("2026-10-01", form.Value("Input.Overrides[0].Date"));
    }

    [Fact]
    public async Task Every_problem_of_the_form_shows_on_its_own_field_at_once_and_nothing_is_published()
    {
        using var staff = await StaffAsync();

        var page = await staff.SubmitAsync("/manage/institutions/school-1/facilities/new", NewCourt(f =>
        {
            f["Input.DisplayName"] = "";
            f["Input.Capacity"] = "许多";
            f["Input.Days[0]"] = "8点到12点";
            f["Input.Days[1]"] = "08:00-12:00, 11:00-13:00";
            f["Input.Days[2]"] = "18:00-17:00";
            f["Input.Overrides[1].Date"] = "2026-13-01";
            f["Input.Overrides[1].Hours"] = "09:00-10:00";
            f["Input.SlotMinutes"] = "1";
        }));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        foreach (var field in new[] { "Input.DisplayName", "Input.Capacity", "Input.Days[0]", "Input.Days[1]", "Input.Days[2]", "Input.Overrides[1].Date", "Input.SlotMinutes" })
        {
            Assert.True(page.FieldError(field) is not null, $"No error on {field}.");
        }
        Assert.Null(page.FieldError("Input.Days[5]"));
        Assert.Equal("8点到12点", page.Value("Input.Days[0]"));
        Assert.Equal("许多", page.Value("Input.Capacity"));
        Assert.Equal("2026-13-01", page.Value("Input.Overrides[1].Date"));
        var listed = await _f.Facilities(null).ListFacilitiesAsync(new ListFacilitiesRequest { Institution = "institutions/school-1" });
        Assert.Equal(2, listed.Facilities.Count);
    }

    [Fact]
    public async Task Someone_else_s_change_in_between_is_told_the_typed_values_kept_and_a_second_save_wins()
    {
        using var staff = await StaffAsync();
        var form = await staff.GetAsync("/manage/facilities/hall/edit");
        await _f.Facilities().UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/hall", Capacity = 1, DisplayName = "大礼堂" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        });
        var fields = form.Document.QuerySelectorAll("form.wide input[name], form.wide select[name], form.wide textarea[name]")
            .Where(e => e.GetAttribute("type") != "checkbox" || e.HasAttribute("checked"))
            .GroupBy(e => e.GetAttribute("name")!)
            .ToDictionary(g => g.Key, g => g.First().GetAttribute("value") ?? g.First().TextContent.Trim());
        fields["Input.Kind"] = "Hall";
        fields["Input.DisplayName"] = "新礼堂";
        fields.Remove("__RequestVerificationToken");

        var conflict = await staff.PostAsync("/manage/facilities/hall/edit", fields, form.AntiforgeryToken);
        fields["Input.Etag"] = conflict.Value("Input.Etag")!;
        var second = await staff.PostAsync("/manage/facilities/hall/edit", fields, conflict.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("ETAG_MISMATCH", conflict.Reason);
        Assert.Equal("新礼堂", conflict.Value("Input.DisplayName"));
        Assert.Equal(HttpStatusCode.Redirect, second.Status);
        Assert.Equal("新礼堂", (await _f.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = "facilities/hall" })).DisplayName);
    }

    [Fact]
    public async Task Staff_of_another_institution_cannot_open_or_post_its_forms()
    {
        using var other = await StaffAsync("qian.school");
        using var own = await StaffAsync();
        var form = await own.GetAsync("/manage/facilities/hall/edit");

        var open = await other.GetAsync("/manage/facilities/hall/edit");
        var post = await other.PostAsync("/manage/institutions/school-1/facilities/new", NewCourt(), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Forbidden, open.Status);
        Assert.True(post.Status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest); // another session's form token is not theirs
    }

    [Fact]
    public async Task Blackouts_are_added_with_every_problem_told_and_removed()
    {
        using var staff = await StaffAsync();

        var bad = await staff.SubmitAsync("/manage/facilities/court-x/blackouts", new Dictionary<string, string>
        {
            ["Input.StartDate"] = "2026-06-15",
            ["Input.EndDate"] = "2026-06-14",
            ["Input.StartTime"] = "25:00",
            ["Input.Reason"] = "",
        });
        var added = await staff.SubmitAsync("/manage/facilities/court-x/blackouts", new Dictionary<string, string>
        {
            ["Input.StartDate"] = "2026-06-15",
            ["Input.EndDate"] = "2026-06-16",
            ["Input.Reason"] = "Exam",
            ["Input.Note"] = "期末考试",
        });
        var page = await staff.GetAsync("/manage/facilities/court-x/blackouts");
        var slots = await _f.Facilities(null).ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = "facilities/court-x",
            StartDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 15 },
            EndDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 16 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.FieldError("Input.StartTime"));
        Assert.NotNull(bad.FieldError("Input.Reason"));
        Assert.Equal("2026-06-14", bad.Value("Input.EndDate"));
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var id = added.Location!.Split("added=")[1];
        Assert.NotNull(page.Document.QuerySelector($"[data-blackout='{id}']"));
        Assert.NotEmpty(slots.Slots);
        Assert.All(slots.Slots, s => Assert.Equal(CommunityShare.Contracts.V1.Slot.Types.State.BlackedOut, s.State));

        var removed = await staff.PostAsync("/manage/facilities/court-x/blackouts?handler=Delete",
            new Dictionary<string, string> { ["blackout"] = id }, page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Null((await staff.GetAsync("/manage/facilities/court-x/blackouts")).Document.QuerySelector($"[data-blackout='{id}']"));
    }

    [Fact]
    public async Task Requests_are_approved_or_declined_with_a_reason_the_resident_sees()
    {
        var first = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Tomorrow, 10) });
        var second = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Tomorrow, 14) });
        using var staff = await StaffAsync();
        var queue = await staff.GetAsync("/manage/institutions/school-1/approvals");
        Dictionary<string, string> Row(Booking b, string? reason = null)
        {
            var fields = new Dictionary<string, string> { ["facility"] = "hall", ["booking"] = b.Name.Split('/')[^1] };
            if (reason is not null)
            {
                fields["reason"] = reason;
            }
            return fields;
        }

        var approved = await staff.PostAsync("/manage/institutions/school-1/approvals?handler=Approve", Row(first), queue.AntiforgeryToken);
        var noReason = await staff.PostAsync("/manage/institutions/school-1/approvals?handler=Decline", Row(second, ""), queue.AntiforgeryToken);
        var declined = await staff.PostAsync("/manage/institutions/school-1/approvals?handler=Decline", Row(second, "当天有校内活动"), queue.AntiforgeryToken);

        Assert.Equal(2, queue.Document.QuerySelectorAll("[data-booking]").Length);
        Assert.Equal(HttpStatusCode.Redirect, approved.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.NotNull(noReason.Document.QuerySelector($"[data-booking='{second.Name.Split('/')[^1]}'] [data-valmsg-for=reason]"));
        Assert.Equal(HttpStatusCode.Redirect, declined.Status);
        var mine = await _f.Bookings("resident:r1").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-" });
        Assert.Equal(Booking.Types.State.Confirmed, mine.Bookings.Single(b => b.Name == first.Name).State);
        Assert.Equal(("当天有校内活动", Booking.Types.State.Declined),
            (mine.Bookings.Single(b => b.Name == second.Name).DeclineReason, mine.Bookings.Single(b => b.Name == second.Name).State));
        Assert.NotNull((await staff.GetAsync("/manage/institutions/school-1/approvals")).Document.QuerySelector("[data-empty]"));
    }

    [Fact]
    public async Task At_the_door_a_code_checks_the_resident_in_and_a_resident_who_did_not_come_is_a_no_show()
    {
        var coming = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Tomorrow, 10) });
        var absent = await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Tomorrow, 9) });
        _f.Clock.Reset(Tomorrow.At(new LocalTime(9, 45)).InZoneStrictly(Shanghai).ToInstant());
        using var staff = await StaffAsync();
        var door = await staff.GetAsync("/manage/institutions/school-1/today");

        var wrong = await staff.PostAsync("/manage/institutions/school-1/today?handler=CheckIn", new Dictionary<string, string> { ["Code"] = "NOPE2345" }, door.AntiforgeryToken);
        var right = await staff.PostAsync("/manage/institutions/school-1/today?handler=CheckIn",
            new Dictionary<string, string> { ["Code"] = coming.CheckInCode.ToLowerInvariant() }, door.AntiforgeryToken);
        var noShow = await staff.PostAsync("/manage/institutions/school-1/today?handler=NoShow",
            new Dictionary<string, string> { ["facility"] = "court-x", ["booking"] = absent.Name.Split('/')[^1] }, door.AntiforgeryToken);
        var after = await staff.GetAsync("/manage/institutions/school-1/today");

        Assert.Equal(2, door.Document.QuerySelectorAll("[data-booking]").Length);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("NOPE2345", wrong.Value("Code"));
        Assert.NotNull(wrong.FieldError("Code"));
        Assert.Equal(HttpStatusCode.Redirect, right.Status);
        Assert.Equal(HttpStatusCode.Redirect, noShow.Status);
        Assert.Equal("CheckedIn", after.Document.QuerySelector($"[data-booking='{coming.Name.Split('/')[^1]}']")?.GetAttribute("data-state"));
        Assert.Equal("NoShow", after.Document.QuerySelector($"[data-booking='{absent.Name.Split('/')[^1]}']")?.GetAttribute("data-state"));
        _ = Duration.Zero;
    }
}
