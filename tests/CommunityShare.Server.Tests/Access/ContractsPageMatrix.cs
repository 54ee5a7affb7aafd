using CommunityShare.Server.Tests.Web;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.PageMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The contract pages' rows of the page matrix, as the gRPC door (ContractsMatrix): contracts signed at
/// Xinzhuang are read by its office, the supervisor and the district, and written by the office and the
/// district; /provider is for providers' staff (who have no column: see Providers/ProviderPagesTests).
/// </summary>
public static class ContractsPageMatrix
{
    private static readonly Outcome[] Staff = [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] ContractingOffice = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] ContractReaders = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok];

    public static readonly Entry[] Rows =
    [
        new("ContractsModel GET", (s, a, web) => web.GetAsync("/manage/contracts"), Staff),
        new("ContractEditModel GET", async (s, a, web) =>
        {
            var contract = await ContractsMatrix.DraftAsync(s);
            return await web.GetAsync("/manage/" + contract.Name);
        }, ContractReaders),
        new("ContractEditModel GET [new]", (s, a, web) => web.GetAsync("/manage/contracts/new"), Staff),
        new("ContractEditModel POST Save", async (s, a, web) =>
        {
            await ContractsMatrix.ProviderAsync(s);
            var day = new NodaTime.LocalDate(2030, 1, 1).PlusDays(s.Next()).ToString("yyyy-MM-dd", null);
            return await PostAsync(web, "/manage/contracts", "/manage/contracts/new?handler=Save", new Dictionary<string, string>
            {
                ["Input.Provider"] = "prov-m",
                ["Input.Title"] = "莘庄活动室管理承包",
                ["Input.Kind"] = "ManagementContract",
                ["Input.ContractingPlace"] = "310112101",
                ["Input.StartDate"] = day,
                ["Input.EndDate"] = day,
                ["Input.Value"] = "100000",
                ["Input.Facilities"] = "hall-x",
                ["Input.OpenHoursPerWeek"] = "40",
                ["Input.RequestId"] = Guid.NewGuid().ToString(),
            });
        }, ContractingOffice),
        new("ContractEditModel POST State", async (s, a, web) =>
        {
            var contract = await ContractsMatrix.DraftAsync(s);
            return await PostAsync(web, "/manage/contracts", $"/manage/{contract.Name}?handler=State",
                new Dictionary<string, string> { ["Action"] = "activate", ["Etag"] = contract.Etag });
        }, ContractingOffice),
        new("ProvidersModel GET", (s, a, web) => web.GetAsync("/manage/providers"), Staff),
        new("ProvidersModel POST", (s, a, web) => PostAsync(web, "/manage/providers", "/manage/providers", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "莘庄社工服务社 " + s.Next(),
            ["Input.Kind"] = "SocialOrganisation",
            ["Input.Place"] = "310112101",
        }), ContractingOffice),
        new("ProviderHomeModel GET", (s, a, web) => web.GetAsync("/provider"),
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope]),
    ];

    private static async Task<WebPage> PostAsync(WebSession web, string formPage, string action, Dictionary<string, string> fields)
    {
        var form = await web.GetAsync(formPage);
        var token = form.AntiforgeryToken ?? (await web.GetAsync("/account/sign-in")).AntiforgeryToken;
        return await web.PostAsync(action, fields, token);
    }
}
