using System.Text.Json;
using CommunityShare.Domain.Facilities;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Data;

/// <summary>
/// An opening schedule is a value: it is read and replaced whole, never queried by its parts,
/// so it is stored as one JSON column with ISO local times ("08:00", "24:00").
/// </summary>
internal static class ScheduleJson
{
    private sealed record Range(string Start, string End);

    private sealed record Weekly(int Day, string Start, string End);

    private sealed record Override(string Date, Range[] Windows, string Reason);

    private sealed record Document(Weekly[] Weekly, Override[] Overrides);

    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm:ss.FFFFFFFFF");

    public static string Write(OpeningSchedule schedule) => JsonSerializer.Serialize(new Document(
        schedule.Weekly.Select(w => new Weekly((int)w.Day, Time.Format(w.Hours.Start), EndText(w.Hours))).ToArray(),
        schedule.Overrides.Select(o => new Override(LocalDatePattern.Iso.Format(o.Date),
            o.Windows.Select(r => new Range(Time.Format(r.Start), EndText(r))).ToArray(), o.Reason)).ToArray()));

    public static OpeningSchedule Read(string json)
    {
        var doc = JsonSerializer.Deserialize<Document>(json) ?? new Document([], []);
        return new OpeningSchedule(
            doc.Weekly.Select(w => new WeeklyWindow((IsoDayOfWeek)w.Day, Parse(w.Start, w.End))).ToArray(),
            doc.Overrides.Select(o => new DateOverride(LocalDatePattern.Iso.Parse(o.Date).Value,
                o.Windows.Select(r => Parse(r.Start, r.End)).ToArray(), o.Reason)).ToArray());
    }

    private static string EndText(TimeRange range) => range.EndsAtMidnight ? "24:00" : Time.Format(range.End);

    private static TimeRange Parse(string start, string end) =>
        new(Time.Parse(start).Value, end == "24:00" ? LocalTime.Midnight : Time.Parse(end).Value);

    public sealed class Converter() : ValueConverter<OpeningSchedule, string>(s => Write(s), j => Read(j));

    public sealed class Comparer() : ValueComparer<OpeningSchedule>(
        (a, b) => Write(a!) == Write(b!), s => Write(s).GetHashCode(StringComparison.Ordinal), s => Read(Write(s)));
}
