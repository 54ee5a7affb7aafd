using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Evaluations;

/// <summary>
/// The district's evaluation schemes. Anyone reads them (how performance is judged is public);
/// district staff create and change them. The scheme "default" exists from the start (the built-in
/// one until district staff change it); a change never touches evaluations already made, which keep
/// the weights and bands they were scored with.
/// </summary>
public sealed class EvaluationSchemes(CommunityShareDb db, IClock clock, RequestLedger ledger)
{
    public const string DefaultId = "default";

    public static string Name(string id) => "evaluationSchemes/" + id;

    public async Task<EvaluationScheme> GetAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<EvaluationScheme>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? (id == DefaultId ? EvaluationScheme.Default(clock.GetCurrentInstant()) : throw Problem.NotFound(Name(id)));

    public async Task<IReadOnlyList<EvaluationScheme>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await db.Set<EvaluationScheme>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return stored.Any(s => s.Id == DefaultId) ? stored : [EvaluationScheme.Default(clock.GetCurrentInstant()), .. stored];
    }

    public async Task<EvaluationScheme> CreateAsync(Actor actor, string? id, string? name, IReadOnlyList<IndicatorWeight> weights,
        IReadOnlyList<GradeBand> grades, RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole("create evaluation schemes", changes: true);
        violations.Check(id is null || !ResourceNames.ClientIdPattern().IsMatch(id), "evaluation_scheme_id", Reasons.InvalidFormat,
            "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
        EvaluationScheme.Check(name, weights, grades, violations);
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            return await GetAsync(made["evaluationSchemes/".Length..], cancellationToken);
        }
        if (id == DefaultId || await db.Set<EvaluationScheme>().AnyAsync(s => s.Id == id, cancellationToken))
        {
            throw Problem.AlreadyExists(Name(id!));
        }
        var now = clock.GetCurrentInstant();
        var scheme = new EvaluationScheme(id!, name!.Trim(), weights, grades, now);
        db.Add(scheme);
        ledger.Record(requestKey, Name(id!), now);
        await db.SaveChangesAsync(cancellationToken);
        return scheme;
    }

    public async Task<EvaluationScheme> UpdateAsync(Actor actor, string id, string? name, IReadOnlyList<IndicatorWeight> weights,
        IReadOnlyList<GradeBand> grades, string? etag, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole("change evaluation schemes", changes: true);
        EvaluationScheme.Check(name, weights, grades, violations);
        violations.ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var scheme = await db.Set<EvaluationScheme>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scheme is null)
        {
            if (id != DefaultId)
            {
                throw Problem.NotFound(Name(id));
            }
            // The built-in default is version 1 until first stored.
            Etags.Require(Name(id), etag, 1);
            scheme = EvaluationScheme.Default(now);
            db.Add(scheme);
        }
        else
        {
            Etags.Require(Name(id), etag, scheme.Version);
        }
        scheme.Update(name!.Trim(), weights, grades, now);
        await db.SaveChangesAsync(cancellationToken);
        return scheme;
    }
}
