using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Volunteers;

/// <summary>
/// What a volunteer can do, from the district's fixed list (a certificate or training stands behind
/// each). A set, so that "has every required skill" is one mask test in the roster proposal.
/// </summary>
[Flags]
public enum Skills
{
    None = 0,
    FirstAid = 1 << 0,
    Medical = 1 << 1,
    Legal = 1 << 2,
    ElderlyCare = 1 << 3,
    SportsCoaching = 1 << 4,
    ChildCare = 1 << 5,
    SignLanguage = 1 << 6,
    Counselling = 1 << 7,
    Lifeguard = 1 << 8,
    FireSafety = 1 << 9,
}

public static class SkillSet
{
    /// <summary>Every skill on the list, one flag each, in the list's order.</summary>
    public static readonly Skills[] All = Enum.GetValues<Skills>().Where(s => s != Skills.None).ToArray();

    public static readonly Skills Known = All.Aggregate(Skills.None, (a, s) => a | s);

    public static IEnumerable<Skills> Each(this Skills set) => All.Where(s => (set & s) == s);

    public static bool Covers(this Skills held, Skills required) => (held & required) == required;

    /// <summary>The proto's number of a skill (FIRST_AID = 1 …): its bit position + 1.</summary>
    public static int Number(Skills skill) => System.Numerics.BitOperations.TrailingZeroCount((int)skill) + 1;

    public static Skills? FromNumber(int number) => number >= 1 && number <= All.Length ? All[number - 1] : null;
}

/// <summary>A weekly window in which a volunteer can usually serve (local time of the district).</summary>
public sealed record AvailabilityWindow(IsoDayOfWeek Day, TimeRange Hours);

/// <summary>
/// A resident who volunteers (志愿者): the skills they hold, the languages they speak, when they can
/// usually serve (a weekly pattern, minus the days they cannot), where they live (the roster prefers
/// volunteers near the shift) and how many hours a week they give at most.
/// </summary>
public sealed class Volunteer
{
    public const int MaxLanguages = 10;
    public const int MaxLanguageLength = 20;
    public const int MaxExceptions = 60;
    public const int LongestWeek = 60;

    private Volunteer() { }

    public Volunteer(string residentId, string homePlaceCode, Instant now)
    {
        ResidentId = residentId;
        HomePlaceCode = homePlaceCode;
        CreateTime = now;
        UpdateTime = now;
        Version = 1;
    }

    public string ResidentId { get; private set; } = "";

    public Skills Skills { get; private set; }

    /// <summary>Languages, comma-separated ("普通话,上海话,English").</summary>
    public string Languages { get; private set; } = "";

    public IReadOnlyList<AvailabilityWindow> Availability { get; private set; } = [];

    /// <summary>Days the volunteer cannot serve whatever the pattern says.</summary>
    public IReadOnlyList<LocalDate> Unavailable { get; private set; } = [];

    /// <summary>The volunteer's neighbourhood (居委会/村) code.</summary>
    public string HomePlaceCode { get; private set; } = "";

    public int MaxHoursPerWeek { get; private set; } = 8;

    public Instant CreateTime { get; private set; }

    public Instant UpdateTime { get; private set; }

    public int Version { get; private set; }

    public Duration WeeklyLimit => Duration.FromHours(MaxHoursPerWeek);

    /// <summary>Sets the profile after <see cref="Validate"/> found nothing wrong with it.</summary>
    public void Set(Skills skills, IReadOnlyList<string> languages, IReadOnlyList<AvailabilityWindow> availability, IReadOnlyList<LocalDate> unavailable,
        string homePlaceCode, int maxHoursPerWeek, Instant now)
    {
        Skills = skills;
        Languages = string.Join(',', languages.Select(l => l.Trim()));
        Availability = availability.ToArray();
        Unavailable = unavailable.Distinct().Order().ToArray();
        HomePlaceCode = homePlaceCode;
        MaxHoursPerWeek = maxHoursPerWeek;
        UpdateTime = now;
        Version++;
    }

    public IReadOnlyList<string> LanguageList => Languages.Length == 0 ? [] : Languages.Split(',');

    /// <summary>Every problem with a profile, with paths under <paramref name="prefix"/>.</summary>
    public static void Validate(Violations violations, string prefix, Skills skills, IReadOnlyList<string> languages, IReadOnlyList<AvailabilityWindow> availability,
        IReadOnlyList<LocalDate> unavailable, int maxHoursPerWeek)
    {
        violations.Check((skills & ~SkillSet.Known) != 0, $"{prefix}.skills", Reasons.OutOfRange, "holds a skill that is not on the list.");
        violations.Check(languages.Count > MaxLanguages, $"{prefix}.languages", Reasons.OutOfRange, $"must be at most {MaxLanguages}.");
        for (var i = 0; i < languages.Count; i++)
        {
            violations.Check(string.IsNullOrWhiteSpace(languages[i]) || languages[i].Length > MaxLanguageLength || languages[i].Contains(','),
                $"{prefix}.languages[{i}]", Reasons.InvalidFormat, $"must be 1 to {MaxLanguageLength} characters without commas.");
        }
        for (var i = 0; i < availability.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (availability[i].Day == availability[j].Day && availability[i].Hours.Overlaps(availability[j].Hours))
                {
                    violations.Add($"{prefix}.availability[{i}]", Reasons.OutOfRange, $"overlaps availability[{j}] on the same day.");
                    break;
                }
            }
        }
        violations.Check(unavailable.Count > MaxExceptions, $"{prefix}.unavailable_dates", Reasons.OutOfRange, $"must be at most {MaxExceptions} dates.");
        violations.Check(maxHoursPerWeek is < 1 or > LongestWeek, $"{prefix}.max_hours_per_week", Reasons.OutOfRange, $"must be 1 to {LongestWeek} hours.");
    }

    /// <summary>Whether the pattern covers all of <paramref name="shift"/> (which may run past midnight only within one window ending at 24:00).</summary>
    public bool IsAvailable(Interval shift, DateTimeZone zone) => AvailableIntervals(shift.Start.InZone(zone).Date, shift.End.InZone(zone).Date, zone)
        .Any(w => w.Start <= shift.Start && shift.End <= w.End);

    /// <summary>The instants the volunteer is available on the days from <paramref name="first"/> to <paramref name="last"/>, adjoining windows merged.</summary>
    public List<Interval> AvailableIntervals(LocalDate first, LocalDate last, DateTimeZone zone)
    {
        var result = new List<Interval>();
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            if (Unavailable.Contains(date))
            {
                continue;
            }
            foreach (var w in Availability.Where(a => a.Day == date.DayOfWeek).OrderBy(a => a.Hours.Start))
            {
                var interval = w.Hours.On(date, zone);
                if (result.Count > 0 && result[^1].End == interval.Start)
                {
                    result[^1] = new Interval(result[^1].Start, interval.End);
                }
                else
                {
                    result.Add(interval);
                }
            }
        }
        return result;
    }
}
