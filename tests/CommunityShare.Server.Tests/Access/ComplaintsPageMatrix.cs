using CommunityShare.Contracts.V1;
using CommunityShare.Server.Tests.Web;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.PageMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The complaint pages' rows of the page matrix, as the gRPC door: anyone signed in files and sees
/// their own; the queue is for staff (each sees their part); school-1, the Xinzhuang office and the
/// district answer and close r1's complaint about court-x; only r1 rates it; inspections by the
/// offices, the supervisor and the district; the calendar is the district's; statistics are public.
/// </summary>
public static class ComplaintsPageMatrix
{
    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] SignedIn = [Unauth, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] Handlers = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] DistrictKeeps = [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok];

    public static readonly Entry[] Rows =
    [
        new("NewComplaintModel GET", (s, a, web) => web.GetAsync("/complaints/new?facility=court-x"), SignedIn),
        new("NewComplaintModel POST", (s, a, web) => PostAsync(web, "/complaints/new?facility=court-x", "/complaints/new?facility=court-x",
            new Dictionary<string, string>
            {
                ["Facility"] = "court-x",
                ["Input.Kind"] = "Facility",
                ["Input.Description"] = "篮球场的灯坏了。",
                ["Input.RequestId"] = Guid.NewGuid().ToString(),
            }), SignedIn),
        new("MyComplaintsModel GET", (s, a, web) => web.GetAsync("/complaints"), SignedIn),
        new("MyComplaintsModel POST Rate", async (s, a, web) =>
        {
            var c = await ClosedComplaintAsync(s);
            return await PostAsync(web, "/complaints", "/complaints?handler=Rate", new Dictionary<string, string>
            {
                ["Complaint"] = c.Name.Split('/')[1],
                ["Satisfaction"] = "4",
            });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotInScope, NotAllowed, NotInScope, NotAllowed, NotAllowed]),
        new("ComplaintQueueModel GET", (s, a, web) => web.GetAsync("/manage/complaints"), [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("ComplaintQueueModel POST Respond", async (s, a, web) =>
        {
            var c = await ComplaintsMatrix.NewComplaintAsync(s);
            return await PostAsync(web, "/manage/complaints", "/manage/complaints?handler=Respond", new Dictionary<string, string>
            {
                ["Complaint"] = c.Name.Split('/')[1],
                ["Answer"] = "已安排维修。",
            });
        }, Handlers),
        new("ComplaintQueueModel POST Close", async (s, a, web) =>
        {
            var c = await ComplaintsMatrix.NewComplaintAsync(s);
            return await PostAsync(web, "/manage/complaints", "/manage/complaints?handler=Close", new Dictionary<string, string>
            {
                ["Complaint"] = c.Name.Split('/')[1],
                ["Outcome"] = "Upheld",
                ["Note"] = "属实，已整改。",
            });
        }, Handlers),
        new("InspectionsModel GET", (s, a, web) => web.GetAsync("/manage/inspections"), [Unauth, NotAllowed, NotAllowed, Ok, Ok, NotInScope, NotInScope, Ok, Ok]),
        new("InspectionsModel POST", (s, a, web) => PostAsync(web, "/manage/inspections", "/manage/inspections", new Dictionary<string, string>
        {
            ["Input.Facility"] = "court-x",
            ["Input.When"] = "2026-06-10T08:00",
            ["Input.Inspector"] = "莘庄镇 李明",
            ["Input.Items[0].Item"] = "安全出口畅通",
            ["Input.Items[0].Passed"] = "true",
            ["Input.Result"] = "Passed",
        }), [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("CalendarModel GET", (s, a, web) => web.GetAsync("/manage/calendar"), [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("CalendarModel POST Set", (s, a, web) => PostAsync(web, "/manage/calendar", "/manage/calendar?handler=Set", new Dictionary<string, string>
        {
            ["Date"] = $"2031-{1 + s.Next() % 12:00}-15",
            ["Kind"] = "Holiday",
            ["Name"] = "测试假日",
        }), DistrictKeeps),
        new("CalendarModel POST Delete", async (s, a, web) =>
        {
            var day = await new ComplaintService.ComplaintServiceClient(s.F.Channel()).SetCalendarDayAsync(new SetCalendarDayRequest
            {
                CalendarDay = new CalendarDay
                {
                    Date = new Google.Type.Date { Year = 2032, Month = 1 + s.Next() % 12, Day = 3 },
                    Kind = CalendarDay.Types.Kind.Holiday,
                    DisplayName = "测试假日",
                },
            });
            return await PostAsync(web, "/manage/calendar", "/manage/calendar?handler=Delete", new Dictionary<string, string>
            {
                ["Date"] = day.Name.Split('/')[1],
            });
        }, DistrictKeeps),
        new("ComplaintStatisticsModel GET", (s, a, web) => web.GetAsync("/statistics/complaints"), Public),
    ];

    private static async Task<Complaint> ClosedComplaintAsync(MatrixScenario s)
    {
        var c = await ComplaintsMatrix.NewComplaintAsync(s);
        return await new ComplaintService.ComplaintServiceClient(s.F.Channel()).CloseComplaintAsync(new CloseComplaintRequest
        {
            Name = c.Name,
            Outcome = Complaint.Types.Outcome.NotUpheld,
            Note = "经核查正常。",
        });
    }

    private static async Task<WebPage> PostAsync(WebSession web, string formPage, string action, Dictionary<string, string> fields)
    {
        var form = await web.GetAsync(formPage);
        var token = form.AntiforgeryToken ?? (await web.GetAsync("/account/sign-in")).AntiforgeryToken;
        return await web.PostAsync(action, fields, token);
    }
}
