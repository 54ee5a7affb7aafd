using CommunityShare.Server.Tests.Web;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.PageMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The time bank pages' rows of the page matrix: a resident's own /account/time-bank (staff are told it
/// is the residents'); /manage/time-bank for staff, with deposits and reversals by the office of the
/// place and the district, the catalogue by the district (as the gRPC door).
/// </summary>
public static class TimeBankPageMatrix
{
    private static readonly Outcome[] Residents = [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed];
    private static readonly Outcome[] ManagedByOffice = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];

    public static readonly Entry[] Rows =
    [
        new("MyTimeBankModel GET", (s, a, web) => web.GetAsync("/account/time-bank"), Residents),
        // r1 gives to r1's mother; r2 (no coins, no family) reaches the form and is told why not.
        new("MyTimeBankModel POST Gift", async (s, a, web) =>
        {
            await TimeBankMatrix.FamilyAsync(s);
            await TimeBankMatrix.DepositAsync(s, 30);
            return await PostAsync(web, "/account/time-bank", "/account/time-bank?handler=Gift", new Dictionary<string, string>
            {
                ["Gift.Recipient"] = "tb-mum",
                ["Gift.Coins"] = "0.5",
                ["RequestId"] = Guid.NewGuid().ToString(),
            });
        }, Residents, Refusable: true),
        new("MyTimeBankModel POST Redeem", async (s, a, web) =>
        {
            await TimeBankMatrix.DepositAsync(s, 60);
            return await PostAsync(web, "/account/time-bank", "/account/time-bank?handler=Redeem", new Dictionary<string, string>
            {
                ["Item"] = "extra-booking",
                ["RequestId"] = Guid.NewGuid().ToString(),
            });
        }, Residents, Refusable: true),
        new("ManageTimeBankModel GET", (s, a, web) => web.GetAsync("/manage/time-bank"), [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("ManageTimeBankModel POST Catalogue", (s, a, web) => PostAsync(web, "/manage/time-bank", "/manage/time-bank?handler=Catalogue",
            new Dictionary<string, string>
            {
                ["Items[0].Id"] = "priority-window", ["Items[0].Kind"] = "PriorityBookingWindow", ["Items[0].Title"] = "优先预约：提前24小时预约一次",
                ["Items[0].Coins"] = "2", ["Items[0].LeadHours"] = "24", ["Items[0].ValidDays"] = "90", ["Items[0].Offered"] = "true",
                ["Items[1].Id"] = "extra-booking", ["Items[1].Kind"] = "ExtraBooking", ["Items[1].Title"] = "额外预约：超出每周限额预约一次",
                ["Items[1].Coins"] = "1", ["Items[1].LeadHours"] = "0", ["Items[1].ValidDays"] = "90", ["Items[1].Offered"] = "true",
                ["Items[2].Id"] = "tcm-consultation", ["Items[2].Kind"] = "Service", ["Items[2].Title"] = "社区卫生服务中心中医咨询一次",
                ["Items[2].Coins"] = "3", ["Items[2].LeadHours"] = "0", ["Items[2].ValidDays"] = "90", ["Items[2].Offered"] = "true",
            }), [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("ManageTimeBankModel POST Deposit", (s, a, web) => PostAsync(web, "/manage/time-bank", "/manage/time-bank?handler=Deposit",
            new Dictionary<string, string>
            {
                ["Deposit.Resident"] = "r1",
                ["Deposit.Hours"] = "1.5",
                ["Deposit.Source"] = $"volunteers/r1/serviceRecords/page-{s.Next()}",
                ["Deposit.Place"] = "310112101001",
                ["Deposit.Note"] = "周六操场开放值守",
                ["Deposit.RequestId"] = Guid.NewGuid().ToString(),
            }), ManagedByOffice),
        new("ManageTimeBankModel POST Reverse", async (s, a, web) =>
        {
            var deposit = await TimeBankMatrix.DepositAsync(s, 60);
            return await PostAsync(web, "/manage/time-bank", "/manage/time-bank?handler=Reverse",
                new Dictionary<string, string> { ["Reverse.Entry"] = deposit.Name, ["Reverse.Reason"] = "录入错误" });
        }, ManagedByOffice),
    ];

    private static async Task<WebPage> PostAsync(WebSession web, string formPage, string action, Dictionary<string, string> fields)
    {
        var form = await web.GetAsync(formPage);
        var token = form.AntiforgeryToken ?? (await web.GetAsync("/account/sign-in")).AntiforgeryToken;
        return await web.PostAsync(action, fields, token);
    }
}
