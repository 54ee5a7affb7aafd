using System.Diagnostics;
using HdrHistogram;

namespace CommunityShare.Bench;

/// <summary>
/// One worker's latencies in microseconds (not thread-safe: one per worker, merged at the end).
/// </summary>
public sealed class Latency
{
    private const long HighestMicros = 120_000_000;

    private readonly LongHistogram histogram = new(1, HighestMicros, 3);

    public long Count => histogram.TotalCount;

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp));

    public void Record(TimeSpan elapsed) =>
        histogram.RecordValue(Math.Clamp((long)elapsed.TotalMicroseconds, 1, HighestMicros));

    public static Latency Merge(IEnumerable<Latency> parts)
    {
        var all = new Latency();
        foreach (var part in parts)
        {
            all.histogram.Add(part.histogram);
        }
        return all;
    }

    public LatencySummary Summary() => histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            histogram.TotalCount,
            Millis(histogram.GetValueAtPercentile(50)),
            Millis(histogram.GetValueAtPercentile(99)),
            Millis(histogram.GetValueAtPercentile(99.9)),
            Millis(histogram.GetMaxValue()),
            Math.Round(histogram.GetMean() / 1000.0, 3));

    /// <summary>The same with p95, the web target's percentile.</summary>
    public WebLatency WebSummary() => histogram.TotalCount == 0
        ? new WebLatency(0, 0, 0, 0, 0, 0, 0)
        : new WebLatency(
            histogram.TotalCount,
            Millis(histogram.GetValueAtPercentile(50)),
            Millis(histogram.GetValueAtPercentile(95)),
            Millis(histogram.GetValueAtPercentile(99)),
            Millis(histogram.GetValueAtPercentile(99.9)),
            Millis(histogram.GetMaxValue()),
            Math.Round(histogram.GetMean() / 1000.0, 3));

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);
}

public sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);

/// <summary>Counts of failed calls by gRPC status code (one per worker, merged at the end).</summary>
public sealed class StatusTally
{
    private readonly Dictionary<string, long> counts = [];

    public long Total => counts.Values.Sum();

    public void Add(string what, long n = 1) => counts[what] = counts.GetValueOrDefault(what) + n;

    public static SortedDictionary<string, long> Merge(IEnumerable<StatusTally> parts)
    {
        var all = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in parts.SelectMany(p => p.counts))
        {
            all[key] = all.GetValueOrDefault(key) + value;
        }
        return all;
    }
}
