using CommunityShare.Contracts.V1;
using CommunityShare.Server.Tests.Web;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.PageMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The evaluation pages' rows of the page matrix, on school-1: the console for staff (the district
/// evaluates institutions), a draft for its evaluators and the supervisor, a confirmed one also for
/// staff who oversee the school, live indicators for them too; the public pages for everyone.
/// </summary>
public static class EvaluationsPageMatrix
{
    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] Staff = [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] DistrictOnly = [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] OverseesSchool1 = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok];

    public static readonly Entry[] Rows =
    [
        new("EvaluationsIndexModel GET", (s, a, web) => web.GetAsync("/manage/evaluations"), Staff),
        new("EvaluationsIndexModel POST Create", (s, a, web) => PostAsync(web, "/manage/evaluations", "/manage/evaluations?handler=Create",
            new Dictionary<string, string>
            {
                ["Subject"] = "institutions/school-1",
                ["Quarter"] = "2026-Q1",
                ["RequestId"] = Guid.NewGuid().ToString(),
            }), DistrictOnly),
        new("EvaluationDetailsModel GET", async (s, a, web) =>
            await web.GetAsync(Page(await EvaluationsMatrix.NewAsync(s, Evaluation.Types.State.Draft))),
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("EvaluationDetailsModel GET [confirmed]", async (s, a, web) =>
            await web.GetAsync(Page(await EvaluationsMatrix.NewAsync(s, Evaluation.Types.State.Confirmed))), OverseesSchool1),
        new("EvaluationDetailsModel POST Adjust", async (s, a, web) =>
        {
            var page = Page(await EvaluationsMatrix.NewAsync(s, Evaluation.Types.State.Draft));
            return await PostAsync(web, page, page + "?handler=Adjust", new Dictionary<string, string>
            {
                ["Adjustment"] = "2", ["Reason"] = "夜间开放受好评", ["RequestId"] = Guid.NewGuid().ToString(),
            });
        }, DistrictOnly),
        new("EvaluationDetailsModel POST Confirm", async (s, a, web) =>
        {
            var page = Page(await EvaluationsMatrix.NewAsync(s, Evaluation.Types.State.Draft));
            return await PostAsync(web, page, page + "?handler=Confirm", []);
        }, DistrictOnly),
        new("EvaluationDetailsModel POST Publish", async (s, a, web) =>
        {
            var page = Page(await EvaluationsMatrix.NewAsync(s, Evaluation.Types.State.Confirmed));
            return await PostAsync(web, page, page + "?handler=Publish", []);
        }, DistrictOnly),
        new("IndicatorsModel GET", (s, a, web) => web.GetAsync("/manage/indicators?subject=institutions/school-1"), OverseesSchool1),
        new("OpennessModel GET", (s, a, web) => web.GetAsync("/manage/openness"), Staff),
        new("PublicOpennessModel GET", (s, a, web) => web.GetAsync("/statistics/openness"), Public),
        new("PublicEvaluationsModel GET", (s, a, web) => web.GetAsync("/evaluations"), Public),
    ];

    private static string Page(Evaluation e) => "/manage/" + e.Name;

    private static async Task<WebPage> PostAsync(WebSession web, string formPage, string action, Dictionary<string, string> fields)
    {
        var form = await web.GetAsync(formPage);
        var token = form.AntiforgeryToken ?? (await web.GetAsync("/account/sign-in")).AntiforgeryToken;
        return await web.PostAsync(action, fields, token);
    }
}
