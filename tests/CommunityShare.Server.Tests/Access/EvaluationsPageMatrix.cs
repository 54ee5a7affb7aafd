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
        new("EvaluationsIndexModel POST Scheme", (s, a, web) => PostAsync(web, "/manage/evaluations", "/manage/evaluations?handler=Scheme",
            SchemeFields()), DistrictOnly),
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

    /// <summary>The default scheme as the form posts it (no etag: the last save wins, so the cells do not depend on each other).</summary>
    internal static Dictionary<string, string> SchemeFields()
    {
        var fields = new Dictionary<string, string> { ["Edit.Name"] = "区公共服务绩效评估方案" };
        string[] kinds = ["OpenHours", "UseRate", "CheckInHandling", "NoShowHandling", "ComplaintsPerThousand", "UpheldPerThousand", "ResponseWorkingDays", "Satisfaction"];
        double[][] rows = [[20, 0.5, 1], [15, 0, 0.6], [10, 0.5, 0.95], [10, 0.5, 1], [10, 20, 0], [10, 10, 0], [10, 10, 2], [15, 1, 5]];
        for (var i = 0; i < kinds.Length; i++)
        {
            fields[$"Edit.Weights[{i}].Kind"] = kinds[i];
            fields[$"Edit.Weights[{i}].Weight"] = rows[i][0].ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Edit.Weights[{i}].ZeroAt"] = rows[i][1].ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Edit.Weights[{i}].FullAt"] = rows[i][2].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        string[] grades = ["Excellent", "Good", "Pass", "Fail"];
        string[][] bands = [["90", "5", "50000"], ["80", "3", "30000"], ["60", "1", "10000"], ["0", "0", "0"]];
        for (var i = 0; i < grades.Length; i++)
        {
            fields[$"Edit.Grades[{i}].Grade"] = grades[i];
            fields[$"Edit.Grades[{i}].MinScore"] = bands[i][0];
            fields[$"Edit.Grades[{i}].SharePercent"] = bands[i][1];
            fields[$"Edit.Grades[{i}].Amount"] = bands[i][2];
        }
        return fields;
    }

    private static string Page(Evaluation e) => "/manage/" + e.Name;

    private static async Task<WebPage> PostAsync(WebSession web, string formPage, string action, Dictionary<string, string> fields)
    {
        var form = await web.GetAsync(formPage);
        var token = form.AntiforgeryToken ?? (await web.GetAsync("/account/sign-in")).AntiforgeryToken;
        return await web.PostAsync(action, fields, token);
    }
}
