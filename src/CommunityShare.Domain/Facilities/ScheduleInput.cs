using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>
/// A weekly opening window as a client sent it. A null value was not given — or was malformed,
/// which the front door that read it has already reported on the same field. An end of 00:00
/// means the end of the day (24:00).
/// </summary>
public sealed record WindowInput(IsoDayOfWeek? Day, LocalTime? Start, LocalTime? End);

/// <summary>A time range within one date's override, as sent.</summary>
public sealed record RangeInput(LocalTime? Start, LocalTime? End);

/// <summary>A date whose windows replace the weekly ones (none: closed that day), as sent.</summary>
public sealed record OverrideInput(LocalDate? Date, IReadOnlyList<RangeInput> Windows, string Reason);

/// <summary>
/// The rules an opening schedule obeys, checked in the order the client listed its windows so that
/// every problem names the entry it is about: each window needs a day, a start and an end after the
/// start; windows on one day do not overlap; a date has one override.
/// </summary>
public static class ScheduleInput
{
    public const int MaxWeeklyWindows = 70;
    public const int MaxOverrides = 366;
    public const int MaxReasonLength = 200;

    public static List<WeeklyWindow> ReadWeekly(IReadOnlyList<WindowInput> inputs, Violations violations, string field)
    {
        violations.Check(inputs.Count > MaxWeeklyWindows, field, Reasons.OutOfRange, $"has at most {MaxWeeklyWindows} windows.");
        var windows = new List<WeeklyWindow>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var w = inputs[i];
            var path = $"{field}[{i}]";
            RequireGiven(w.Day is not null, $"{path}.day_of_week", violations);
            var range = ReadRange(w.Start, w.End, path, violations);
            if (w.Day is { } day && range is not null)
            {
                var clash = windows.FirstOrDefault(x => x.Day == day && x.Hours.Overlaps(range));
                if (violations.Check(clash is not null, path, Reasons.OutOfRange, $"overlaps another window on {day}."))
                {
                    windows.Add(new WeeklyWindow(day, range));
                }
            }
        }
        return windows;
    }

    public static List<DateOverride> ReadOverrides(IReadOnlyList<OverrideInput> inputs, Violations violations, string field)
    {
        violations.Check(inputs.Count > MaxOverrides, field, Reasons.OutOfRange, $"has at most {MaxOverrides} dates.");
        var overrides = new List<DateOverride>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var o = inputs[i];
            var path = $"{field}[{i}]";
            RequireGiven(o.Date is not null, $"{path}.date", violations);
            violations.Check(o.Date is { } d && overrides.Any(x => x.Date == d), $"{path}.date", Reasons.OutOfRange,
                "appears twice; give one override per date.");
            violations.MaxLength(o.Reason, MaxReasonLength, $"{path}.reason");
            var ranges = new List<TimeRange>();
            for (var j = 0; j < o.Windows.Count; j++)
            {
                var range = ReadRange(o.Windows[j].Start, o.Windows[j].End, $"{path}.windows[{j}]", violations);
                if (range is not null && violations.Check(ranges.Any(r => r.Overlaps(range)), $"{path}.windows[{j}]", Reasons.OutOfRange,
                        "overlaps another window on that date."))
                {
                    ranges.Add(range);
                }
            }
            if (o.Date is { } date)
            {
                overrides.Add(new DateOverride(date, ranges, o.Reason.Trim()));
            }
        }
        return overrides;
    }

    private static TimeRange? ReadRange(LocalTime? start, LocalTime? end, string path, Violations violations)
    {
        RequireGiven(start is not null, $"{path}.start_time", violations);
        RequireGiven(end is not null, $"{path}.end_time", violations);
        if (start is not { } s || end is not { } e)
        {
            return null;
        }
        return violations.Check(!TimeRange.IsValid(s, e), $"{path}.end_time", Reasons.OutOfRange, "must be after start_time.")
            ? new TimeRange(s, e)
            : null;
    }

    /// <summary>"Required", unless the door already said what is wrong with the value it could not read.</summary>
    private static void RequireGiven(bool given, string path, Violations violations) =>
        violations.Check(!given && violations.Items.All(v => v.Field != path), path, Reasons.Required, "is required.");
}
