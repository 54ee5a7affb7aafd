using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Complaints;

/// <summary>One row of the public statistics: a town or subdistrict and a kind of complaint.</summary>
public sealed record ComplaintCount(string OfficeCode, string OfficeName, ComplaintTarget TargetKind, int Filed, int Closed, int Upheld, int PartlyUpheld,
    int Escalated, double? MedianResponseWorkingDays)
{
    /// <summary>Upheld or partly upheld, over closed.</summary>
    public double UpheldShare => Closed == 0 ? 0 : (double)(Upheld + PartlyUpheld) / Closed;
}

public sealed record ComplaintFigures(IReadOnlyList<ComplaintCount> Rows, int TotalFiled, double TotalUpheldShare, double? MedianResponseWorkingDays);

/// <summary>
/// Public complaint statistics (政务公开): counts by town or subdistrict and kind, the upheld share and
/// the median response time in working days. Read from counts and times only — no filer, no description.
/// </summary>
public sealed class ComplaintStatistics(CommunityShareDb db, WorkingDays workingDays)
{
    public async Task<ComplaintFigures> GetAsync(string? placeCode, LocalDate? from, LocalDate? to, CancellationToken cancellationToken)
    {
        var query = db.Complaints.AsNoTracking();
        if (placeCode is not null)
        {
            query = query.Where(c => c.PlaceCode.StartsWith(placeCode));
        }
        if (from is { } f)
        {
            var start = f.AtStartOfDayInZone(WorkingDays.Zone).ToInstant();
            query = query.Where(c => c.FiledTime >= start);
        }
        if (to is { } t)
        {
            var end = t.PlusDays(1).AtStartOfDayInZone(WorkingDays.Zone).ToInstant();
            query = query.Where(c => c.FiledTime < end);
        }
        var rows = await query.Select(c => new
        {
            c.OfficeCode, c.TargetKind, c.State, c.Outcome, c.Level, c.FiledTime, c.FirstResponseTime,
        }).ToListAsync(cancellationToken);
        var calendar = await workingDays.LoadAsync(cancellationToken);
        var offices = rows.Select(r => r.OfficeCode).Distinct().ToArray();
        var names = await db.Places.AsNoTracking().Where(p => offices.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, cancellationToken);
        double? Days(Instant filed, Instant? responded) => responded is { } r
            ? calendar.WorkingDaysBetween(filed.InZone(WorkingDays.Zone).Date, r.InZone(WorkingDays.Zone).Date)
            : null;
        var counts = rows.GroupBy(r => (r.OfficeCode, r.TargetKind)).OrderBy(g => g.Key.OfficeCode, StringComparer.Ordinal).ThenBy(g => g.Key.TargetKind)
            .Select(g => new ComplaintCount(g.Key.OfficeCode, names.GetValueOrDefault(g.Key.OfficeCode, g.Key.OfficeCode), g.Key.TargetKind, g.Count(),
                g.Count(r => r.State == ComplaintState.Closed), g.Count(r => r.Outcome == ComplaintOutcome.Upheld),
                g.Count(r => r.Outcome == ComplaintOutcome.PartlyUpheld), g.Count(r => r.Level > Complaint.FirstLevel(r.TargetKind)),
                Median(g.Select(r => Days(r.FiledTime, r.FirstResponseTime)).OfType<double>().ToArray())))
            .ToArray();
        var closed = rows.Count(r => r.State == ComplaintState.Closed);
        return new ComplaintFigures(counts, rows.Count,
            closed == 0 ? 0 : (double)rows.Count(r => r.Outcome is ComplaintOutcome.Upheld or ComplaintOutcome.PartlyUpheld) / closed,
            Median(rows.Select(r => Days(r.FiledTime, r.FirstResponseTime)).OfType<double>().ToArray()));
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
