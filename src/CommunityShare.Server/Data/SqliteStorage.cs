using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommunityShare.Server.Data;

/// <summary>
/// Everything specific to SQLite lives here: the file's location, the durability pragmas, the
/// queue of writers, and the booking guard (<see cref="GroupCommitWriter"/>). A PostgreSQL provider is a sibling of this class.
/// </summary>
internal static class SqliteStorage
{
    /// <summary>The database file: <c>Database:Path</c>, absolute or relative to the content root.</summary>
    public static string ResolvePath(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Database:Path"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "App_Data", "communityshare.db")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        // Waits (busy handler) for the single writer instead of failing at once.
        DefaultTimeout = 30,
    }.ToString();

    public static void Configure(DbContextOptionsBuilder options, string path) =>
        options.UseSqlite(ConnectionString(path), o => o.MigrationsAssembly(typeof(SqliteStorage).Assembly.FullName))
            .AddInterceptors(ConnectionPragmas.Instance, new WriteQueue(GateFor(path)));

    /// <summary>Run once at start-up, before migrations: the journal mode is stored in the file.</summary>
    public static async Task PrepareAsync(CommunityShareDb db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    /// <summary>
    /// SQLite has one writer per file, and when the file is busy Microsoft.Data.Sqlite sleeps
    /// 150 ms (blocking a thread) before it tries again. So writers of this process queue here,
    /// asynchronously and in order, and only the head of the queue ever asks SQLite for the lock.
    /// </summary>
    internal static SemaphoreSlim GateFor(string path) => Gates.GetOrAdd(Path.GetFullPath(path), _ => new SemaphoreSlim(1, 1));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>
    /// synchronous=FULL is a setting of each native connection: a booking we confirmed has been
    /// synced to disk. The pool hands the same native connection out again and again, and it keeps
    /// its settings, so they are set once per native connection rather than on every open.
    /// </summary>
    internal sealed class ConnectionPragmas : DbConnectionInterceptor
    {
        public static readonly ConnectionPragmas Instance = new();

        // Checkpoints run in the background (WalCheckpointer), not inside commits.
        private const string Sql = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0;";

        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (IsNew(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Sql;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            if (IsNew(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Sql;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private bool IsNew(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
    }

    /// <summary>Queues every SaveChanges that is not already inside a guarded write on the process's write gate.</summary>
    internal sealed class WriteQueue(SemaphoreSlim gate) : SaveChangesInterceptor
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _holders = [];

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { Database.CurrentTransaction: null } context)
            {
                await gate.WaitAsync(cancellationToken);
                _holders.AddOrUpdate(context, gate);
            }
            return result;
        }

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (eventData.Context is { Database.CurrentTransaction: null } context)
            {
                gate.Wait();
                _holders.AddOrUpdate(context, gate);
            }
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            Release(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            Release(eventData.Context);
            return result;
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Release(eventData.Context);
            return Task.CompletedTask;
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

        public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
        {
            Release(eventData.Context);
            return Task.CompletedTask;
        }

        public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

        // A concurrency failure (a stale Version) is reported here, not through SaveChangesFailed:
        // without this the gate stayed taken and every later write of the process waited for ever.
        public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Release(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
        {
            Release(eventData.Context);
            return result;
        }

        private void Release(DbContext? context)
        {
            if (context is not null && _holders.Remove(context))
            {
                gate.Release();
            }
        }
    }

    /// <summary>True for the errors that mean "the database is busy, try again".</summary>
    public static bool IsBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }
        || exception.InnerException is SqliteException { SqliteErrorCode: 5 or 6 };
}

/// <summary>
/// Runs the check-then-write of a booking so that no other booking write can come between the
/// check and the write. Every path that creates or revives a booking goes through it.
/// </summary>
public interface IBookingGuard
{
    /// <summary>
    /// Runs <paramref name="work"/> on the database it is given (which it reads, changes and
    /// saves); the returned task completes once the work is committed, or with its failure.
    /// </summary>
    Task<T> RunAsync<T>(CommunityShareDb requestDb, Func<CommunityShareDb, CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>
/// No guard at all: the read and the write are separate. Exists only so that the race test can
/// show that the guard is what keeps bookings apart; never configure it outside tests.
/// </summary>
internal sealed class NoGuardForTests : IBookingGuard
{
    public Task<T> RunAsync<T>(CommunityShareDb requestDb, Func<CommunityShareDb, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        work(requestDb, cancellationToken);
}
