using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Web;

/// <summary>
/// Reading times, dates and lists of time ranges as staff type them into forms ("16:30-21:00,
/// 08:00–12:00"); what cannot be read is reported by the page, the rules by the use cases.
/// </summary>
public static partial class TimeText
{
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("H:mm");
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    [GeneratedRegex(@"^\s*(\d{1,2}:\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}:\d{2})\s*$")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"[,，;；、\s]+(?=\d)")]
    private static partial Regex Separator();

    /// <summary>"HH:mm"; "24:00" reads as midnight (the end of the day, where an end is meant).</summary>
    public static bool TryTime(string? text, out LocalTime time)
    {
        time = default;
        var value = text?.Trim() ?? "";
        if (value is "24:00")
        {
            time = LocalTime.Midnight;
            return true;
        }
        var parsed = Clock.Parse(value);
        time = parsed.Success ? parsed.Value : default;
        return parsed.Success;
    }

    public static bool TryDate(string? text, out LocalDate date)
    {
        var parsed = IsoDate.Parse(text?.Trim() ?? "");
        date = parsed.Success ? parsed.Value : default;
        return parsed.Success;
    }

    /// <summary>Ranges such as "08:00-12:00, 14:00-21:00"; empty text is no range. False when any part cannot be read.</summary>
    public static bool TryRanges(string? text, out List<(LocalTime Start, LocalTime End)> ranges)
    {
        ranges = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        foreach (var part in Separator().Split(text.Trim()).Where(p => p.Length > 0))
        {
            var match = RangePattern().Match(part);
            if (!match.Success || !TryTime(match.Groups[1].Value, out var start) || !TryTime(match.Groups[2].Value, out var end)
                || match.Groups[1].Value.Trim() == "24:00")
            {
                return false;
            }
            ranges.Add((start, end));
        }
        return true;
    }

    public static string Ranges(IEnumerable<(LocalTime Start, LocalTime End)> ranges) =>
        string.Join(", ", ranges.Select(r => $"{Format(r.Start)}-{(r.End == LocalTime.Midnight ? "24:00" : Format(r.End))}"));

    public static string Format(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Format(LocalDate date) => IsoDate.Format(date);
}
