using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>One bookable slot: a half-open interval with the local date and time it is known by.</summary>
public readonly record struct SlotTime(Interval Interval, LocalDate Date, LocalTime LocalStart);

/// <summary>
/// Turns a facility's local opening windows into slots. Slots are of fixed real length, stepped
/// from each window's start instant; a window that spans a DST change therefore holds one slot
/// fewer or more, and no slot is ever shorter or longer than the slot length.
/// </summary>
public static class SlotGrid
{
    public static IEnumerable<SlotTime> SlotsOn(LocalDate date, OpeningSchedule schedule, DateTimeZone zone, Duration slotLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slotLength, Duration.Zero);
        return Slots(date, schedule, zone, slotLength);
    }

    private static IEnumerable<SlotTime> Slots(LocalDate date, OpeningSchedule schedule, DateTimeZone zone, Duration slotLength)
    {
        foreach (var window in schedule.WindowsOn(date))
        {
            var span = window.On(date, zone);
            for (var start = span.Start; start + slotLength <= span.End; start += slotLength)
            {
                yield return new SlotTime(new Interval(start, start + slotLength), date, start.InZone(zone).TimeOfDay);
            }
        }
    }

    public static IEnumerable<SlotTime> SlotsBetween(DateInterval dates, OpeningSchedule schedule, DateTimeZone zone, Duration slotLength) =>
        dates.SelectMany(d => SlotsOn(d, schedule, zone, slotLength));

    /// <summary>
    /// The window (on its local date) whose slot grid <paramref name="requested"/> lies on, or
    /// null. A booking must start on a slot boundary and last whole slots inside one window.
    /// </summary>
    public static (LocalDate Date, Interval Window)? FindWindow(Interval requested, OpeningSchedule schedule, DateTimeZone zone)
    {
        // A window's date is the local date of its start; look at the day before too, since a
        // window may run to midnight and the request's start may be reported in another offset.
        var localStartDate = requested.Start.InZone(zone).Date;
        foreach (var date in new[] { localStartDate, localStartDate.PlusDays(-1) })
        {
            foreach (var window in schedule.WindowsOn(date))
            {
                var span = window.On(date, zone);
                if (span.Start <= requested.Start && requested.End <= span.End)
                {
                    return (date, span);
                }
            }
        }
        return null;
    }

    /// <summary>True when the request starts on a slot boundary of the window and lasts a whole number of slots.</summary>
    /// <remarks>Compared in nanoseconds: ticks would round away an offset of less than 100 ns.</remarks>
    public static bool IsOnGrid(Interval requested, Interval window, Duration slotLength) =>
        (requested.Start - window.Start).ToBigIntegerNanoseconds() % slotLength.ToBigIntegerNanoseconds() == 0
        && requested.Duration.ToBigIntegerNanoseconds() % slotLength.ToBigIntegerNanoseconds() == 0;
}
