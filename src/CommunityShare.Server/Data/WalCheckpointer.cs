using Microsoft.Data.Sqlite;

namespace CommunityShare.Server.Data;

/// <summary>
/// Copies the write-ahead log into the database file in the background. SQLite would otherwise do
/// it inside whichever commit crosses 1,000 log pages, and with synchronous=FULL that commit then
/// waits for the database file's fsync too: every few hundred bookings, one group would stall.
/// A PASSIVE checkpoint on its own connection never blocks the writer.
/// </summary>
internal sealed partial class WalCheckpointer(string path, ILogger<WalCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Checkpoint("PASSIVE");
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Checkpoint("TRUNCATE");
    }

    private void Checkpoint(string mode)
    {
        try
        {
            using var connection = new SqliteConnection(SqliteStorage.ConnectionString(path));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous=FULL; PRAGMA wal_checkpoint({mode});";
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            // A busy database is checkpointed on the next tick.
            LogCheckpointFailed(e, mode);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WAL checkpoint ({Mode}) did not run")]
    private partial void LogCheckpointFailed(Exception exception, string mode);
}
