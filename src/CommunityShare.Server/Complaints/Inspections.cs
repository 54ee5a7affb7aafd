using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Complaints;

public sealed record InspectionDraft(Instant? InspectTime, string? Inspector, IReadOnlyList<InspectionFinding> Findings, InspectionResult? Result, string? Summary);

public sealed record InspectionView(Inspection Inspection, string FacilityName);

/// <summary>
/// Spot inspections (抽查) of facilities. Recorded by town, subdistrict and district staff over the
/// facility's place, and by the district supervisor: supervisors change nothing elsewhere, but
/// inspecting is what supervision is for. Read by whoever oversees the facility (its institution too).
/// </summary>
public sealed class Inspections(CommunityShareDb db, IClock clock, RequestLedger ledger, Providers.RunningContracts running)
{
    public static string Name(string facilityId, string id) => $"facilities/{facilityId}/inspections/{id}";

    /// <summary>District, town or subdistrict staff over the place, or the district supervisor.</summary>
    public static bool MayInspect(Actor actor, string placeCode) =>
        actor.Assignments.Any(a => a.Role is Role.StreetOfficeStaff or Role.DistrictStaff or Role.DistrictSupervisor
                                   && placeCode.StartsWith(a.ScopeId, StringComparison.Ordinal));

    public async Task<InspectionView> CreateAsync(Actor? actor, string facilityId, InspectionDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        var caller = actor ?? throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated, "Sign in to record an inspection.");
        caller.RequireStaff("record inspections");
        var now = clock.GetCurrentInstant();
        violations.Check(draft.InspectTime is null, "inspection.inspect_time", Reasons.Required, "is required.");
        violations.Check(draft.InspectTime > now, "inspection.inspect_time", Reasons.OutOfRange, "must not be in the future.");
        Inspection.Validate(draft.Inspector?.Trim(), draft.Findings, draft.Result ?? 0, draft.Summary?.Trim(), violations);
        violations.ThrowIfAny();
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
        if (!MayInspect(caller, facility.PlaceCode))
        {
            throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope,
                "Inspections are recorded by the town or subdistrict over the facility, the district or its supervisor.",
                new Dictionary<string, string> { ["place"] = facility.PlaceCode });
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            var id = made.Split('/')[^1];
            return new InspectionView(await db.Inspections.AsNoTracking().FirstAsync(i => i.Id == id, cancellationToken), facility.Name);
        }
        var inspection = new Inspection(Ids.New(), facility.Id, facility.InstitutionId, facility.PlaceCode, draft.InspectTime!.Value, draft.Inspector!.Trim(),
            draft.Findings.Select(f => f with { Item = f.Item.Trim(), Note = f.Note.Trim() }).ToArray(), draft.Result!.Value, draft.Summary?.Trim() ?? "",
            caller.ResourceName, now);
        db.Inspections.Add(inspection);
        ledger.Record(requestKey, Name(facility.Id, inspection.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        return new InspectionView(inspection, facility.Name);
    }

    /// <summary>A facility's inspections, or those under a place; newest first.</summary>
    public async Task<(IReadOnlyList<InspectionView> Items, string Next)> ListAsync(Actor? actor, string? facilityId, string? placeCode, int pageSize,
        string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        var caller = actor ?? throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated, "Sign in to see inspections.");
        caller.RequireStaff("see inspections");
        violations.Check(facilityId is null && placeCode is null, "place", Reasons.Required, "is required with parent facilities/-.");
        var fingerprint = facilityId + "|" + placeCode;
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        var query = db.Inspections.AsNoTracking();
        if (facilityId is not null)
        {
            var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                           ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
            caller.RequireOversee(running.JurisdictionOf(facility), "see this facility's inspections");
            query = query.Where(i => i.FacilityId == facilityId);
        }
        else
        {
            caller.RequireOversee(Jurisdiction.OfPlace(placeCode!), "see inspections here");
            query = query.Where(i => i.PlaceCode.StartsWith(placeCode!));
        }
        if (after is not null)
        {
            var (time, id) = (Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture)), after[1]);
            query = query.Where(i => i.InspectTime < time || (i.InspectTime == time && string.Compare(i.Id, id) < 0));
        }
        var rows = await query.OrderByDescending(i => i.InspectTime).ThenByDescending(i => i.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var ids = shown.Select(i => i.FacilityId).Distinct().ToArray();
        var names = await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken);
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, shown[^1].InspectTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return (shown.Select(i => new InspectionView(i, names.GetValueOrDefault(i.FacilityId, i.FacilityId))).ToArray(), next);
    }
}
