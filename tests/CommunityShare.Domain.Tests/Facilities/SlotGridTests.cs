using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Facilities;

public class SlotGridTests
{
    private static readonly Duration OneHour = Duration.FromHours(1);
    private static readonly LocalDate SpringForward = Date(2026, 3, 29);
    private static readonly LocalDate FallBack = Date(2026, 10, 25);

    private static SlotTime[] Slots(LocalDate date, OpeningSchedule schedule, DateTimeZone zone, Duration slotLength) =>
        SlotGrid.SlotsOn(date, schedule, zone, slotLength).ToArray();

    private static LocalTime[] Labels(IEnumerable<SlotTime> slots) => slots.Select(s => s.LocalStart).ToArray();

    private static LocalTime T(int hour, int minute = 0) => new(hour, minute);

    [Fact]
    public void Slots_have_the_slot_length_and_follow_each_other_from_the_window_start()
    {
        var slots = Slots(Date(2026, 6, 2), OpenEveryDay(Hours(8, 12)), Shanghai, OneHour);

        Assert.Equal(
        [
            Between("2026-06-02 08:00", "2026-06-02 09:00", Shanghai),
            Between("2026-06-02 09:00", "2026-06-02 10:00", Shanghai),
            Between("2026-06-02 10:00", "2026-06-02 11:00", Shanghai),
            Between("2026-06-02 11:00", "2026-06-02 12:00", Shanghai),
        ], slots.Select(s => s.Interval));
        Assert.Equal([T(8), T(9), T(10), T(11)], Labels(slots));
        Assert.All(slots, s => Assert.Equal(Date(2026, 6, 2), s.Date));
    }

    [Fact]
    public void A_remainder_too_short_for_a_whole_slot_is_not_offered()
    {
        var slots = Slots(Date(2026, 6, 2), OpenEveryDay(Hours(8, 12)), Shanghai, Duration.FromMinutes(90));

        Assert.Equal([T(8), T(9, 30)], Labels(slots));
        Assert.Equal(At("2026-06-02 11:00", Shanghai), slots[^1].Interval.End);
    }

    [Fact]
    public void Each_window_of_a_day_has_its_own_grid_stepped_from_its_own_start()
    {
        var schedule = OpenEveryDay(Hours(8, 10), new TimeRange(T(13, 30), T(15, 30)));

        var slots = Slots(Date(2026, 6, 2), schedule, Shanghai, OneHour);

        Assert.Equal([T(8), T(9), T(13, 30), T(14, 30)], Labels(slots));
    }

    [Fact]
    public void A_window_ending_at_midnight_holds_slots_up_to_the_end_of_its_day()
    {
        var slots = Slots(Date(2026, 6, 2), OpenEveryDay(Hours(22, 24)), Shanghai, OneHour);

        Assert.Equal([T(22), T(23)], Labels(slots));
        Assert.Equal(At("2026-06-03 00:00", Shanghai), slots[^1].Interval.End);
        Assert.All(slots, s => Assert.Equal(Date(2026, 6, 2), s.Date));
    }

    [Fact]
    public void A_day_that_is_closed_has_no_slots()
    {
        var schedule = new OpeningSchedule(OpenEveryDay(Hours(8, 22)).Weekly, [new DateOverride(Date(2026, 6, 2), [], "Exams")]);

        Assert.Empty(Slots(Date(2026, 6, 2), schedule, Shanghai, OneHour));
    }

    [Fact]
    public void A_window_that_spans_the_spring_DST_change_holds_one_slot_fewer()
    {
        var slots = Slots(SpringForward, OpenEveryDay(Hours(0, 4)), London, OneHour);

        Assert.Equal(3, slots.Length);
        Assert.Equal(
            [Utc("2026-03-29T00:00:00Z"), Utc("2026-03-29T01:00:00Z"), Utc("2026-03-29T02:00:00Z")],
            slots.Select(s => s.Interval.Start));
        Assert.Equal([T(0), T(2), T(3)], Labels(slots));
    }

    [Fact]
    public void A_window_that_spans_the_autumn_DST_change_holds_one_slot_more()
    {
        var slots = Slots(FallBack, OpenEveryDay(Hours(0, 4)), London, OneHour);

        Assert.Equal(5, slots.Length);
        Assert.Equal(Utc("2026-10-24T23:00:00Z"), slots[0].Interval.Start);
        Assert.Equal(Utc("2026-10-25T04:00:00Z"), slots[^1].Interval.End);
        // 01:00 happens twice: once in BST, once in GMT.
        Assert.Equal([T(0), T(1), T(1), T(2), T(3)], Labels(slots));
    }

    [Theory]
    [InlineData(2026, 3, 29, 60)]
    [InlineData(2026, 3, 29, 45)]
    [InlineData(2026, 3, 29, 90)]
    [InlineData(2026, 10, 25, 60)]
    [InlineData(2026, 10, 25, 45)]
    [InlineData(2026, 10, 25, 90)]
    public void Across_a_DST_change_no_slot_is_shorter_or_longer_than_the_slot_length(int year, int month, int day, int minutes)
    {
        var slotLength = Duration.FromMinutes(minutes);

        var slots = Slots(Date(year, month, day), OpenEveryDay(Hours(0, 24)), London, slotLength);

        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Equal(slotLength, s.Interval.Duration));
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.Equal(pair.First.Interval.End, pair.Second.Interval.Start));
    }

    [Fact]
    public void The_whole_day_of_the_spring_DST_change_has_23_one_hour_slots_and_of_the_autumn_change_25()
    {
        Assert.Equal(23, Slots(SpringForward, OpenEveryDay(Hours(0, 24)), London, OneHour).Length);
        Assert.Equal(25, Slots(FallBack, OpenEveryDay(Hours(0, 24)), London, OneHour).Length);
        Assert.Equal(24, Slots(Date(2026, 6, 2), OpenEveryDay(Hours(0, 24)), London, OneHour).Length);
    }

    [Fact]
    public void A_window_after_the_DST_change_has_local_labels_in_summer_time()
    {
        var slots = Slots(SpringForward, OpenEveryDay(Hours(8, 10)), London, OneHour);

        Assert.Equal([T(8), T(9)], Labels(slots));
        Assert.Equal(Utc("2026-03-29T07:00:00Z"), slots[0].Interval.Start);
    }

    [Fact]
    public void A_window_ending_at_a_midnight_the_clocks_skip_ends_when_the_clocks_jump()
    {
        // Chile moves its clocks at midnight: 2026-09-06 00:00 -04 does not exist and becomes 01:00 -03.
        var santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];

        var evening = Slots(Date(2026, 9, 5), OpenEveryDay(Hours(22, 24)), santiago, OneHour);
        var morning = Slots(Date(2026, 9, 6), OpenEveryDay(Hours(0, 4)), santiago, OneHour);

        Assert.Equal([T(22), T(23)], Labels(evening));
        Assert.Equal(Utc("2026-09-06T04:00:00Z"), evening[^1].Interval.End);
        Assert.Equal([T(1), T(2), T(3)], Labels(morning));
        Assert.Equal(evening[^1].Interval.End, morning[0].Interval.Start);
    }

    [Fact]
    public void A_window_ending_at_midnight_after_the_clocks_fall_back_before_it_holds_the_repeated_hour()
    {
        // Chile: 2026-04-05 00:00 -03 falls back to 2026-04-04 23:00 -04, so 23:00 happens twice that evening.
        var santiago = DateTimeZoneProviders.Tzdb["America/Santiago"];

        var slots = Slots(Date(2026, 4, 4), OpenEveryDay(Hours(22, 24)), santiago, OneHour);

        Assert.Equal([T(22), T(23), T(23)], Labels(slots));
        Assert.All(slots, s => Assert.Equal(Date(2026, 4, 4), SlotGrid.FindWindow(s.Interval, OpenEveryDay(Hours(22, 24)), santiago)?.Date));
    }

    [Theory]
    [InlineData(2026, 3, 29)]
    [InlineData(2026, 10, 25)]
    [InlineData(2026, 1, 1)]
    [InlineData(2026, 7, 1)]
    public void Shanghai_has_no_DST_so_every_day_has_the_same_slots(int year, int month, int day)
    {
        var slots = Slots(Date(year, month, day), OpenEveryDay(Hours(0, 4)), Shanghai, OneHour);

        Assert.Equal([T(0), T(1), T(2), T(3)], Labels(slots));
        Assert.All(slots, s => Assert.Equal(OneHour, s.Interval.Duration));
    }

    [Fact]
    public void Slots_between_dates_are_the_slots_of_each_date_in_turn()
    {
        var schedule = new OpeningSchedule(OpenEveryDay(Hours(8, 10)).Weekly, [new DateOverride(Date(2026, 6, 3), [], "Closed")]);

        var slots = SlotGrid.SlotsBetween(new DateInterval(Date(2026, 6, 2), Date(2026, 6, 4)), schedule, Shanghai, OneHour).ToArray();

        Assert.Equal(
            [Date(2026, 6, 2), Date(2026, 6, 2), Date(2026, 6, 4), Date(2026, 6, 4)],
            slots.Select(s => s.Date));
    }

    [Fact]
    public void Find_window_gives_the_window_and_its_local_date_for_a_request_inside_it()
    {
        var schedule = OpenEveryDay(Hours(8, 12), Hours(14, 18));

        var found = SlotGrid.FindWindow(Between("2026-06-02 15:00", "2026-06-02 17:00", Shanghai), schedule, Shanghai);

        Assert.NotNull(found);
        Assert.Equal(Date(2026, 6, 2), found.Value.Date);
        Assert.Equal(Between("2026-06-02 14:00", "2026-06-02 18:00", Shanghai), found.Value.Window);
    }

    [Fact]
    public void Find_window_accepts_a_request_that_fills_the_window_exactly()
    {
        var found = SlotGrid.FindWindow(Between("2026-06-02 08:00", "2026-06-02 12:00", Shanghai), OpenEveryDay(Hours(8, 12)), Shanghai);

        Assert.NotNull(found);
    }

    [Theory]
    [InlineData("2026-06-02 07:00", "2026-06-02 09:00")]
    [InlineData("2026-06-02 11:00", "2026-06-02 13:00")]
    [InlineData("2026-06-02 12:00", "2026-06-02 13:00")]
    [InlineData("2026-06-02 11:00", "2026-06-02 15:00")]
    public void Find_window_gives_nothing_for_a_request_not_wholly_inside_one_window(string start, string end)
    {
        var schedule = OpenEveryDay(Hours(8, 12), Hours(14, 18));

        Assert.Null(SlotGrid.FindWindow(Between(start, end, Shanghai), schedule, Shanghai));
    }

    [Fact]
    public void Find_window_does_not_join_windows_that_touch()
    {
        var schedule = OpenEveryDay(Hours(8, 12), Hours(12, 16));

        Assert.Null(SlotGrid.FindWindow(Between("2026-06-02 11:00", "2026-06-02 13:00", Shanghai), schedule, Shanghai));
    }

    [Fact]
    public void Find_window_finds_the_last_slot_of_a_window_ending_at_midnight()
    {
        var found = SlotGrid.FindWindow(Between("2026-06-02 23:00", "2026-06-03 00:00", Shanghai), OpenEveryDay(Hours(22, 24)), Shanghai);

        Assert.NotNull(found);
        Assert.Equal(Date(2026, 6, 2), found.Value.Date);
    }

    [Fact]
    public void Find_window_does_not_run_a_request_past_midnight_into_the_next_days_window()
    {
        var schedule = OpenEveryDay(Hours(22, 24), Hours(0, 2));

        Assert.Null(SlotGrid.FindWindow(Between("2026-06-02 23:00", "2026-06-03 01:00", Shanghai), schedule, Shanghai));
    }

    [Fact]
    public void Find_window_works_on_the_instants_of_a_DST_day()
    {
        var schedule = OpenEveryDay(Hours(0, 4));

        var found = SlotGrid.FindWindow(new Interval(Utc("2026-03-29T02:00:00Z"), Utc("2026-03-29T03:00:00Z")), schedule, London);
        var pastTheEnd = SlotGrid.FindWindow(new Interval(Utc("2026-03-29T03:00:00Z"), Utc("2026-03-29T04:00:00Z")), schedule, London);

        Assert.NotNull(found);
        Assert.Equal(SpringForward, found.Value.Date);
        Assert.Null(pastTheEnd);
    }

    [Fact]
    public void Find_window_finds_the_repeated_hour_of_the_autumn_DST_change()
    {
        var found = SlotGrid.FindWindow(new Interval(Utc("2026-10-25T01:00:00Z"), Utc("2026-10-25T02:00:00Z")), OpenEveryDay(Hours(0, 4)), London);

        Assert.NotNull(found);
        Assert.Equal(new Interval(Utc("2026-10-24T23:00:00Z"), Utc("2026-10-25T04:00:00Z")), found.Value.Window);
    }

    [Theory]
    [InlineData("2026-06-02 08:00", "2026-06-02 09:00", true)]
    [InlineData("2026-06-02 10:00", "2026-06-02 12:00", true)]
    [InlineData("2026-06-02 08:30", "2026-06-02 09:30", false)]
    [InlineData("2026-06-02 09:00", "2026-06-02 09:30", false)]
    [InlineData("2026-06-02 09:00", "2026-06-02 10:30", false)]
    public void A_request_is_on_the_grid_when_it_starts_on_a_slot_boundary_and_lasts_whole_slots(string start, string end, bool onGrid)
    {
        var window = Between("2026-06-02 08:00", "2026-06-02 12:00", Shanghai);

        Assert.Equal(onGrid, SlotGrid.IsOnGrid(Between(start, end, Shanghai), window, OneHour));
    }

    [Fact]
    public void A_request_off_the_grid_by_less_than_a_tick_is_not_on_the_grid()
    {
        var window = Between("2026-06-02 08:00", "2026-06-02 12:00", Shanghai);
        var oneNanosecond = Duration.FromNanoseconds(1);
        var startsLate = new Interval(At("2026-06-02 09:00", Shanghai) + oneNanosecond, At("2026-06-02 10:00", Shanghai) + oneNanosecond);
        var endsLate = new Interval(At("2026-06-02 09:00", Shanghai), At("2026-06-02 10:00", Shanghai) + oneNanosecond);

        Assert.False(SlotGrid.IsOnGrid(startsLate, window, OneHour));
        Assert.False(SlotGrid.IsOnGrid(endsLate, window, OneHour));
    }

    [Fact]
    public void The_grid_is_counted_from_the_window_start_not_from_the_hour()
    {
        var window = Between("2026-06-02 08:30", "2026-06-02 12:30", Shanghai);

        Assert.True(SlotGrid.IsOnGrid(Between("2026-06-02 09:30", "2026-06-02 10:30", Shanghai), window, OneHour));
        Assert.False(SlotGrid.IsOnGrid(Between("2026-06-02 09:00", "2026-06-02 10:00", Shanghai), window, OneHour));
    }

    [Fact]
    public void Every_slot_the_grid_offers_is_on_the_grid_and_inside_its_window()
    {
        var schedule = OpenEveryDay(Hours(0, 4), new TimeRange(T(9, 15), T(17, 0)));
        var slotLength = Duration.FromMinutes(45);

        foreach (var date in new[] { SpringForward, FallBack, Date(2026, 6, 2) })
        {
            foreach (var slot in SlotGrid.SlotsOn(date, schedule, London, slotLength))
            {
                var found = SlotGrid.FindWindow(slot.Interval, schedule, London);
                Assert.NotNull(found);
                Assert.Equal(date, found.Value.Date);
                Assert.True(SlotGrid.IsOnGrid(slot.Interval, found.Value.Window, slotLength));
            }
        }
    }

    [Fact]
    public void A_slot_length_of_zero_is_refused_rather_than_looping_forever()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotGrid.SlotsOn(Date(2026, 6, 2), OpenEveryDay(Hours(8, 12)), Shanghai, Duration.Zero));
    }
}
