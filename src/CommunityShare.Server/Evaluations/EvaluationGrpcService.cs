using System.Globalization;
using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using Evals = CommunityShare.Domain.Evaluations;
using ProtoEvaluation = CommunityShare.Contracts.V1.Evaluation;
using ProtoScheme = CommunityShare.Contracts.V1.EvaluationScheme;

namespace CommunityShare.Server.Evaluations;

/// <summary>gRPC adapter of evaluations and the openness index: proto in, use case, proto out.</summary>
public sealed class EvaluationGrpcService(EvaluationDesk desk, EvaluationSchemes schemes, OpennessRanking openness) : EvaluationService.EvaluationServiceBase
{
    public override async Task<ProtoScheme> GetEvaluationScheme(GetEvaluationSchemeRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "evaluationSchemes", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await schemes.GetAsync(id!, context.CancellationToken));
    }

    public override async Task<ListEvaluationSchemesResponse> ListEvaluationSchemes(ListEvaluationSchemesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var after = PageToken.Decode(request.PageToken, "", violations);
        violations.ThrowIfAny();
        var all = (await schemes.ListAsync(context.CancellationToken)).Where(s => after is null || string.CompareOrdinal(s.Id, after[0]) > 0).ToArray();
        var shown = all.Take(pageSize).ToArray();
        return new ListEvaluationSchemesResponse
        {
            EvaluationSchemes = { shown.Select(ToProto) },
            NextPageToken = all.Length > pageSize ? PageToken.Encode("", shown[^1].Id) : "",
        };
    }

    public override async Task<ProtoScheme> CreateEvaluationScheme(CreateEvaluationSchemeRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var key = RequestLedger.KeyFor(actor, nameof(CreateEvaluationScheme), request.RequestId, request, violations);
        var s = request.EvaluationScheme ?? new ProtoScheme();
        var (weights, grades) = FromProto(s, violations);
        return ToProto(await schemes.CreateAsync(actor, request.EvaluationSchemeId, s.DisplayName, weights, grades, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoScheme> UpdateEvaluationScheme(UpdateEvaluationSchemeRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var s = request.EvaluationScheme ?? new ProtoScheme();
        var id = ResourceNames.ParseOne(s.Name, "evaluationSchemes", "evaluation_scheme.name", violations);
        var (weights, grades) = FromProto(s, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await schemes.UpdateAsync(actor, id!, s.DisplayName, weights, grades, s.Etag, violations, context.CancellationToken));
    }

    public override async Task<IndicatorSet> GetIndicators(GetIndicatorsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var (from, to) = Dates(request.StartDate, request.EndDate, "start_date", "end_date", violations);
        SubjectDirectory.Parse(request.Subject, "subject", violations);
        violations.ThrowIfAny();
        var report = await desk.IndicatorsAsync(actor, request.Subject, from, to, violations, context.CancellationToken);
        return new IndicatorSet
        {
            Subject = report.Subject.Name,
            SubjectDisplayName = report.Subject.DisplayName,
            StartDate = report.From.ToProtoDate(),
            EndDate = report.To.PlusDays(-1).ToProtoDate(),
            Indicators = { report.Indicators.Select(ToProto) },
            ComputeTime = report.ComputeTime.ToTimestamp(),
        };
    }

    public override async Task<ProtoEvaluation> CreateEvaluation(CreateEvaluationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var key = RequestLedger.KeyFor(actor, nameof(CreateEvaluation), request.RequestId, request, violations);
        var e = request.Evaluation ?? new ProtoEvaluation();
        LocalDate? start = null, end = null;
        if (e.StartDate is not null)
        {
            violations.Check(!e.StartDate.TryToLocalDate(out var d), "evaluation.start_date", Reasons.InvalidFormat, "must be a valid date.");
            start = e.StartDate.TryToLocalDate(out d) ? d : null;
        }
        if (e.EndDate is not null)
        {
            violations.Check(!e.EndDate.TryToLocalDate(out var d), "evaluation.end_date", Reasons.InvalidFormat, "must be a valid date.");
            end = e.EndDate.TryToLocalDate(out d) ? d : null;
        }
        string? scheme = null;
        if (!string.IsNullOrEmpty(e.Scheme))
        {
            scheme = ResourceNames.ParseOne(e.Scheme, "evaluationSchemes", "evaluation.scheme", violations);
        }
        return ToProto(await desk.CreateAsync(actor, e.Subject, start, end, scheme, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoEvaluation> GetEvaluation(GetEvaluationRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "evaluations", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await desk.GetAsync(Callers.Of(context), id!, context.CancellationToken));
    }

    public override async Task<ListEvaluationsResponse> ListEvaluations(ListEvaluationsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var state = ProtoEnums.Optional<ProtoEvaluation.Types.State, Evals.EvaluationState>(request.State, "state", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await desk.ListAsync(Callers.Of(context), request.Subject, state, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListEvaluationsResponse { Evaluations = { page.Evaluations.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoEvaluation> AdjustEvaluation(AdjustEvaluationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var key = RequestLedger.KeyFor(actor, nameof(AdjustEvaluation), request.RequestId, request, violations);
        var id = ResourceNames.ParseOne(request.Name, "evaluations", "name", violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await desk.AdjustAsync(actor, id!, request.Adjustment, request.Reason, request.Etag, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoEvaluation> ConfirmEvaluation(ConfirmEvaluationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var key = RequestLedger.KeyFor(actor, nameof(ConfirmEvaluation), request.RequestId, request, violations);
        var id = ResourceNames.ParseOne(request.Name, "evaluations", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await desk.ConfirmAsync(actor, id!, request.Etag, key, context.CancellationToken));
    }

    public override async Task<ProtoEvaluation> PublishEvaluation(PublishEvaluationRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var key = RequestLedger.KeyFor(actor, nameof(PublishEvaluation), request.RequestId, request, violations);
        var id = ResourceNames.ParseOne(request.Name, "evaluations", "name", violations);
        violations.ThrowIfAny();
        return ToProto(await desk.PublishAsync(actor, id!, request.Etag, key, context.CancellationToken));
    }

    public override async Task<ListOpennessIndexResponse> ListOpennessIndex(ListOpennessIndexRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var place = ResourceNames.ParseOne(request.Place, "places", "place", violations);
        var (from, to) = Dates(request.StartDate, request.EndDate, "start_date", "end_date", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var fingerprint = $"{request.Place}|{from}|{to}";
        var after = PageToken.Decode(request.PageToken, fingerprint, violations);
        violations.ThrowIfAny();
        var rows = (await openness.ListAsync(place!, from, to, context.CancellationToken)).ToList();
        var start = after is null ? 0 : int.Parse(after[0], CultureInfo.InvariantCulture);
        var shown = rows.Skip(start).Take(pageSize).ToArray();
        return new ListOpennessIndexResponse
        {
            Rows = { shown.Select(ToProto) },
            NextPageToken = start + pageSize < rows.Count ? PageToken.Encode(fingerprint, (start + pageSize).ToString(CultureInfo.InvariantCulture)) : "",
        };
    }

    /// <summary>An inclusive period of dates, both required, returned as [from, to).</summary>
    public static (LocalDate From, LocalDate To) Dates(Google.Type.Date? start, Google.Type.Date? end, string startField, string endField,
        Violations violations)
    {
        violations.Check(!start.TryToLocalDate(out var s), startField, start is null ? Reasons.Required : Reasons.InvalidFormat, "must be a valid date.");
        violations.Check(!end.TryToLocalDate(out var e), endField, end is null ? Reasons.Required : Reasons.InvalidFormat, "must be a valid date.");
        return violations.Any ? default : EvaluationDesk.PeriodOf(s, e, violations);
    }

    private static (IReadOnlyList<Evals.IndicatorWeight>, IReadOnlyList<Evals.GradeBand>) FromProto(ProtoScheme s, Violations violations)
    {
        var weights = s.Indicators.Select((w, i) => new Evals.IndicatorWeight(
            ProtoEnums.Required<Indicator.Types.Kind, Evals.IndicatorKind>(w.Kind, $"evaluation_scheme.indicators[{i}].kind", violations) ?? 0,
            w.Weight, w.ZeroAt, w.FullAt)).ToArray();
        var grades = s.Grades.Select((g, i) => new Evals.GradeBand(
            ProtoEnums.Required<ProtoEvaluation.Types.Grade, Evals.Grade>(g.Grade, $"evaluation_scheme.grades[{i}].grade", violations) ?? 0,
            g.MinScore, g.ContractSharePercent, double.IsFinite(g.InstitutionAmount) ? (decimal)g.InstitutionAmount : -1m)).ToArray();
        return (weights, grades);
    }

    public static Indicator ToProto(Evals.IndicatorValue v)
    {
        var proto = new Indicator { Kind = (Indicator.Types.Kind)(int)v.Kind, Numerator = v.Numerator, Denominator = v.Denominator, NoDataReason = v.Missing };
        if (v.Value is { } value)
        {
            proto.Value = value;
        }
        return proto;
    }

    private static ProtoScheme.Types.IndicatorWeight ToProto(Evals.IndicatorWeight w) =>
        new() { Kind = (Indicator.Types.Kind)(int)w.Kind, Weight = w.Weight, ZeroAt = w.ZeroAt, FullAt = w.FullAt };

    public static ProtoScheme ToProto(Evals.EvaluationScheme s) => new()
    {
        Name = EvaluationSchemes.Name(s.Id),
        DisplayName = s.Name,
        Indicators = { s.Weights.Select(ToProto) },
        Grades =
        {
            s.Grades.Select(g => new ProtoScheme.Types.GradeBand
            {
                Grade = (ProtoEvaluation.Types.Grade)(int)g.Grade,
                MinScore = g.MinScore,
                ContractSharePercent = g.ContractSharePercent,
                InstitutionAmount = (double)g.InstitutionAmount,
            }),
        },
        UpdateTime = s.UpdateTime.ToTimestamp(),
        Etag = Etags.Of(s.Version),
    };

    public static ProtoEvaluation ToProto(Evals.Evaluation e) => new()
    {
        Name = EvaluationDesk.Name(e.Id),
        Subject = EvaluationDesk.SubjectName(e),
        SubjectDisplayName = e.SubjectName,
        StartDate = e.From.ToProtoDate(),
        EndDate = e.To.PlusDays(-1).ToProtoDate(),
        Scheme = EvaluationSchemes.Name(e.SchemeId),
        Indicators = { e.Indicators.Select(ToProto) },
        Weights = { e.Weights.Select(ToProto) },
        ComputedScore = e.ComputedScore,
        Adjustment = e.Adjustment,
        Adjustments =
        {
            e.Adjustments.Select(a => new ProtoEvaluation.Types.Adjustment
            {
                Points = a.Points, Reason = a.Reason, AdjustedBy = a.By, AdjustTime = a.Time.ToTimestamp(),
            }),
        },
        Score = e.Score,
        Grade = (ProtoEvaluation.Types.Grade)(int)e.Grade,
        ProposedReward = (double)e.ProposedReward,
        State = (ProtoEvaluation.Types.State)(int)e.State,
        CreatedBy = e.CreatedBy,
        CreateTime = e.CreateTime.ToTimestamp(),
        ConfirmTime = e.ConfirmTime?.ToTimestamp(),
        PublishTime = e.PublishTime?.ToTimestamp(),
        Etag = Etags.Of(e.Version),
        Place = ResourceNames.Place(e.PlaceCode),
    };

    private static OpennessRow ToProto(OpennessEntry r)
    {
        var row = new OpennessRow
        {
            Institution = ResourceNames.Institution(r.InstitutionId),
            DisplayName = r.Name,
            InstitutionKind = (Institution.Types.Kind)(int)r.Kind,
            Town = ResourceNames.Place(r.TownCode),
            TownDisplayName = r.TownName,
            Index = r.Score.Index,
            Rank = r.Rank,
            RankInKind = r.RankInKind,
            RankInTown = r.RankInTown,
            Breadth = r.Score.Breadth,
            PlaceHoursOffered = r.Figures.Inputs.PlaceHoursOffered,
            ReferencePlaceHours = r.Figures.ReferencePlaceHours,
            PlaceHoursBooked = r.Figures.Inputs.PlaceHoursBooked,
            Bookings = r.Figures.Inputs.Bookings,
        };
        if (r.Score.Use is { } use)
        {
            row.Use = use;
        }
        if (r.Score.Quality is { } quality)
        {
            row.Quality = quality;
        }
        return row;
    }
}
