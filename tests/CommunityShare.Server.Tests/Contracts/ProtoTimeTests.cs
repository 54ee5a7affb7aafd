using CommunityShare.Contracts;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using NodaTime;
using Duration = NodaTime.Duration;
using ProtoDayOfWeek = Google.Type.DayOfWeek;

namespace CommunityShare.Server.Tests.Contracts;

public sealed class ProtoTimeTests
{
    public static TheoryData<long> InstantTicks => new()
    {
        0,
        ServerFixture.DefaultNow.ToUnixTimeTicks(),
        -1,                                       // 100 ns before 1970
        -5_000_000,                               // half a second before 1970
        Instant.FromUtc(1969, 12, 31, 23, 59, 59).ToUnixTimeTicks() + 1,
        Instant.FromUtc(1900, 1, 1, 0, 0).ToUnixTimeTicks() - 1234567,
        Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeTicks(),
        Instant.FromUtc(9999, 12, 31, 23, 59, 59).ToUnixTimeTicks() + 9_999_999,
    };

    [Theory]
    [MemberData(nameof(InstantTicks))]
    public void Instants_round_trip_through_timestamps_with_nanos_never_negative(long ticks)
    {
        var instant = Instant.FromUnixTimeTicks(ticks);

        var timestamp = instant.ToTimestamp();

        Assert.InRange(timestamp.Nanos, 0, 999_999_999);
        Assert.Equal(instant, timestamp.ToInstant());
        Assert.True(timestamp.TryToInstant(out var back));
        Assert.Equal(instant, back);
        // Google's own conversion agrees on the wire form.
        Assert.Equal(Timestamp.FromDateTimeOffset(instant.ToDateTimeOffset()), timestamp);
    }

    [Fact]
    public void Half_a_second_before_1970_is_minus_one_second_plus_half_a_second()
    {
        var timestamp = Instant.FromUnixTimeMilliseconds(-500).ToTimestamp();

        Assert.Equal(-1, timestamp.Seconds);
        Assert.Equal(500_000_000, timestamp.Nanos);
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 1_000_000_000)]
    [InlineData(-62_135_596_801, 0)]
    [InlineData(253_402_300_800, 0)]
    public void Timestamps_outside_the_allowed_range_are_refused(long seconds, int nanos)
    {
        Assert.False(new Timestamp { Seconds = seconds, Nanos = nanos }.TryToInstant(out _));
    }

    [Fact]
    public void A_missing_timestamp_is_refused()
    {
        Assert.False(((Timestamp?)null).TryToInstant(out _));
    }

    [Theory]
    [InlineData(3600, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 500_000_000)]
    [InlineData(-1, -500_000_000)]
    [InlineData(-3600, 0)]
    [InlineData(0, -1)]
    [InlineData(2_592_000, 1)]
    [InlineData(1_000_000_000, 999_999_999)]
    public void Durations_round_trip_with_seconds_and_nanos_of_the_same_sign(long seconds, int nanos)
    {
        var proto = new Google.Protobuf.WellKnownTypes.Duration { Seconds = seconds, Nanos = nanos };

        var duration = proto.ToNodaDuration();

        Assert.Equal(Duration.FromSeconds(seconds) + Duration.FromNanoseconds(nanos), duration);
        Assert.Equal(proto, duration.ToProtoDuration());
    }

    [Theory]
    [InlineData(2026, 6, 10)]
    [InlineData(2024, 2, 29)]
    [InlineData(1, 1, 1)]
    [InlineData(9999, 12, 31)]
    [InlineData(1969, 12, 31)]
    public void Dates_round_trip(int year, int month, int day)
    {
        var date = new LocalDate(year, month, day);

        var proto = date.ToProtoDate();

        Assert.Equal(new Date { Year = year, Month = month, Day = day }, proto);
        Assert.True(proto.TryToLocalDate(out var back));
        Assert.Equal(date, back);
    }

    [Theory]
    [InlineData(2026, 2, 29)]
    [InlineData(2026, 2, 30)]
    [InlineData(2026, 4, 31)]
    [InlineData(2026, 13, 1)]
    [InlineData(2026, 0, 1)]
    [InlineData(2026, 1, 0)]
    [InlineData(0, 1, 1)]
    [InlineData(10000, 1, 1)]
    [InlineData(2026, 1, -1)]
    public void Invalid_dates_are_refused(int year, int month, int day)
    {
        Assert.False(new Date { Year = year, Month = month, Day = day }.TryToLocalDate(out _));
    }

    [Fact]
    public void A_missing_date_is_refused()
    {
        Assert.False(((Date?)null).TryToLocalDate(out _));
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(8, 30, 0, 0)]
    [InlineData(23, 59, 59, 999_999_999)]
    [InlineData(12, 0, 1, 500)]
    public void Times_of_day_round_trip(int hours, int minutes, int seconds, int nanos)
    {
        var proto = new TimeOfDay { Hours = hours, Minutes = minutes, Seconds = seconds, Nanos = nanos };

        Assert.True(proto.TryToLocalTime(out var time, out var endOfDay));

        Assert.False(endOfDay);
        Assert.Equal(new LocalTime(hours, minutes, seconds).PlusNanoseconds(nanos), time);
        Assert.Equal(proto, time.ToProtoTimeOfDay());
    }

    [Fact]
    public void Twenty_four_hundred_is_midnight_at_the_end_of_the_day_and_back()
    {
        Assert.True(new TimeOfDay { Hours = 24 }.TryToLocalTime(out var time, out var endOfDay));

        Assert.Equal(LocalTime.Midnight, time);
        Assert.True(endOfDay);
        Assert.Equal(new TimeOfDay { Hours = 24 }, LocalTime.Midnight.ToProtoTimeOfDay(endOfDay: true));
        Assert.Equal(new TimeOfDay(), LocalTime.Midnight.ToProtoTimeOfDay());
        Assert.Equal(new TimeOfDay { Hours = 9 }, new LocalTime(9, 0).ToProtoTimeOfDay(endOfDay: true));
    }

    [Theory]
    [InlineData(24, 0, 0, 1)]
    [InlineData(24, 1, 0, 0)]
    [InlineData(25, 0, 0, 0)]
    [InlineData(-1, 0, 0, 0)]
    [InlineData(12, 60, 0, 0)]
    [InlineData(12, 0, 60, 0)]
    [InlineData(12, 0, 0, 1_000_000_000)]
    [InlineData(12, 0, 0, -1)]
    public void Invalid_times_of_day_are_refused(int hours, int minutes, int seconds, int nanos)
    {
        Assert.False(new TimeOfDay { Hours = hours, Minutes = minutes, Seconds = seconds, Nanos = nanos }.TryToLocalTime(out _, out _));
        Assert.False(((TimeOfDay?)null).TryToLocalTime(out _, out _));
    }

    [Fact]
    public void Days_of_the_week_map_monday_to_sunday_and_refuse_unspecified()
    {
        foreach (var day in Enumerable.Range(1, 7).Select(d => (IsoDayOfWeek)d))
        {
            Assert.True(day.ToProtoDayOfWeek().TryToIsoDayOfWeek(out var back));
            Assert.Equal(day, back);
        }
        Assert.Equal(ProtoDayOfWeek.Monday, IsoDayOfWeek.Monday.ToProtoDayOfWeek());
        Assert.Equal(ProtoDayOfWeek.Sunday, IsoDayOfWeek.Sunday.ToProtoDayOfWeek());
        Assert.False(ProtoDayOfWeek.Unspecified.TryToIsoDayOfWeek(out _));
        Assert.False(((ProtoDayOfWeek)8).TryToIsoDayOfWeek(out _));
    }
}
