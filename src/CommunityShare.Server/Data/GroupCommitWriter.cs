using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Data;

/// <summary>
/// The SQLite booking guard: one writer that runs every guarded booking write in turn, inside
/// write-locked transactions (the process's write gate, then BEGIN IMMEDIATE), and commits them
/// in groups. Each write saves before the next one runs, so it sees every booking made before it;
/// a group shares one commit, so one fsync confirms many bookings; and no write waits in the
/// thread pool for its turn at the lock. A caller hears back only after its group is committed.
/// </summary>
internal sealed class GroupCommitWriter(IServiceScopeFactory scopes, SemaphoreSlim gate, ILogger<GroupCommitWriter> logger)
    : BackgroundService, IBookingGuard
{
    private const int MaxGroup = 128;

    private const string WriteSavepoint = "guarded_write";

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public async Task<T> RunAsync<T>(CommunityShareDb requestDb, Func<CommunityShareDb, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var pending = new Pending(async db => await work(db, CancellationToken.None), Audit.Acting.Name, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new OperationCanceledException("The service is stopping.");
        }
        return (T)(await pending.Result.Task)!;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Result.TrySetCanceled(next.CancellationToken);
                }
                else
                {
                    group.Add(next);
                }
            }
            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
                group.Clear();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        var outcomes = new (object? Value, Exception? Error)[group.Count];
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // Each write runs inside its own savepoint: a write that fails half-way leaves nothing behind in the group.
            var db = scope.ServiceProvider.GetRequiredService<CommunityShareDb>();
            await gate.WaitAsync();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                for (var i = 0; i < group.Count; i++)
                {
                    // A write may save more than once (a cancellation, then the offer of its place):
                    // if it fails after a save, the savepoint takes back all of it, not only its last save.
                    await transaction.CreateSavepointAsync(WriteSavepoint);
                    try
                    {
                        // The trail names whoever asked for this write, not the writer.
                        using (Audit.Acting.As(group[i].Actor))
                        {
                            outcomes[i] = (await group[i].Work(db), null);
                        }
                        await transaction.ReleaseSavepointAsync(WriteSavepoint);
                    }
                    catch (Exception e)
                    {
                        // Only this write fails: forget what it added, and go on with the rest.
                        outcomes[i] = (null, e);
                        await transaction.RollbackToSavepointAsync(WriteSavepoint);
                        await transaction.ReleaseSavepointAsync(WriteSavepoint);
                    }
                    db.ChangeTracker.Clear();
                }
                await transaction.CommitAsync();
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception e)
        {
            // Nothing of the group was committed: every caller gets the failure, and a retry with
            // the same request_id is safe.
            LogGroupFailed(logger, group.Count, e);
            foreach (var pending in group)
            {
                pending.Result.TrySetException(e);
            }
            return;
        }
        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                group[i].Result.TrySetException(error);
            }
            else
            {
                group[i].Result.TrySetResult(outcomes[i].Value);
            }
        }
    }

    private static readonly Action<ILogger, int, Exception?> LogGroupFailed =
        LoggerMessage.Define<int>(LogLevel.Error, new EventId(1, "GroupFailed"), "A group of {Count} booking writes could not be committed");

    private sealed record Pending(Func<CommunityShareDb, Task<object?>> Work, string Actor, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
