using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Facilities;

public class TimeRangeTests
{
    [Fact]
    public void An_end_of_midnight_means_the_end_of_the_day()
    {
        var evening = new TimeRange(new LocalTime(22, 0), LocalTime.Midnight);

        Assert.True(evening.EndsAtMidnight);
        Assert.Equal(
            new Interval(At("2026-06-02 22:00", Shanghai), At("2026-06-03 00:00", Shanghai)),
            evening.On(Date(2026, 6, 2), Shanghai));
    }

    [Fact]
    public void Midnight_to_midnight_is_the_whole_day()
    {
        var wholeDay = new TimeRange(LocalTime.Midnight, LocalTime.Midnight);

        Assert.Equal(Duration.FromHours(24), wholeDay.On(Date(2026, 6, 2), Shanghai).Duration);
    }

    [Fact]
    public void A_range_that_does_not_end_at_midnight_does_not_claim_to()
    {
        Assert.False(Hours(8, 22).EndsAtMidnight);
    }

    [Theory]
    [InlineData(10, 0, 9, 0)]
    [InlineData(10, 0, 10, 0)]
    [InlineData(23, 30, 0, 30)]
    public void A_range_that_ends_before_or_when_it_starts_is_rejected(int startHour, int startMinute, int endHour, int endMinute)
    {
        var start = new LocalTime(startHour, startMinute);
        var end = new LocalTime(endHour, endMinute);

        Assert.False(TimeRange.IsValid(start, end));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeRange(start, end));
    }

    [Theory]
    [InlineData(8, 0, 8, 1)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(23, 59, 0, 0)]
    public void A_range_that_ends_after_it_starts_or_at_midnight_is_valid(int startHour, int startMinute, int endHour, int endMinute)
    {
        var start = new LocalTime(startHour, startMinute);
        var end = new LocalTime(endHour, endMinute);

        Assert.True(TimeRange.IsValid(start, end));
        Assert.Equal(end, new TimeRange(start, end).End);
    }

    [Theory]
    [InlineData(8, 12, 10, 14, true)]
    [InlineData(8, 22, 10, 12, true)]
    [InlineData(8, 12, 12, 14, false)]
    [InlineData(12, 14, 8, 12, false)]
    [InlineData(8, 10, 14, 16, false)]
    [InlineData(20, 24, 22, 24, true)]
    [InlineData(20, 24, 23, 24, true)]
    [InlineData(0, 24, 23, 24, true)]
    [InlineData(0, 24, 0, 1, true)]
    [InlineData(22, 24, 0, 8, false)]
    public void Ranges_overlap_only_when_they_share_some_time(int aStart, int aEnd, int bStart, int bEnd, bool overlap)
    {
        var a = Hours(aStart, aEnd);
        var b = Hours(bStart, bEnd);

        Assert.Equal(overlap, a.Overlaps(b));
        Assert.Equal(overlap, b.Overlaps(a));
    }

    [Fact]
    public void On_a_date_gives_the_instants_of_the_local_times_in_the_zone()
    {
        var span = Hours(8, 10).On(Date(2026, 6, 2), Shanghai);

        Assert.Equal(Utc("2026-06-02T00:00:00Z"), span.Start);
        Assert.Equal(Utc("2026-06-02T02:00:00Z"), span.End);
    }

    [Fact]
    public void The_same_local_range_is_a_different_instant_range_in_another_zone()
    {
        var inLondon = Hours(8, 10).On(Date(2026, 6, 2), London);

        Assert.Equal(Utc("2026-06-02T07:00:00Z"), inLondon.Start);
        Assert.Equal(Utc("2026-06-02T09:00:00Z"), inLondon.End);
    }

    [Fact]
    public void A_range_that_spans_the_spring_DST_change_is_an_hour_shorter()
    {
        var span = Hours(0, 4).On(Date(2026, 3, 29), London);

        Assert.Equal(Utc("2026-03-29T00:00:00Z"), span.Start);
        Assert.Equal(Utc("2026-03-29T03:00:00Z"), span.End);
        Assert.Equal(Duration.FromHours(3), span.Duration);
    }

    [Fact]
    public void A_range_that_spans_the_autumn_DST_change_is_an_hour_longer()
    {
        var span = Hours(0, 4).On(Date(2026, 10, 25), London);

        Assert.Equal(Utc("2026-10-24T23:00:00Z"), span.Start);
        Assert.Equal(Utc("2026-10-25T04:00:00Z"), span.End);
        Assert.Equal(Duration.FromHours(5), span.Duration);
    }

    [Fact]
    public void A_start_in_the_skipped_hour_moves_forward_by_the_gap()
    {
        var span = new TimeRange(new LocalTime(1, 30), new LocalTime(3, 0)).On(Date(2026, 3, 29), London);

        // 01:30 does not exist that night; the clock reads 02:30 BST (01:30 UTC) an hour after 00:30 GMT.
        Assert.Equal(Utc("2026-03-29T01:30:00Z"), span.Start);
        Assert.Equal(Utc("2026-03-29T02:00:00Z"), span.End);
    }

    [Fact]
    public void An_hour_that_the_clocks_skip_entirely_is_an_empty_range()
    {
        var span = Hours(1, 2).On(Date(2026, 3, 29), London);

        Assert.Equal(Duration.Zero, span.Duration);
    }

    [Fact]
    public void The_whole_day_of_the_spring_DST_change_lasts_23_hours()
    {
        var span = Hours(0, 24).On(Date(2026, 3, 29), London);

        Assert.Equal(Duration.FromHours(23), span.Duration);
    }

    [Fact]
    public void Ranges_with_the_same_times_are_equal()
    {
        Assert.Equal(Hours(8, 22), new TimeRange(new LocalTime(8, 0), new LocalTime(22, 0)));
        Assert.NotEqual(Hours(8, 22), Hours(8, 21));
    }
}
