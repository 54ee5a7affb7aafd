using CommunityShare.Contracts.V1;
using Grpc.Core;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.AuthorizationMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The evaluation service's rows of the authorization matrix, on school-1 (Xinzhuang): schemes, the
/// openness index and published evaluations are public; the district evaluates institutions; a
/// draft is read by the district and the supervisor, a confirmed one also by staff who oversee the
/// school; live indicators by staff who oversee it. (Contracts and provider staff: EvaluationTests.)
/// </summary>
public static class EvaluationsMatrix
{
    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] DistrictOnly = [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] SchoolOverseers = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok];

    public static readonly Entry[] Rows =
    [
        new("EvaluationService/GetEvaluationScheme", (s, a, me) =>
            Client(me).GetEvaluationSchemeAsync(new GetEvaluationSchemeRequest { Name = "evaluationSchemes/default" }).ResponseAsync, Public),
        new("EvaluationService/ListEvaluationSchemes", (s, a, me) => Client(me).ListEvaluationSchemesAsync(new ListEvaluationSchemesRequest()).ResponseAsync,
            Public),
        new("EvaluationService/CreateEvaluationScheme", async (s, a, me) =>
        {
            var scheme = await Client(s.F.Channel().CreateCallInvoker()).GetEvaluationSchemeAsync(new GetEvaluationSchemeRequest { Name = "evaluationSchemes/default" });
            scheme.Name = "";
            await Client(me).CreateEvaluationSchemeAsync(new CreateEvaluationSchemeRequest { EvaluationSchemeId = $"scheme-{s.Next()}", EvaluationScheme = scheme });
        }, DistrictOnly),
        new("EvaluationService/UpdateEvaluationScheme", async (s, a, me) =>
        {
            var scheme = await Client(s.F.Channel().CreateCallInvoker()).GetEvaluationSchemeAsync(new GetEvaluationSchemeRequest { Name = "evaluationSchemes/default" });
            scheme.Etag = "";
            await Client(me).UpdateEvaluationSchemeAsync(new UpdateEvaluationSchemeRequest { EvaluationScheme = scheme });
        }, DistrictOnly),
        new("EvaluationService/GetIndicators", (s, a, me) => Client(me).GetIndicatorsAsync(new GetIndicatorsRequest
        {
            Subject = "institutions/school-1",
            StartDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 1 },
            EndDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 31 },
        }).ResponseAsync, SchoolOverseers),
        new("EvaluationService/CreateEvaluation", (s, a, me) => Client(me).CreateEvaluationAsync(CreateRequest(s.Next())).ResponseAsync, DistrictOnly),
        new("EvaluationService/GetEvaluation [draft]", async (s, a, me) =>
            await Client(me).GetEvaluationAsync(new GetEvaluationRequest { Name = (await NewAsync(s, Evaluation.Types.State.Draft)).Name }),
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("EvaluationService/GetEvaluation [confirmed]", async (s, a, me) =>
            await Client(me).GetEvaluationAsync(new GetEvaluationRequest { Name = (await NewAsync(s, Evaluation.Types.State.Confirmed)).Name }),
            SchoolOverseers),
        new("EvaluationService/GetEvaluation [published]", async (s, a, me) =>
            await Client(me).GetEvaluationAsync(new GetEvaluationRequest { Name = (await NewAsync(s, Evaluation.Types.State.Published)).Name }),
            Public),
        new("EvaluationService/ListEvaluations", (s, a, me) => Client(me).ListEvaluationsAsync(new ListEvaluationsRequest()).ResponseAsync, Public),
        new("EvaluationService/AdjustEvaluation", async (s, a, me) =>
        {
            var draft = await NewAsync(s, Evaluation.Types.State.Draft);
            await Client(me).AdjustEvaluationAsync(new AdjustEvaluationRequest { Name = draft.Name, Adjustment = 2, Reason = "夜间开放受好评" });
        }, DistrictOnly),
        new("EvaluationService/ConfirmEvaluation", async (s, a, me) =>
        {
            var draft = await NewAsync(s, Evaluation.Types.State.Draft);
            await Client(me).ConfirmEvaluationAsync(new ConfirmEvaluationRequest { Name = draft.Name });
        }, DistrictOnly),
        new("EvaluationService/PublishEvaluation", async (s, a, me) =>
        {
            var confirmed = await NewAsync(s, Evaluation.Types.State.Confirmed);
            await Client(me).PublishEvaluationAsync(new PublishEvaluationRequest { Name = confirmed.Name });
        }, DistrictOnly),
        new("EvaluationService/ListOpennessIndex", (s, a, me) => Client(me).ListOpennessIndexAsync(new ListOpennessIndexRequest
        {
            Place = "places/310112",
            StartDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 1 },
            EndDate = new Google.Type.Date { Year = 2026, Month = 5, Day = 31 },
        }).ResponseAsync, Public),
    ];

    private static EvaluationService.EvaluationServiceClient Client(CallInvoker me) => new(me);

    /// <summary>A one-day evaluation of school-1 on a day of its own (the school is open every day, so there is data).</summary>
    private static CreateEvaluationRequest CreateRequest(int n)
    {
        var day = new NodaTime.LocalDate(2000, 1, 1).PlusDays(n);
        var date = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day };
        return new CreateEvaluationRequest { Evaluation = new Evaluation { Subject = "institutions/school-1", StartDate = date, EndDate = date } };
    }

    /// <summary>A fresh evaluation of school-1 in the given state, made by district staff.</summary>
    internal static async Task<Evaluation> NewAsync(MatrixScenario s, Evaluation.Types.State state)
    {
        var district = Client(s.F.Channel().CreateCallInvoker());
        var made = await district.CreateEvaluationAsync(CreateRequest(s.Next()));
        if (state != Evaluation.Types.State.Draft)
        {
            made = await district.ConfirmEvaluationAsync(new ConfirmEvaluationRequest { Name = made.Name });
        }
        if (state == Evaluation.Types.State.Published)
        {
            made = await district.PublishEvaluationAsync(new PublishEvaluationRequest { Name = made.Name });
        }
        return made;
    }
}
