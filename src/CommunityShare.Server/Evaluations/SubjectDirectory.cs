using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Evaluations;

/// <summary>Finds the subject a resource name points at: institutions/{institution} or contracts/{contract}.</summary>
public sealed class SubjectDirectory(CommunityShareDb db)
{
    public static (SubjectKind Kind, string Id)? Parse(string? name, string field, Violations violations)
    {
        if (name?.StartsWith("providers/", StringComparison.Ordinal) == true)
        {
            var ids = ResourceNames.Parse(name, "providers/{}/contracts/{}", field, violations);
            return ids is null ? null : (SubjectKind.Contract, ids[1]);
        }
        if (name?.StartsWith("contracts/", StringComparison.Ordinal) == true)
        {
            var contract = ResourceNames.ParseOne(name, "contracts", field, violations);
            return contract is null ? null : (SubjectKind.Contract, contract);
        }
        if (name?.StartsWith("institutions/", StringComparison.Ordinal) == true)
        {
            var institution = ResourceNames.ParseOne(name, "institutions", field, violations);
            return institution is null ? null : (SubjectKind.Institution, institution);
        }
        violations.Add(field, string.IsNullOrEmpty(name) ? Reasons.Required : Reasons.InvalidFormat,
            "must be institutions/{institution} or providers/{provider}/contracts/{contract}.");
        return null;
    }

    /// <summary>The subject, with what to read over [from, to) (for a contract, the part within its term).</summary>
    public async Task<Subject> FindAsync(string name, LocalDate from, LocalDate to, string field, Violations violations, CancellationToken cancellationToken)
    {
        var parsed = Parse(name, field, violations);
        violations.ThrowIfAny();
        var (kind, id) = parsed!.Value;
        return kind == SubjectKind.Institution
            ? await InstitutionAsync(id, from, to, cancellationToken)
            : await ContractAsync(id, from, to, cancellationToken);
    }

    private async Task<Subject> InstitutionAsync(string id, LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
                          ?? throw Problem.NotFound(ResourceNames.Institution(id));
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == id).Select(f => f.Id).ToListAsync(cancellationToken);
        var key = ResourceNames.Institution(id);
        return new Subject(SubjectKind.Institution, id, institution.Name, institution.PlaceCode, null, null,
            new Jurisdiction(institution.PlaceCode, id), new SubjectScope(key, facilities, from, to, null) { InstitutionId = id }, null);
    }

    private async Task<Subject> ContractAsync(string id, LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        var contract = await db.ServiceContracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
                       ?? throw Problem.NotFound(EvaluationDesk.ContractName(null, id));
        // Clipped to the term: a contract answers only for the days it ran.
        var start = contract.Start > from ? contract.Start : from;
        var end = contract.End.PlusDays(1) < to ? contract.End.PlusDays(1) : to;
        if (end <= start)
        {
            throw Problem.Broken(Reasons.OutsideContractTerm, "The period lies outside the contract's term.",
                new Dictionary<string, string>
                {
                    ["start_date"] = NodaTime.Text.LocalDatePattern.Iso.Format(contract.Start),
                    ["end_date"] = NodaTime.Text.LocalDatePattern.Iso.Format(contract.End),
                });
        }
        var termDays = Period.Between(contract.Start, contract.End.PlusDays(1), PeriodUnits.Days).Days;
        var days = Period.Between(start, end, PeriodUnits.Days).Days;
        var key = EvaluationDesk.ContractName(contract.ProviderId, id);
        return new Subject(SubjectKind.Contract, id, contract.Title, contract.ContractingPlaceCode, contract.ContractingPlaceCode, contract.ProviderId,
            new Jurisdiction(contract.ContractingPlaceCode, null, [contract.ProviderId]),
            new SubjectScope(key, contract.FacilityIds.ToArray(), start, end, contract.Levels.OpenHoursPerWeek) { ProviderId = contract.ProviderId },
            Math.Round(contract.Value * days / termDays, 2));
    }
}
