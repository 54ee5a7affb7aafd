using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Evaluations;

/// <summary>A subject's complaints in a period: received, upheld (or partly), working days to first response, satisfaction given.</summary>
public sealed record ComplaintCounts(int Received, int Upheld, IReadOnlyList<double> ResponseWorkingDays, IReadOnlyList<int> Ratings);

/// <summary>
/// Reads the complaint figures of subjects from the complaints filed in the period (by filing date,
/// Asia/Shanghai): those about the subject's facilities, plus for an institution those naming it and
/// for a contract those about its provider that name no facility. Response time is counted in
/// working days of the district's calendar (public holidays and make-up days) from the filing date
/// to the first response's date; satisfaction is what residents gave closed complaints (missing
/// where nobody rated).
/// </summary>
public sealed class ComplaintFigures(CommunityShareDb db)
{
    public async Task<IReadOnlyDictionary<string, ComplaintCounts>> ReadAsync(IReadOnlyList<SubjectScope> scopes, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, ComplaintCounts>();
        if (scopes.Count == 0)
        {
            return result;
        }
        var zone = IndicatorReadings.Shanghai;
        var start = scopes.Min(s => s.From).AtStartOfDayInZone(zone).ToInstant();
        var end = scopes.Max(s => s.To).AtStartOfDayInZone(zone).ToInstant();
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.FiledTime >= start && c.FiledTime < end)
            .Select(c => new { c.FacilityId, c.InstitutionId, c.ProviderId, c.TargetKind, c.FiledTime, c.FirstResponseTime, c.Outcome, c.Satisfaction })
            .ToListAsync(cancellationToken);
        var calendar = new WorkingCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(cancellationToken));
        foreach (var scope in scopes)
        {
            var from = scope.From.AtStartOfDayInZone(zone).ToInstant();
            var to = scope.To.AtStartOfDayInZone(zone).ToInstant();
            var facilities = scope.FacilityIds as ISet<string> ?? scope.FacilityIds.ToHashSet(StringComparer.Ordinal);
            var mine = complaints.Where(c => c.FiledTime >= from && c.FiledTime < to
                                             && ((c.FacilityId is not null && facilities.Contains(c.FacilityId))
                                                 || (scope.InstitutionId is not null && c.InstitutionId == scope.InstitutionId)
                                                 || (scope.ProviderId is not null && c.FacilityId is null && c.TargetKind == ComplaintTarget.Provider
                                                     && c.ProviderId == scope.ProviderId)))
                .ToArray();
            result[scope.Key] = new ComplaintCounts(
                mine.Length,
                mine.Count(c => c.Outcome is ComplaintOutcome.Upheld or ComplaintOutcome.PartlyUpheld),
                mine.Where(c => c.FirstResponseTime is not null)
                    .Select(c => (double)calendar.WorkingDaysBetween(c.FiledTime.InZone(zone).Date, c.FirstResponseTime!.Value.InZone(zone).Date)).ToArray(),
                mine.Where(c => c.Satisfaction is not null).Select(c => c.Satisfaction!.Value).ToArray());
        }
        return result;
    }
}
