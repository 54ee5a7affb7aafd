using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Complaints;

/// <summary>
/// The working calendar as stored: anyone reads it, district staff keep it (add a holiday or a
/// make-up working day, change or remove one). Deadlines are counted on it, in Asia/Shanghai.
/// </summary>
public sealed class WorkingDays(CommunityShareDb db)
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static string Name(LocalDate date) => "calendarDays/" + LocalDatePattern.Iso.Format(date);

    public async Task<WorkingCalendar> LoadAsync(CancellationToken cancellationToken) =>
        new(await db.CalendarDays.AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>The end (midnight that closes it) of the <paramref name="days"/>-th working day after the day of <paramref name="from"/>.</summary>
    public static Instant DueAfter(WorkingCalendar calendar, Instant from, int days) =>
        calendar.AddWorkingDays(from.InZone(Zone).Date, days).PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();

    public async Task<IReadOnlyList<CalendarDay>> ListAsync(int year, CancellationToken cancellationToken)
    {
        var query = db.CalendarDays.AsNoTracking();
        if (year != 0)
        {
            var first = new LocalDate(year, 1, 1);
            var last = new LocalDate(year, 12, 31);
            query = query.Where(d => d.Date >= first && d.Date <= last);
        }
        return (await query.ToListAsync(cancellationToken)).OrderBy(d => d.Date).ToArray();
    }

    public async Task<CalendarDay> SetAsync(Actor actor, LocalDate? date, CalendarDayKind kind, string? name, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole("keep the working calendar", changes: true);
        CalendarDay.Validate(date, kind, name?.Trim(), violations, "calendar_day.");
        violations.ThrowIfAny();
        var day = await db.CalendarDays.FirstOrDefaultAsync(d => d.Date == date!.Value, cancellationToken);
        if (day is null)
        {
            day = new CalendarDay(date!.Value, kind, name!.Trim());
            db.CalendarDays.Add(day);
        }
        else
        {
            day.Change(kind, name!.Trim());
        }
        await db.SaveChangesAsync(cancellationToken);
        return day;
    }

    public async Task DeleteAsync(Actor actor, LocalDate date, CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole("keep the working calendar", changes: true);
        var day = await db.CalendarDays.FirstOrDefaultAsync(d => d.Date == date, cancellationToken) ?? throw Problem.NotFound(Name(date));
        db.CalendarDays.Remove(day);
        await db.SaveChangesAsync(cancellationToken);
    }
}
