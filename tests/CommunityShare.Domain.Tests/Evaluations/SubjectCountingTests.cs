using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Tests.Evaluations;

/// <summary>Counting a subject's inputs from facilities, closures and bookings: a hall and its halves count once.</summary>
public class SubjectCountingTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDate Monday = new(2026, 6, 1);

    private static readonly OpeningSchedule EightToSix = new(
        Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => new WeeklyWindow(d, new TimeRange(new LocalTime(8, 0), new LocalTime(18, 0))))
            .ToArray(), []);

    private static Instant At(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public void A_whole_and_its_parts_are_offered_once_and_a_part_booked_uses_its_share()
    {
        var closure = new Interval(At(Monday, 8), At(Monday, 18));
        var facilities = new Dictionary<string, FacilityFacts>
        {
            ["hall"] = new("hall", null, 1, EightToSix, Shanghai, [closure], 0),
            ["hall-east"] = new("hall-east", "hall", 1, EightToSix, Shanghai, [closure], 2),
            ["hall-west"] = new("hall-west", "hall", 1, EightToSix, Shanghai, [closure], 2),
        };
        var bookings = new[]
        {
            new BookingFacts("hall-east", At(Monday.PlusDays(1), 9), At(Monday.PlusDays(1), 11), 1, BookingState.CheckedIn, false),
            new BookingFacts("hall", At(Monday.PlusDays(2), 9), At(Monday.PlusDays(2), 10), 1, BookingState.Confirmed, false),
            // Outside the week.
            new BookingFacts("hall", At(Monday.PlusDays(7), 9), At(Monday.PlusDays(7), 10), 1, BookingState.Confirmed, false),
        }.ToLookup(b => b.FacilityId);
        var now = At(Monday.PlusDays(6), 12);

        var (inputs, reference) = SubjectCounting.Count(new ScopeFacts(["hall", "hall-east", "hall-west"], Monday, Monday.PlusDays(7), null), facilities,
            bookings, now, Duration.FromMinutes(15));

        // 7 days × 10 h, less Monday's closure: 60 h opened of 70 promised; the halves add nothing.
        Assert.Equal((60.0, 70.0, 60.0), (inputs.OpenHours, inputs.PromisedHours!.Value, inputs.PlaceHoursOffered));
        // Half the hall for 2 h, the whole for 1 h.
        Assert.Equal((2, 2.0), (inputs.Bookings, inputs.PlaceHoursBooked));
        Assert.Equal((2, 1, 1, 0), (inputs.BookingsDue, inputs.BookingsSettledAtDoor, inputs.MissedBookings, inputs.NoShowsRecorded));
        Assert.Equal(98.0, reference);

        // A half alone (its whole outside the scope) is offered on its own; a contract's promise is its hours per week.
        var (half, _) = SubjectCounting.Count(new ScopeFacts(["hall-east"], Monday, Monday.PlusDays(14), 35), facilities, bookings, now,
            Duration.FromMinutes(15));
        Assert.Equal((130.0, 70.0, 1.0), (half.OpenHours, half.PromisedHours!.Value, half.PlaceHoursBooked));
    }
}
