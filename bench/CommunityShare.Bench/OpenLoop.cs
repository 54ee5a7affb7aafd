using System.Diagnostics;

namespace CommunityShare.Bench;

public sealed record OpenLoopResult(
    double TargetPerSecond,
    double Seconds,
    long Scheduled,
    long Succeeded,
    double AchievedPerSecond,
    LatencySummary Latency,
    double MaxSendLagMs,
    SortedDictionary<string, long> Failures,
    long FailureTotal);

/// <summary>
/// Open-loop load: request <c>i</c> is due at <c>start + i / rate</c> and is sent then whether or not
/// earlier ones have answered. Latency runs from the due time, not the send time, so a stall in the
/// server (or in this generator) shows up in the figures instead of silently lowering the load
/// (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    /// <summary>Outstanding calls are capped only to keep memory bounded; the wait counts as latency.</summary>
    private const int MaxOutstanding = 4096;

    public static async Task<OpenLoopResult> RunAsync(double rate, TimeSpan duration, Func<int, Task<string?>> call)
    {
        var count = (int)Math.Max(1, Math.Floor(rate * duration.TotalSeconds));
        var interval = Stopwatch.Frequency / rate;
        var latencies = new Latency();
        var failures = new StatusTally();
        var gate = new object();
        var succeeded = 0L;
        var maxLag = 0L;
        using var outstanding = new SemaphoreSlim(MaxOutstanding);
        var tasks = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();

        async Task SendAsync(int i, long due)
        {
            try
            {
                var failure = await call(i);
                var done = Stopwatch.GetTimestamp();
                lock (gate)
                {
                    if (failure is null)
                    {
                        succeeded++;
                        latencies.Record(Stopwatch.GetElapsedTime(due, done));
                    }
                    else
                    {
                        failures.Add(failure);
                    }
                }
            }
            finally
            {
                outstanding.Release();
            }
        }

        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                // Timer resolution is about 1 ms: sleep most of the way, then send everything due.
                await Task.Delay(wait - TimeSpan.FromMilliseconds(0.5));
            }
            await outstanding.WaitAsync();
            maxLag = Math.Max(maxLag, Stopwatch.GetTimestamp() - due);
            var index = i;
            tasks.Add(Task.Run(() => SendAsync(index, due)));
        }
        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new OpenLoopResult(
            Math.Round(rate, 1),
            Math.Round(seconds, 3),
            count,
            succeeded,
            Math.Round(succeeded / seconds, 1),
            latencies.Summary(),
            Math.Round(maxLag * 1000.0 / Stopwatch.Frequency, 3),
            StatusTally.Merge([failures]),
            failures.Total);
    }
}
