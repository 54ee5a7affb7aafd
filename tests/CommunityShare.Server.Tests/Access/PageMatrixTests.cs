using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using CommunityShare.Server.Tests.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using static CommunityShare.Server.Tests.Access.Actors;
using static CommunityShare.Server.Tests.Access.Outcome;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The authorization matrix of the web door: every page handler of the server (found by reflection
/// over its page models, so a new handler without an entry fails <see cref="Every_page_handler_has_a_matrix_entry"/>)
/// called by each actor of the <see cref="MatrixScenario"/> with a real cookie session. Anonymous
/// visitors of a page that needs a caller are sent to sign in; a refusal is 403 with the same reason
/// code as the gRPC door (shown as data-reason on the status page).
/// </summary>
public sealed partial class PageMatrixTests(MatrixScenario s) : IClassFixture<MatrixScenario>
{
    /// <summary>How to call the handler as an actor (with their web session); returns the answer.</summary>
    public delegate Task<WebPage> Visit(MatrixScenario s, string actor, WebSession web);

    /// <summary>One row: "{PageModel} {VERB} {handler}" with an optional " [variant]", how to call it, and the outcome per actor.</summary>
    /// <param name="Refusable">
    /// The answer may be a refusal of what was sent (a wrong password) or a status page showing the
    /// status it was asked for, which still counts as reached; otherwise a reached cell must succeed.
    /// </param>
    public sealed record Entry(string Key, Visit Call, Outcome[] Expected, bool Refusable = false)
    {
        public string Handler => Key.Split(" [")[0];
    }

    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] SignedIn = [Unauth, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] SeesR1sBooking = [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok];
    /// <summary>Staff who oversee school-1 (its own, Xinzhuang's office, the supervisor, the district) see its console.</summary>
    private static readonly Outcome[] OverseesSchool1 = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok];
    /// <summary>Staff who manage school-1 change it; the supervisor only looks.</summary>
    private static readonly Outcome[] ManagesSchool1 = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] OverseesXinzhuang = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok];
    private static readonly Outcome[] ServesAtCounter = [Unauth, NotAllowed, NotAllowed, Ok, Ok, NotInScope, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] CounterForR1 = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];

    /// <summary>Tomorrow 14:00 at hall-x (500 places), as the facility page links it.</summary>
    private static readonly string BookStart = NodaTime.Text.InstantPattern.General.Format(
        MatrixScenario.Tomorrow.At(new NodaTime.LocalTime(14, 0)).InZoneStrictly(Demo.Shanghai).ToInstant());

    private static readonly string BookLink = "/facilities/hall-x/book?start=" + BookStart;

    /// <summary>The page of a new booking of r1 at hall-x, with <paramref name="suffix"/> (/qr, /calendar).</summary>
    private static async Task<string> BookingPageAsync(MatrixScenario s, string suffix)
    {
        var ids = (await s.NewBookingAsync()).Name.Split('/');
        return $"/bookings/{ids[1]}/{ids[3]}{suffix}";
    }

    public static readonly Entry[] Matrix =
    [
        new("IndexModel GET", (s, a, web) => web.GetAsync("/"), Public),
        new("ErrorModel GET", (s, a, web) => web.GetAsync("/error"), Public),
        new("ErrorModel POST", (s, a, web) => PostAsync(web, "/", "/error"), Public),
        new("StatusModel GET", (s, a, web) => web.GetAsync("/status/404"), Public, Refusable: true),
        new("StatusModel POST", (s, a, web) => PostAsync(web, "/", "/status/404"), Public, Refusable: true),
        new("SignInModel GET", (s, a, web) => web.GetAsync("/account/sign-in"), Public),
        // A wrong password is 400 for everyone; the point is that nobody is refused the form.
        new("SignInModel POST", (s, a, web) => web.SubmitAsync("/account/sign-in", new Dictionary<string, string>
        {
            ["Input.UserName"] = "nobody",
            ["Input.Password"] = "wrong-password",
        }), Public, Refusable: true),
        new("SignOutModel GET", (s, a, web) => web.GetAsync("/account/sign-out"), Public),
        // Signing out is tried with a throwaway session, so that the actor's own stays signed in.
        new("SignOutModel POST", async (s, a, web) =>
        {
            using var other = new WebSession(s.F);
            if (a != Anonymous)
            {
                await other.SignInAsync(Actors.Account(a).Id, MatrixScenario.Password);
            }
            return await PostAsync(other, "/account", "/account/sign-out");
        }, Public),
        new("ForgotPasswordModel GET", (s, a, web) => web.GetAsync("/account/forgot-password"), Public),
        new("ForgotPasswordModel POST", (s, a, web) => web.SubmitAsync("/account/forgot-password",
            new Dictionary<string, string> { ["Input.UserName"] = "nobody" }), Public),
        new("ResetPasswordModel GET", (s, a, web) => web.GetAsync("/account/reset-password?account=x&token=y"), Public),
        new("ResetPasswordModel POST", (s, a, web) => web.SubmitAsync("/account/reset-password?account=x&token=y", new Dictionary<string, string>
        {
            ["Input.Account"] = "x",
            ["Input.Token"] = "y",
            ["Input.NewPassword"] = "a-new-password",
            ["Input.ConfirmPassword"] = "a-new-password",
        }), Public, Refusable: true),
        new("MyAccountModel GET", (s, a, web) => web.GetAsync("/account"), SignedIn),
        new("WorkbenchModel GET", (s, a, web) => web.GetAsync("/manage"), [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        // The town and street office console. The area overview: staff who oversee the place (as PlaceStatistics.OverviewAsync).
        new("AreaOverviewModel GET", (s, a, web) => web.GetAsync("/manage/places/310112101"), OverseesXinzhuang),
        // Counter service: office and district staff (Actor.ServesAtCounter); a resident's record, as GetResident, only where they oversee it.
        new("CounterModel GET", (s, a, web) => web.GetAsync("/manage/counter"), ServesAtCounter),
        new("CounterModel POST", (s, a, web) => PostAsync(web, "/manage/counter", "/manage/counter",
            new Dictionary<string, string> { ["Q"] = "13700000001" }), ServesAtCounter),
        new("CounterResidentModel GET", (s, a, web) => web.GetAsync("/manage/counter/residents/r1"), CounterForR1),
        new("CounterResidentModel POST Cancel", async (s, a, web) =>
        {
            var ids = (await s.NewBookingAsync()).Name.Split('/');
            return await PostAsync(web, "/manage/counter", "/manage/counter/residents/r1?handler=Cancel",
                new Dictionary<string, string> { ["Facility"] = ids[1], ["Booking"] = ids[3] });
        }, CounterForR1),
        // r1's booking today at 11:00, checked in at 10:45 with the code r1 shows.
        new("CounterResidentModel POST CheckIn", async (s, a, web) =>
        {
            var booking = await s.NewBookingTodayAsync(11);
            var ids = booking.Name.Split('/');
            return await s.AtTodayAsync(new LocalTime(10, 45), () => PostAsync(web, "/manage/counter", "/manage/counter/residents/r1?handler=CheckIn",
                new Dictionary<string, string> { ["Facility"] = ids[1], ["Booking"] = ids[3], ["Code"] = booking.CheckInCode }));
        }, CounterForR1),
        // A new Xinzhuang resident's consent for r2 (found by r2's mobile): the office of the resident's home or the district (as CreateProxyGrant).
        new("CounterResidentModel POST Consent", async (s, a, web) =>
        {
            var resident = (await s.RegisterResidentAsync()).Name.Split('/')[1];
            return await PostAsync(web, "/manage/counter", $"/manage/counter/residents/{resident}?handler=Consent", new Dictionary<string, string>
            {
                ["Grant.Proxy"] = "13700000002",
                ["Grant.Relationship"] = "邻居",
                ["Grant.Note"] = "本人到场签字",
                ["Grant.RequestId"] = Guid.NewGuid().ToString(),
            });
        }, CounterForR1),
        new("CounterResidentModel POST Household", async (s, a, web) =>
        {
            var resident = (await s.RegisterResidentAsync()).Name.Split('/')[1];
            return await PostAsync(web, "/manage/counter", $"/manage/counter/residents/{resident}?handler=Household",
                new Dictionary<string, string> { ["Household"] = "310112101001-h9" });
        }, CounterForR1),
        new("CounterBookModel GET", (s, a, web) => web.GetAsync("/manage/counter/residents/r1/book?facility=hall-x"), CounterForR1),
        new("CounterBookModel POST", (s, a, web) => PostAsync(web, "/manage/counter",
            $"/manage/counter/residents/r1/book?facility=hall-x&start={Uri.EscapeDataString(BookStart)}", new Dictionary<string, string>
            {
                ["Input.RequestId"] = Guid.NewGuid().ToString(),
                ["Input.Slots"] = "1",
                ["Input.PartySize"] = "1",
                ["Input.Consent"] = "InPerson",
                ["Input.Note"] = "本人到场",
            }), CounterForR1),
        new("CounterBookingModel GET", async (s, a, web) =>
        {
            var ids = (await s.NewBookingAsync()).Name.Split('/');
            return await web.GetAsync($"/manage/counter/residents/r1/bookings/{ids[1]}/{ids[3]}");
        }, CounterForR1),
        new("MyBookingsModel GET", (s, a, web) => web.GetAsync("/bookings"), SignedIn),
        // Cancelling r1's booking: r1 and the staff responsible for hall-x (the same rule as CancelBooking).
        new("MyBookingsModel POST Cancel", async (s, a, web) =>
        {
            var booking = await s.NewBookingAsync();
            var ids = booking.Name.Split('/');
            return await PostAsync(web, "/bookings", "/bookings?handler=Cancel",
                new Dictionary<string, string> { ["facility"] = ids[1], ["booking"] = ids[3] });
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok]),
        new("FacilitySearchModel GET", (s, a, web) => web.GetAsync("/facilities?Kind=Hall"), Public),
        new("FacilityDetailModel GET", (s, a, web) => web.GetAsync("/facilities/hall-x"), Public),
        new("BookModel GET", (s, a, web) => web.GetAsync(BookLink), SignedIn),
        // Every signed-in actor reaches the form; whether the booking is made is CreateBooking's
        // decision (staff without a resident to book for get the form back with the problem).
        new("BookModel POST", async (s, a, web) =>
        {
            var form = await web.GetAsync(BookLink);
            return await PostAsync(web, BookLink, BookLink, new Dictionary<string, string>
            {
                ["Start"] = BookStart,
                ["Input.RequestId"] = form.Value("Input.RequestId") ?? Guid.NewGuid().ToString(),
                ["Input.Slots"] = "1",
                ["Input.PartySize"] = "1",
                ["Input.AcceptRules"] = "true",
            });
        }, [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        // Joining the line of a full slot from the booking form: residents for themselves, as JoinWaitlist.
        new("BookModel POST JoinWaitlist", async (s, a, web) =>
        {
            var facility = (await s.NewFullFacilityAsync()).Split('/')[1];
            var start = NodaTime.Text.InstantPattern.General.Format(MatrixScenario.Tomorrow.At(new LocalTime(10, 0)).InZoneStrictly(Demo.Shanghai).ToInstant());
            var link = $"/facilities/{facility}/book?start={start}";
            var form = await web.GetAsync(link);
            return await PostAsync(web, link, $"/facilities/{facility}/book?handler=JoinWaitlist", new Dictionary<string, string>
            {
                ["Start"] = start,
                ["Input.RequestId"] = form.Value("Input.RequestId") ?? Guid.NewGuid().ToString(),
                ["Input.Slots"] = "1",
                ["Input.PartySize"] = "1",
                ["Input.AcceptRules"] = "true",
            });
        }, [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        // The resident's waitlist: everyone signed in reaches it (staff are told it is the residents'); an offer is
        // taken only by its resident (as AcceptWaitlistOffer), a line left by them or staff who manage the facility.
        new("MyWaitlistModel GET", (s, a, web) => web.GetAsync("/waitlist"), SignedIn),
        new("MyWaitlistModel POST Accept", async (s, a, web) =>
        {
            var ids = (await s.NewWaitlistOfferAsync()).Name.Split('/');
            return await PostAsync(web, "/waitlist", "/waitlist?handler=Accept", new Dictionary<string, string> { ["facility"] = ids[1], ["entry"] = ids[3] });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("MyWaitlistModel POST Withdraw", async (s, a, web) =>
        {
            var ids = (await s.NewWaitlistEntryAsync()).Name.Split('/');
            return await PostAsync(web, "/waitlist", "/waitlist?handler=Withdraw", new Dictionary<string, string> { ["facility"] = ids[1], ["entry"] = ids[3] });
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok]),
        // Applying for a lottery slot: residents for themselves, as CreateLotteryApplication (staff are told it is the residents').
        new("ApplyModel GET", async (s, a, web) => await web.GetAsync(await ApplyLinkAsync(s)), SignedIn),
        new("ApplyModel POST", async (s, a, web) =>
        {
            var link = await ApplyLinkAsync(s);
            var form = await web.GetAsync(link);
            return await PostAsync(web, link, link, new Dictionary<string, string>
            {
                ["Start"] = link.Split("start=")[1],
                ["Input.RequestId"] = form.Value("Input.RequestId") ?? Guid.NewGuid().ToString(),
                ["Input.PartySize"] = "1",
                ["Input.AcceptRules"] = "true",
            });
        }, [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        // The resident's applications and results; withdrawn by them or staff who manage the facility (as WithdrawLotteryApplication).
        new("MyLotteriesModel GET", (s, a, web) => web.GetAsync("/lotteries"), SignedIn),
        new("MyLotteriesModel POST Withdraw", async (s, a, web) =>
        {
            var ids = (await s.NewApplicationAsync()).Name.Split('/');
            return await PostAsync(web, "/lotteries", "/lotteries?handler=Withdraw", new Dictionary<string, string> { ["facility"] = ids[1], ["application"] = ids[3] });
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok]),
        // r1's booking, its QR image and calendar file: r1 and staff who oversee hall-x (as GetBooking).
        new("BookingDetailModel GET", async (s, a, web) => await web.GetAsync(await BookingPageAsync(s, "")), SeesR1sBooking),
        new("BookingDetailModel GET Qr", async (s, a, web) => await web.GetAsync(await BookingPageAsync(s, "/qr")), SeesR1sBooking),
        new("BookingDetailModel GET Calendar", async (s, a, web) => await web.GetAsync(await BookingPageAsync(s, "/calendar")), SeesR1sBooking),
        // r1's record, masked: r1 and the staff overseeing Xinzhuang, as ResidentService.GetResident.
        // The institution console (school-1 owns court-x, hall-x and approval-x).
        new("InstitutionConsoleModel GET", (s, a, web) => web.GetAsync("/manage/institutions/school-1"), OverseesSchool1),
        new("FacilityEditModel GET", (s, a, web) => web.GetAsync("/manage/facilities/hall-x/edit"), OverseesSchool1),
        new("FacilityEditModel POST", (s, a, web) => PostAsync(web, "/manage/institutions/school-1/facilities/new", "/manage/institutions/school-1/facilities/new",
            new Dictionary<string, string>
            {
                ["Input.DisplayName"] = "新场地" + s.Next(),
                ["Input.Kind"] = "Court",
                ["Input.Capacity"] = "1",
                ["Input.Days[0]"] = "08:00-12:00",
                ["Input.SlotMinutes"] = "60",
                ["Input.MaxSlots"] = "1",
                ["Input.HorizonDays"] = "7",
            }), ManagesSchool1),
        new("BlackoutsModel GET", (s, a, web) => web.GetAsync("/manage/facilities/court-x/blackouts"), OverseesSchool1),
        new("BlackoutsModel POST", (s, a, web) => PostAsync(web, "/manage/facilities/court-x/blackouts", "/manage/facilities/court-x/blackouts",
            new Dictionary<string, string> { ["Input.StartDate"] = "2026-09-01", ["Input.EndDate"] = "2026-09-01", ["Input.Reason"] = "Maintenance" }), ManagesSchool1),
        new("BlackoutsModel POST Delete", async (s, a, web) =>
        {
            var blackout = await s.NewBlackoutAsync();
            return await PostAsync(web, "/manage/facilities/court-x/blackouts", "/manage/facilities/court-x/blackouts?handler=Delete",
                new Dictionary<string, string> { ["blackout"] = blackout.Name.Split('/')[^1] });
        }, ManagesSchool1),
        // Weekly series of a facility: seen by those who oversee it, made and cancelled by those who manage it (for the group's resident).
        new("SeriesModel GET", (s, a, web) => web.GetAsync("/manage/facilities/hall-x/series"), OverseesSchool1),
        new("SeriesModel POST", (s, a, web) => PostAsync(web, "/manage/facilities/hall-x/series", "/manage/facilities/hall-x/series",
            new Dictionary<string, string>
            {
                ["Input.Resident"] = "r1",
                ["Input.DisplayName"] = "太极拳班",
                ["Input.Days"] = MatrixScenario.Tomorrow.DayOfWeek.ToString(),
                ["Input.StartTime"] = "10:00",
                ["Input.Slots"] = "1",
                ["Input.FirstDate"] = MatrixScenario.Tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["Input.LastDate"] = MatrixScenario.Tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["Input.PartySize"] = "4",
                ["Input.Consent"] = "InPerson",
                ["Input.RequestId"] = Guid.NewGuid().ToString(),
            }), ManagesSchool1),
        new("SeriesModel POST Cancel", async (s, a, web) =>
        {
            var series = await s.NewSeriesAsync();
            return await PostAsync(web, "/manage/facilities/hall-x/series", "/manage/facilities/hall-x/series?handler=Cancel", new Dictionary<string, string>
            {
                ["series"] = series.Name.Split('/')[^1],
                ["date"] = MatrixScenario.Tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["rest"] = "true",
            });
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok]), // as CancelBookingSeries: the resident too
        new("LotteryModel GET", (s, a, web) => web.GetAsync("/manage/facilities/hall-x/lottery"), OverseesSchool1),
        new("ApprovalsModel GET", (s, a, web) => web.GetAsync("/manage/institutions/school-1/approvals"), OverseesSchool1),
        new("ApprovalsModel POST Approve", async (s, a, web) =>
        {
            var booking = await s.NewBookingAsync("approval-x");
            return await PostAsync(web, "/manage/institutions/school-1/approvals", "/manage/institutions/school-1/approvals?handler=Approve",
                new Dictionary<string, string> { ["facility"] = "approval-x", ["booking"] = booking.Name.Split('/')[^1] });
        }, ManagesSchool1),
        new("ApprovalsModel POST Decline", async (s, a, web) =>
        {
            var booking = await s.NewBookingAsync("approval-x");
            return await PostAsync(web, "/manage/institutions/school-1/approvals", "/manage/institutions/school-1/approvals?handler=Decline",
                new Dictionary<string, string> { ["facility"] = "approval-x", ["booking"] = booking.Name.Split('/')[^1], ["reason"] = "场地维修" });
        }, ManagesSchool1),
        new("TodayModel GET", (s, a, web) => web.GetAsync("/manage/institutions/school-1/today"), OverseesSchool1),
        new("TodayModel POST CheckIn", async (s, a, web) =>
        {
            var booking = await s.NewBookingTodayAsync(11);
            return await s.AtTodayAsync(new LocalTime(10, 45), () => PostAsync(web, "/manage/institutions/school-1/today",
                "/manage/institutions/school-1/today?handler=CheckIn", new Dictionary<string, string> { ["Code"] = booking.CheckInCode }));
        }, ManagesSchool1),
        new("TodayModel POST NoShow", async (s, a, web) =>
        {
            var booking = await s.NewBookingTodayAsync(11);
            return await s.AtTodayAsync(new LocalTime(11, 15), () => PostAsync(web, "/manage/institutions/school-1/today",
                "/manage/institutions/school-1/today?handler=NoShow",
                new Dictionary<string, string> { ["facility"] = "hall-x", ["booking"] = booking.Name.Split('/')[^1] }));
        }, ManagesSchool1),
        // The credit record: the resident's own page, the office's appeals, the institution's report.
        new("MyCreditModel GET", (s, a, web) => web.GetAsync("/account/credit"),
            [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("MyCreditModel POST Appeal", async (s, a, web) =>
        {
            var strike = await s.NewStrikeAsync();
            return await PostAsync(web, "/account/credit", "/account/credit?handler=Appeal",
                new Dictionary<string, string> { ["Entry"] = strike.Name.Split('/')[^1], ["Statement"] = "那天生病了" });
        }, [Unauth, Ok, Unfound, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("AppealsModel GET", (s, a, web) => web.GetAsync("/manage/appeals"), [Unauth, NotAllowed, NotAllowed, Ok, Ok, NotInScope, NotInScope, Ok, Ok]),
        new("AppealsModel POST Decide", async (s, a, web) =>
        {
            var appeal = await s.NewAppealAsync();
            return await PostAsync(web, "/manage/appeals", "/manage/appeals?handler=Decide",
                new Dictionary<string, string> { ["Appeal"] = appeal.Name, ["Outcome"] = "reject", ["Decision"] = "证据不足" });
        }, [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("ReportModel GET", async (s, a, web) =>
        {
            var booking = await s.NewBookingTodayAsync(11);
            return await web.GetAsync($"/manage/facilities/hall-x/bookings/{booking.Name.Split('/')[^1]}/report");
        }, [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        new("ReportModel POST", async (s, a, web) =>
        {
            var booking = await s.NewBookingTodayAsync(11);
            var path = $"/manage/facilities/hall-x/bookings/{booking.Name.Split('/')[^1]}/report";
            return await s.AtTodayAsync(new LocalTime(11, 30), () => PostAsync(web, "/manage/institutions/school-1", path,
                new Dictionary<string, string> { ["Kind"] = "RuleBreach", ["Evidence"] = "超员" }));
        }, ManagesSchool1),
        // Volunteers: r1 and r2 volunteer in Xinzhuang; the console belongs to its office.
        new("VolunteerHomeModel GET", (s, a, web) => web.GetAsync("/volunteer"), [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        // r1 and r2 are volunteers already: their registration is refused as ALREADY_EXISTS, staff are turned away.
        new("VolunteerHomeModel POST Register", (s, a, web) => PostAsync(web, "/volunteer", "/volunteer?handler=Register",
            new Dictionary<string, string> { ["MaxHoursPerWeek"] = "8" }),
            [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed], Refusable: true),
        new("VolunteerHomeModel POST SignUp", async (s, a, web) =>
        {
            var shift = await s.NewShiftAsync();
            return await PostAsync(web, "/volunteer", "/volunteer?handler=SignUp", new Dictionary<string, string> { ["Target"] = shift.Name });
        }, [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("VolunteerHomeModel POST CheckIn", async (s, a, web) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync();
            return await s.AtTodayAsync(start.PlusMinutes(-10), () => PostAsync(web, "/volunteer", "/volunteer?handler=CheckIn",
                new Dictionary<string, string> { ["Target"] = assignment.Name }));
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("VolunteerHomeModel POST CheckOut", async (s, a, web) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync(checkIn: true);
            return await s.AtTodayAsync(start.PlusMinutes(5), () => PostAsync(web, "/volunteer", "/volunteer?handler=CheckOut",
                new Dictionary<string, string> { ["Target"] = assignment.Name }));
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("CertificateModel GET", async (s, a, web) => await web.GetAsync("/volunteer/certificates/" + (await s.SharedCertificateAsync()).Number),
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("CertificateModel GET Image", async (s, a, web) =>
                await web.GetAsync("/volunteer/certificates/" + (await s.SharedCertificateAsync()).Number + "?handler=Image"),
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("VerifyCertificateModel GET", async (s, a, web) => await web.GetAsync("/certificates/" + (await s.SharedCertificateAsync()).Number), Public),
        new("RosterModel GET", (s, a, web) => web.GetAsync("/manage/volunteers/310112101"), OverseesXinzhuang),
        new("RosterModel POST Propose", (s, a, web) => PostAsync(web, "/manage/volunteers/310112101", "/manage/volunteers/310112101?handler=Propose",
            new Dictionary<string, string> { ["Week"] = "2026-09-07" }), CounterForR1),
        new("RosterModel POST Publish", (s, a, web) => PostAsync(web, "/manage/volunteers/310112101", "/manage/volunteers/310112101?handler=Publish",
            new Dictionary<string, string> { ["Week"] = "2026-09-07" }), CounterForR1),
        new("RosterModel POST Decide", async (s, a, web) =>
        {
            var assignment = await s.NewAssignmentAsync(requestDrop: true);
            return await PostAsync(web, "/manage/volunteers/310112101", "/manage/volunteers/310112101?handler=Decide",
                new Dictionary<string, string> { ["Target"] = assignment.Name, ["Outcome"] = "refuse" });
        }, CounterForR1),
        new("RosterModel POST CheckIn", async (s, a, web) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync();
            return await s.AtTodayAsync(start.PlusMinutes(5), () => PostAsync(web, "/manage/volunteers/310112101", "/manage/volunteers/310112101?handler=CheckIn",
                new Dictionary<string, string> { ["Target"] = assignment.Name }));
        },
            // The use case lets the volunteer check themselves in, whichever page sends it.
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("RosterModel POST Confirm", async (s, a, web) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync(checkIn: true);
            return await s.AtTodayAsync(start.PlusMinutes(15), () => PostAsync(web, "/manage/volunteers/310112101", "/manage/volunteers/310112101?handler=Confirm",
                new Dictionary<string, string> { ["Target"] = assignment.Name }));
        }, CounterForR1),
        new("InboxModel GET", (s, a, web) => web.GetAsync("/inbox"), SignedIn),
        new("MyQuotasModel GET", (s, a, web) => web.GetAsync("/account/quotas"),
            [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("PoliciesModel GET", (s, a, web) => web.GetAsync("/policies"), Public),
        // The district's policies: any staff may read them there; only district staff save them.
        new("PoliciesEditModel GET", (s, a, web) => web.GetAsync("/manage/policies"), [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("PoliciesEditModel POST Credit", (s, a, web) => PostAsync(web, "/manage/policies", "/manage/policies?handler=Credit",
            new Dictionary<string, string> { ["Credit.StrikeLifetimeDays"] = "365" }),
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("PoliciesEditModel POST Quota", (s, a, web) => PostAsync(web, "/manage/policies", "/manage/policies?handler=Quota", []),
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        // The reminder's link opens the booking to whoever holds it: it was sent to the resident's phone.
        new("CancelByLinkModel GET", async (s, a, web) => await web.GetAsync(s.CancelLinkFor(await s.NewBookingAsync())), Public),
        new("CancelByLinkModel POST", async (s, a, web) =>
        {
            var path = s.CancelLinkFor(await s.NewBookingAsync());
            return await PostAsync(web, path, path, new Dictionary<string, string> { ["Token"] = Uri.UnescapeDataString(path.Split("token=")[1]) });
        }, Public),
        new("ResidentDetailModel GET", (s, a, web) => web.GetAsync("/residents/r1"),
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),

        // The complaint pages: rows in ComplaintsPageMatrix.cs.
        .. ComplaintsPageMatrix.Rows,
        // The time bank pages: rows in TimeBankPageMatrix.cs.
        .. TimeBankPageMatrix.Rows,
        .. ContractsPageMatrix.Rows,

        // The evaluation and openness pages: rows in EvaluationsPageMatrix.cs.
        .. EvaluationsPageMatrix.Rows,
    ];

    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var entry in Matrix)
            {
                foreach (var actor in All)
                {
                    data.Add(entry.Key, actor);
                }
            }
            return data;
        }
    }

    [Fact]
    public void Every_page_handler_has_a_matrix_entry()
    {
        var handlers = typeof(CommunityShare.Server.Web.AppPageModel).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(m => HandlerName().Match(m.Name))
                .Where(m => m.Success)
                .Select(m => $"{t.Name} {m.Groups[1].Value.ToUpperInvariant()}{(m.Groups[2].Value.Length > 0 ? " " + m.Groups[2].Value : "")}"))
            .ToHashSet();
        var entered = Matrix.Select(e => e.Handler).ToHashSet();

        Assert.True(handlers.Count >= 15, $"Only {handlers.Count} page handlers found by reflection; the scan is broken.");
        Assert.True(handlers.SetEquals(entered),
            $"Page handlers without a matrix entry: [{string.Join(", ", handlers.Except(entered).Order())}]; " +
            $"entries for no handler: [{string.Join(", ", entered.Except(handlers).Order())}].");
        Assert.All(Matrix, e => Assert.Equal(All.Length, e.Expected.Length));
        Assert.Equal(Matrix.Length, Matrix.Select(e => e.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string handler, string actor)
    {
        var entry = Matrix.Single(e => e.Key == handler);
        var expected = entry.Expected[Array.IndexOf(All, actor)];

        var page = await entry.Call(s, actor, await s.WebAsync(actor));

        Assert.Equal(Describe(expected), Describe(page, entry.Refusable));
    }

    private static string Describe(Outcome outcome) => outcome switch
    {
        Ok => "reached",
        Unauth => "sent to sign in",
        NotAllowed => "403 NOT_ALLOWED",
        Unfound => "404",
        _ => "403 NOT_IN_SCOPE",
    };

    private static string Describe(WebPage page, bool refusable) => page switch
    {
        { Status: HttpStatusCode.BadRequest or HttpStatusCode.Conflict } when !refusable && page.Reason != "FORM_EXPIRED" =>
            $"{(int)page.Status} {page.Reason} {string.Join(" ", page.SummaryErrors)}",
        { Status: HttpStatusCode.Redirect, Location: { } l } when l.StartsWith("/account/sign-in", StringComparison.Ordinal) => "sent to sign in",
        { Status: HttpStatusCode.Forbidden } => "403 " + page.Reason,
        { Status: HttpStatusCode.NotFound } when !refusable => "404",
        { Status: HttpStatusCode.Unauthorized } => "401",
        { Status: HttpStatusCode.BadRequest, Reason: "FORM_EXPIRED" } => "form refused (FORM_EXPIRED)",
        { Status: >= HttpStatusCode.InternalServerError } => $"{(int)page.Status} server error",
        _ => "reached",
    };

    /// <summary>Posts a form the way a page that shows it would (its antiforgery token from <paramref name="formPage"/>).</summary>
    /// <summary>The apply page of a new lottery facility's slot (the scenario's lottery date, 10:00).</summary>
    private static async Task<string> ApplyLinkAsync(MatrixScenario s)
    {
        var facility = (await s.NewLotteryFacilityAsync()).Split('/')[1];
        var start = NodaTime.Text.InstantPattern.General.Format(MatrixScenario.LotteryDate.At(new LocalTime(10, 0)).InZoneStrictly(Demo.Shanghai).ToInstant());
        return $"/facilities/{facility}/apply?start={start}";
    }

    private static async Task<WebPage> PostAsync(WebSession web, string formPage, string action, Dictionary<string, string>? fields = null)
    {
        var form = await web.GetAsync(formPage);
        var token = form.AntiforgeryToken ?? (await web.GetAsync("/account/sign-in")).AntiforgeryToken;
        return await web.PostAsync(action, fields ?? [], token);
    }

    [GeneratedRegex("^On(Get|Post|Put|Delete|Patch)(\\w*?)(?:Async)?$")]
    private static partial Regex HandlerName();
}
