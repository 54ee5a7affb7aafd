using NodaTime;

namespace CommunityShare.Domain.Complaints;

public enum CalendarDayKind
{
    /// <summary>A public holiday (or a bridging day of one): no work, even on a weekday.</summary>
    Holiday = 1,

    /// <summary>A make-up working day (调休上班): a Saturday or Sunday that is worked.</summary>
    WorkingDay = 2,
}

/// <summary>One exception to the Monday–Friday week, as the State Council publishes them each year.</summary>
public sealed class CalendarDay
{
    public const int MaxNameLength = 50;

    private CalendarDay() { }

    public CalendarDay(LocalDate date, CalendarDayKind kind, string name)
    {
        Date = date;
        Kind = kind;
        Name = name;
    }

    public LocalDate Date { get; private set; }

    public CalendarDayKind Kind { get; private set; }

    /// <summary>The holiday's name (端午节), or what a make-up day makes up for.</summary>
    public string Name { get; private set; } = "";

    public void Change(CalendarDayKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public static void Validate(LocalDate? date, CalendarDayKind kind, string? name, Violations violations, string prefix)
    {
        violations.Check(date is null, prefix + "date", Reasons.Required, "is required.");
        violations.Check(!Enum.IsDefined(kind), prefix + "kind", Reasons.Required, "must be HOLIDAY or WORKING_DAY.");
        violations.Required(name, prefix + "display_name");
        violations.MaxLength(name, MaxNameLength, prefix + "display_name");
    }
}

/// <summary>
/// Which days the offices work: Monday to Friday, except public holidays, plus the make-up working
/// days (调休) that move a weekend day into the week. Deadlines in working days count on it.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<LocalDate, CalendarDay> _days;

    public WorkingCalendar(IEnumerable<CalendarDay> days) => _days = days.ToDictionary(d => d.Date);

    public static WorkingCalendar WeekdaysOnly { get; } = new([]);

    public IReadOnlyCollection<CalendarDay> Days => _days.Values;

    public bool IsWorkingDay(LocalDate date) => _days.TryGetValue(date, out var day)
        ? day.Kind == CalendarDayKind.WorkingDay
        : date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday);

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="from"/> (which is not counted,
    /// whether or not it is a working day). Zero days gives <paramref name="from"/> itself.
    /// </summary>
    public LocalDate AddWorkingDays(LocalDate from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = from;
        for (var counted = 0; counted < days;)
        {
            date = date.PlusDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }
        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when to is not after from).</summary>
    public int WorkingDaysBetween(LocalDate from, LocalDate to)
    {
        var count = 0;
        for (var date = from.PlusDays(1); date <= to; date = date.PlusDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// China's 2026 holidays and make-up working days as published by the State Council (国办发明电〔2025〕号 notice).
    /// Demo data: the district keeps the calendar up to date on /manage/calendar.
    /// </summary>
    public static IReadOnlyList<CalendarDay> China2026()
    {
        var days = new List<CalendarDay>();
        void Off(string name, int month, int from, int to)
        {
            for (var d = from; d <= to; d++)
            {
                days.Add(new CalendarDay(new LocalDate(2026, month, d), CalendarDayKind.Holiday, name));
            }
        }
        void On(string name, int month, int day) => days.Add(new CalendarDay(new LocalDate(2026, month, day), CalendarDayKind.WorkingDay, name));
        Off("元旦", 1, 1, 3);
        On("元旦调休", 1, 4);
        Off("春节", 2, 15, 23);
        On("春节调休", 2, 14);
        On("春节调休", 2, 28);
        Off("清明节", 4, 4, 6);
        Off("劳动节", 5, 1, 5);
        On("劳动节调休", 5, 9);
        Off("端午节", 6, 19, 21);
        Off("中秋节", 9, 25, 27);
        Off("国庆节", 10, 1, 7);
        On("国庆节调休", 9, 20);
        On("国庆节调休", 10, 10);
        return days;
    }
}
