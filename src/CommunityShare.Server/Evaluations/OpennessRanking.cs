using CommunityShare.Domain;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Domain.Institutions;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Evaluations;

/// <summary>One institution's openness index, its parts and inputs, and its ranks (1 = most open; ties share a rank).</summary>
public sealed record OpennessEntry(string InstitutionId, string Name, InstitutionKind Kind, string TownCode, string TownName, OpennessScore Score,
    SubjectFigures Figures, int Rank, int RankInKind, int RankInTown);

/// <summary>
/// The openness ranking (开放指数排名) of every institution under a place (the district, a town or a
/// subdistrict) for a period: aggregates only, nothing personal, so public like the area figures.
/// Ranked overall, among institutions of the same kind (schools, hospitals, sports bases, centres)
/// and within each town or subdistrict. See <see cref="Openness"/> for the definition.
/// </summary>
public sealed class OpennessRanking(CommunityShareDb db, IndicatorReadings readings)
{
    /// <summary>A town or subdistrict code is the first 9 digits of the codes under it.</summary>
    private const int TownCodeLength = 9;

    public async Task<IReadOnlyList<OpennessEntry>> ListAsync(string placeCode, LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        if (!await db.Places.AsNoTracking().AnyAsync(p => p.Code == placeCode, cancellationToken))
        {
            throw Problem.NotFound(ResourceNames.Place(placeCode));
        }
        var institutions = await db.Institutions.AsNoTracking().Where(i => i.PlaceCode.StartsWith(placeCode))
            .Select(i => new { i.Id, i.Name, i.Kind, i.PlaceCode }).ToListAsync(cancellationToken);
        var ids = institutions.Select(i => i.Id).ToArray();
        var facilities = (await db.Facilities.AsNoTracking().Where(f => ids.Contains(f.InstitutionId)).Select(f => new { f.Id, f.InstitutionId })
            .ToListAsync(cancellationToken)).ToLookup(f => f.InstitutionId, f => f.Id);
        var towns = await db.Places.AsNoTracking().Where(p => p.Code.Length == TownCodeLength).ToDictionaryAsync(p => p.Code, p => p.Name, cancellationToken);
        var scopes = institutions.Select(i => new SubjectScope(ResourceNames.Institution(i.Id), facilities[i.Id].ToArray(), from, to, null)).ToArray();
        var figures = await readings.ReadAsync(scopes, cancellationToken);

        var scored = institutions.Select(i =>
        {
            var f = figures[ResourceNames.Institution(i.Id)];
            var score = Openness.Compute(new OpennessInputs(f.Inputs.PlaceHoursOffered, f.ReferencePlaceHours, f.Inputs.PlaceHoursBooked, f.Inputs.Bookings,
                f.Inputs.ComplaintsUpheld, f.Inputs.Ratings));
            var town = i.PlaceCode.Length >= TownCodeLength ? i.PlaceCode[..TownCodeLength] : i.PlaceCode;
            return (i.Id, i.Name, i.Kind, Town: town, TownName: towns.GetValueOrDefault(town, town), Score: score, Figures: f);
        }).OrderByDescending(x => x.Score.Index).ThenBy(x => x.Id, StringComparer.Ordinal).ToArray();

        static int RankOf(double index, IEnumerable<double> among) => among.Count(other => other > index) + 1;
        return scored.Select(x => new OpennessEntry(x.Id, x.Name, x.Kind, x.Town, x.TownName, x.Score, x.Figures,
            RankOf(x.Score.Index, scored.Select(o => o.Score.Index)),
            RankOf(x.Score.Index, scored.Where(o => o.Kind == x.Kind).Select(o => o.Score.Index)),
            RankOf(x.Score.Index, scored.Where(o => o.Town == x.Town).Select(o => o.Score.Index)))).ToArray();
    }
}
