using System.Diagnostics;

namespace CommunityShare.Bench;

/// <summary>What a closed-loop phase measured inside its window.</summary>
public sealed record ClosedLoopResult(long Completed, double Seconds, Latency Latency, SortedDictionary<string, long> Failures, long CallsMade)
{
    public double PerSecond => Seconds > 0 ? Completed / Seconds : 0;
}

/// <summary>
/// N workers, each issuing one call after another. Calls that end inside the measurement window
/// (after the warm-up) count towards throughput, latency and failures; nothing starts after it.
/// </summary>
public static class ClosedLoop
{
    /// <param name="call">
    /// One call by worker <c>w</c>, its <c>n</c>-th; returns null when it succeeded, or a label
    /// for the failure (e.g. the gRPC status code). It returns false from <paramref name="more"/>
    /// when the worker has run out of work.
    /// </param>
    /// <param name="more">Whether worker <c>w</c> may make its <c>n</c>-th call.</param>
    public static async Task<ClosedLoopResult> RunAsync(int workers, TimeSpan warmup, TimeSpan window,
        Func<int, int, Task<string?>> call, Func<int, int, bool> more)
    {
        var origin = Stopwatch.GetTimestamp();
        var measureFrom = origin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var latencies = Enumerable.Range(0, workers).Select(_ => new Latency()).ToArray();
        var failures = Enumerable.Range(0, workers).Select(_ => new StatusTally()).ToArray();
        var completed = new long[workers];
        var made = new long[workers];

        async Task WorkerAsync(int w)
        {
            for (var n = 0; more(w, n) && Stopwatch.GetTimestamp() < measureTo; n++)
            {
                var sent = Stopwatch.GetTimestamp();
                var failure = await call(w, n);
                var done = Stopwatch.GetTimestamp();
                made[w]++;
                if (done < measureFrom || done >= measureTo)
                {
                    continue;
                }
                if (failure is null)
                {
                    completed[w]++;
                    latencies[w].RecordSince(sent);
                }
                else
                {
                    failures[w].Add(failure);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w))));
        var end = Math.Min(Stopwatch.GetTimestamp(), measureTo);
        var seconds = Math.Max(0, (end - measureFrom) / (double)Stopwatch.Frequency);
        return new ClosedLoopResult(completed.Sum(), seconds, Latency.Merge(latencies), StatusTally.Merge(failures), made.Sum());
    }
}
