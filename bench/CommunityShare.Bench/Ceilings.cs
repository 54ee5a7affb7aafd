using System.Diagnostics;
using CommunityShare.Contracts.V1;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace CommunityShare.Bench;

public sealed record RpcCeiling(int Workers, int Channels, double CallsPerSecond, LatencySummary Latency, SortedDictionary<string, long> Failures);

public sealed record CommitCeiling(string Pragmas, double Seconds, long Commits, double CommitsPerSecond);

/// <summary>The two ceilings every ratio is taken against, measured in the same run.</summary>
public static class Ceilings
{
    private static readonly PingRequest Ping = new();

    /// <summary>One Ping, so that a server that cannot be reached fails the run at once and says why.</summary>
    public static async Task PreflightAsync(BenchOptions options)
    {
        using var pool = new ClientPool(options.Grpc, 1, TimeSpan.FromSeconds(5));
        try
        {
            await pool.System(0).PingAsync(Ping, pool.Options(ClientPool.As("resident:preflight")));
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"Ping to {options.Grpc} failed ({e.StatusCode}: {e.Status.Detail}); is the gRPC endpoint up and HTTP/2-only?", e);
        }
    }

    /// <summary>C_rpc: empty unary Ping through the same server, same interceptors, same client.</summary>
    public static async Task<RpcCeiling> RpcAsync(BenchOptions options)
    {
        using var pool = new ClientPool(options.Grpc, options.Channels, options.CallDeadline);
        await pool.ConnectAsync();
        var headers = ClientPool.As("resident:ping");
        var result = await ClosedLoop.RunAsync(options.Workers, options.Warmup, options.PingDuration, async (w, _) =>
        {
            try
            {
                await pool.System(w).PingAsync(Ping, pool.Options(headers));
                return null;
            }
            catch (RpcException e)
            {
                return e.StatusCode.ToString();
            }
        }, (_, _) => true);
        return new RpcCeiling(options.Workers, options.Channels, Math.Round(result.PerSecond, 1), result.Latency.Summary(), result.Failures);
    }

    /// <summary>
    /// C_commit: single-row INSERTs, each its own transaction, through Microsoft.Data.Sqlite with the
    /// server's durability pragmas, on a fresh file on the same disk as the server's database.
    /// </summary>
    public static CommitCeiling Commit(BenchOptions options)
    {
        const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
        var path = Path.Combine(options.DataDir, $"commit-ceiling-{Guid.NewGuid():N}.db");
        long commits = 0;
        double seconds;
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                using (var setup = connection.CreateCommand())
                {
                    setup.CommandText = Pragmas + " CREATE TABLE probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);";
                    setup.ExecuteNonQuery();
                }
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO probe (payload) VALUES ($payload)";
                var payload = insert.Parameters.Add("$payload", SqliteType.Text);
                insert.Prepare();
                var started = Stopwatch.GetTimestamp();
                var until = started + (long)(options.CommitDuration.TotalSeconds * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < until)
                {
                    payload.Value = "booking-sized payload " + commits;
                    insert.ExecuteNonQuery();
                    commits++;
                }
                seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            }
        }
        finally
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
        return new CommitCeiling(Pragmas, Math.Round(seconds, 3), commits, Math.Round(commits / seconds, 1));
    }
}
