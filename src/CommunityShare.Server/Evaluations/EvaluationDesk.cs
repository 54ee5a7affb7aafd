using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Evaluations;

/// <summary>
/// A subject of evaluation as the desk needs it: what it is, where it sits (for authorization), who
/// evaluates it, and what to read (for a contract, clipped to its term).
/// </summary>
public sealed record Subject(SubjectKind Kind, string Id, string DisplayName, string PlaceCode, string? AuthorityPlaceCode, string? ProviderId,
    Jurisdiction Where, SubjectScope Scope, decimal? ContractValueForPeriod)
{
    public string Name => Kind == SubjectKind.Institution ? ResourceNames.Institution(Id) : EvaluationDesk.ContractName(ProviderId, Id);
}

/// <summary>The live indicators of a subject for a period.</summary>
public sealed record IndicatorReport(Subject Subject, LocalDate From, LocalDate To, IReadOnlyList<IndicatorValue> Indicators, Instant ComputeTime);

public sealed record EvaluationPage(IReadOnlyList<Evaluation> Evaluations, string NextPageToken);

/// <summary>
/// Evaluations (绩效评估): made by district staff for every subject and by the contracting office for
/// its own contracts, from the indicators at that moment (kept as a snapshot); adjusted within ±10
/// with a written reason, confirmed, published. Drafts are read by their evaluators and the
/// supervisor; confirmed ones also by staff who oversee the subject (its own staff, its office, a
/// provider's staff for its contracts); published ones by everyone.
/// </summary>
public sealed class EvaluationDesk(CommunityShareDb db, IClock clock, RequestLedger ledger, IndicatorReadings readings, EvaluationSchemes schemes,
    SubjectDirectory subjects)
{
    public const int MaxPeriodDays = 366;

    public static string Name(string id) => "evaluations/" + id;

    /// <summary>providers/{provider}/contracts/{contract} (contracts/{contract} when the provider is not known).</summary>
    public static string ContractName(string? providerId, string id) => providerId is null ? "contracts/" + id : $"providers/{providerId}/contracts/{id}";

    public static string SubjectName(Evaluation e) =>
        e.SubjectKind == SubjectKind.Institution ? ResourceNames.Institution(e.SubjectId) : ContractName(e.ProviderId, e.SubjectId);

    /// <summary>Checks a period of local dates given inclusively; returns it as [from, to).</summary>
    public static (LocalDate From, LocalDate To) PeriodOf(LocalDate? start, LocalDate? end, Violations violations)
    {
        if (start is { } s && end is { } e)
        {
            violations.Check(e < s, "end_date", Reasons.OutOfRange, "must not be before start_date.");
            violations.Check(e >= s && Period.Between(s, e, PeriodUnits.Days).Days >= MaxPeriodDays, "end_date", Reasons.OutOfRange,
                $"must be within {MaxPeriodDays} days of start_date.");
            return (s, e.PlusDays(1));
        }
        return default;
    }

    /// <summary>"2026-Q1" → [2026-01-01, 2026-04-01); null when it is not a quarter.</summary>
    public static (LocalDate From, LocalDate To)? Quarter(string? text)
    {
        if (text is null || text.Length != 7 || text[4] != '-' || text[5] != 'Q'
            || !int.TryParse(text[..4], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            || year is < 2000 or > 2100 || text[6] is < '1' or > '4')
        {
            return null;
        }
        var from = new LocalDate(year, (text[6] - '1') * 3 + 1, 1);
        return (from, from.PlusMonths(3));
    }

    /// <summary>The quarters that ended before <paramref name="today"/>, latest first.</summary>
    public static IReadOnlyList<string> PastQuarters(LocalDate today, int count)
    {
        var start = new LocalDate(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        return Enumerable.Range(1, count).Select(i => start.PlusMonths(-3 * i)).Select(d => $"{d.Year}-Q{(d.Month - 1) / 3 + 1}").ToArray();
    }

    /// <summary>The subjects the caller may evaluate (district staff: every institution and contract of the district; an office: its contracts).</summary>
    public async Task<IReadOnlyList<(string Name, string DisplayName)>> SubjectsToEvaluateAsync(Actor actor, CancellationToken cancellationToken)
    {
        var districts = actor.Assignments.Where(a => a.Role == Role.DistrictStaff).Select(a => a.ScopeId).ToArray();
        var institutions = districts.Length == 0
            ? []
            : (await db.Institutions.AsNoTracking().OrderBy(i => i.PlaceCode).ThenBy(i => i.Id).Select(i => new { i.Id, i.Name, i.PlaceCode })
                .ToListAsync(cancellationToken))
            .Where(i => districts.Any(d => i.PlaceCode.StartsWith(d, StringComparison.Ordinal)))
            .Select(i => (ResourceNames.Institution(i.Id), i.Name));
        var contracts = (await db.ServiceContracts.AsNoTracking().OrderBy(c => c.ContractingPlaceCode).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.ProviderId, c.Title, c.ContractingPlaceCode }).ToListAsync(cancellationToken))
            .Where(c => MayEvaluate(actor, c.ContractingPlaceCode, c.ContractingPlaceCode))
            .Select(c => (ContractName(c.ProviderId, c.Id), c.Title));
        return [.. contracts, .. institutions];
    }

    public async Task<IndicatorReport> IndicatorsAsync(Actor actor, string subjectName, LocalDate from, LocalDate to, Violations violations,
        CancellationToken cancellationToken)
    {
        var subject = await subjects.FindAsync(subjectName, from, to, "subject", violations, cancellationToken);
        actor.RequireStaff("see a subject's indicators");
        if (!MayEvaluate(actor, subject))
        {
            actor.RequireOversee(subject.Where, "see this subject's indicators");
        }
        var figures = await readings.ReadAsync([subject.Scope], cancellationToken);
        return new IndicatorReport(subject, subject.Scope.From, subject.Scope.To, Indicators.Compute(figures[subject.Scope.Key].Inputs),
            clock.GetCurrentInstant());
    }

    public async Task<Evaluation> CreateAsync(Actor actor, string? subjectName, LocalDate? start, LocalDate? end, string? schemeId, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        violations.Check(start is null, "evaluation.start_date", Reasons.Required, "is required.");
        violations.Check(end is null, "evaluation.end_date", Reasons.Required, "is required.");
        var (from, to) = PeriodOf(start, end, violations);
        var now = clock.GetCurrentInstant();
        var today = now.InZone(IndicatorReadings.Shanghai).Date;
        if (start is not null && end is not null && !violations.Any && to > today)
        {
            violations.Add("evaluation.end_date", Reasons.PeriodNotOver, "must have passed: a period is evaluated once it is over.");
        }
        violations.Required(subjectName, "evaluation.subject");
        if (string.IsNullOrWhiteSpace(subjectName) || start is null || end is null)
        {
            violations.ThrowIfAny();
        }
        var subject = await subjects.FindAsync(subjectName!, from, to, "evaluation.subject", violations, cancellationToken);
        actor.RequireStaff("evaluate");
        RequireEvaluator(actor, subject, "evaluate this subject");
        var scheme = await schemes.GetAsync(string.IsNullOrEmpty(schemeId) ? EvaluationSchemes.DefaultId : schemeId, cancellationToken);
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            return await LoadAsync(made["evaluations/".Length..], tracking: false, cancellationToken);
        }
        if (await db.Set<Evaluation>().AnyAsync(e => e.SubjectKind == subject.Kind && e.SubjectId == subject.Id && e.From == from && e.To == to,
                cancellationToken))
        {
            throw Problem.Broken(Reasons.AlreadyEvaluated, "This subject already has an evaluation for this period.",
                new Dictionary<string, string> { ["subject"] = subject.Name });
        }
        var figures = await readings.ReadAsync([subject.Scope], cancellationToken);
        var evaluation = new Evaluation(Ids.New(), subject.Kind, subject.Id, subject.DisplayName, subject.PlaceCode, subject.AuthorityPlaceCode,
            new DateInterval(from, to.PlusDays(-1)), scheme, Indicators.Compute(figures[subject.Scope.Key].Inputs), subject.ContractValueForPeriod,
            actor.ResourceName, now, subject.ProviderId);
        db.Add(evaluation);
        ledger.Record(requestKey, Name(evaluation.Id), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another evaluator made it in between: the unique index says so.
            throw Problem.Broken(Reasons.AlreadyEvaluated, "This subject already has an evaluation for this period.",
                new Dictionary<string, string> { ["subject"] = subject.Name });
        }
        return evaluation;
    }

    public async Task<Evaluation> GetAsync(Actor? actor, string id, CancellationToken cancellationToken)
    {
        var evaluation = await LoadAsync(id, tracking: false, cancellationToken);
        RequireRead(actor, evaluation);
        return evaluation;
    }

    /// <summary>What the caller may read, newest period first; anonymous callers and residents see the published ones.</summary>
    public async Task<EvaluationPage> ListAsync(Actor? actor, string? subjectName, EvaluationState? state, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var fingerprint = $"{subjectName}|{state}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        (SubjectKind Kind, string Id)? subject = null;
        if (!string.IsNullOrEmpty(subjectName))
        {
            subject = SubjectDirectory.Parse(subjectName, "subject", violations);
        }
        violations.ThrowIfAny();
        var query = db.Set<Evaluation>().AsNoTracking();
        if (subject is { } s)
        {
            query = query.Where(e => e.SubjectKind == s.Kind && e.SubjectId == s.Id);
        }
        if (state is not null)
        {
            query = query.Where(e => e.State == state);
        }
        if (actor is null || !actor.IsStaff)
        {
            query = query.Where(e => e.State == EvaluationState.Published);
        }
        var rows = (await query.ToListAsync(cancellationToken))
            .Where(e => MayRead(actor, e))
            .OrderByDescending(e => e.From).ThenBy(e => e.SubjectName, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        if (after is not null)
        {
            var index = rows.FindIndex(e => e.Id == after[0]);
            rows = index < 0 ? [] : rows.Skip(index + 1).ToList();
        }
        var shown = rows.Take(pageSize).ToArray();
        return new EvaluationPage(shown, rows.Count > pageSize ? PageToken.Encode(fingerprint, shown[^1].Id) : "");
    }

    public Task<Evaluation> AdjustAsync(Actor actor, string id, double points, string? reason, string? etag, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, etag, requestKey, "adjust this evaluation", (e, now) => e.Adjust(points, reason, actor.ResourceName, now, violations),
            cancellationToken);

    public Task<Evaluation> ConfirmAsync(Actor actor, string id, string? etag, RequestKey? requestKey, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, etag, requestKey, "confirm this evaluation", (e, now) => e.Confirm(actor.ResourceName, now), cancellationToken);

    public Task<Evaluation> PublishAsync(Actor actor, string id, string? etag, RequestKey? requestKey, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, etag, requestKey, "publish this evaluation", (e, now) => e.Publish(actor.ResourceName, now), cancellationToken);

    private async Task<Evaluation> ChangeAsync(Actor actor, string id, string? etag, RequestKey? requestKey, string action, Action<Evaluation, Instant> change,
        CancellationToken cancellationToken)
    {
        var evaluation = await LoadAsync(id, tracking: true, cancellationToken);
        actor.RequireStaff(action);
        RequireEvaluator(actor, evaluation, action);
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return evaluation;
        }
        Etags.Require(Name(id), etag, evaluation.Version);
        var now = clock.GetCurrentInstant();
        change(evaluation, now);
        ledger.Record(requestKey, Name(id), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Set<Evaluation>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
            throw Problem.EtagMismatch(Name(id), Etags.Of(evaluation.Version), Etags.Of(current.Version));
        }
        return evaluation;
    }

    private async Task<Evaluation> LoadAsync(string id, bool tracking, CancellationToken cancellationToken)
    {
        var set = tracking ? db.Set<Evaluation>() : db.Set<Evaluation>().AsNoTracking();
        return await set.FirstOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));
    }

    /// <summary>District staff for every subject; for a contract also staff who manage its contracting place (its office).</summary>
    public static bool MayEvaluate(Actor actor, Subject subject) => MayEvaluate(actor, subject.PlaceCode, subject.AuthorityPlaceCode);

    public static bool MayEvaluate(Actor actor, Evaluation e) => MayEvaluate(actor, e.PlaceCode, e.AuthorityPlaceCode);

    private static bool MayEvaluate(Actor actor, string placeCode, string? authorityPlaceCode) =>
        actor.Assignments.Any(a => a.Role == Role.DistrictStaff && placeCode.StartsWith(a.ScopeId, StringComparison.Ordinal))
        || (authorityPlaceCode is not null && actor.Manages(Jurisdiction.OfPlace(authorityPlaceCode)));

    private static void RequireEvaluator(Actor actor, Subject subject, string action)
    {
        if (!MayEvaluate(actor, subject))
        {
            throw NotEvaluator(action, subject.PlaceCode);
        }
    }

    private static void RequireEvaluator(Actor actor, Evaluation e, string action)
    {
        if (!MayEvaluate(actor, e.PlaceCode, e.AuthorityPlaceCode))
        {
            throw NotEvaluator(action, e.PlaceCode);
        }
    }

    private static Problem NotEvaluator(string action, string placeCode) =>
        new(ProblemKind.PermissionDenied, Reasons.NotInScope,
            $"Only district staff (and, for a contract, its contracting office) may {action}.",
            new Dictionary<string, string> { ["place"] = placeCode });

    public static Jurisdiction WhereOf(Evaluation e) => e.SubjectKind == SubjectKind.Institution
        ? new Jurisdiction(e.PlaceCode, e.SubjectId)
        : new Jurisdiction(e.PlaceCode, null, e.ProviderId is null ? null : [e.ProviderId]);

    private static bool MayRead(Actor? actor, Evaluation e) =>
        e.State == EvaluationState.Published
        || (actor is not null && (MayEvaluate(actor, e.PlaceCode, e.AuthorityPlaceCode)
                                  || actor.Assignments.Any(a => a.Role == Role.DistrictSupervisor && e.PlaceCode.StartsWith(a.ScopeId, StringComparison.Ordinal))
                                  || (e.State == EvaluationState.Confirmed && actor.Oversees(WhereOf(e)))));

    private static void RequireRead(Actor? actor, Evaluation e)
    {
        if (MayRead(actor, e))
        {
            return;
        }
        if (actor is null)
        {
            throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated, "This evaluation is not published: sign in to read it.");
        }
        actor.RequireStaff("read an unpublished evaluation");
        throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope,
            e.State == EvaluationState.Draft
                ? "A draft evaluation is read by its evaluators and the supervisor."
                : "A confirmed evaluation is read by staff who oversee its subject until it is published.",
            new Dictionary<string, string> { ["place"] = e.PlaceCode });
    }
}
