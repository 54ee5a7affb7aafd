using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommunityShare.Server.Data;

/// <summary>
/// Everything specific to SQLite lives here: the file's location, the durability pragmas, and
/// how the booking guard takes the write lock. A PostgreSQL provider is a sibling of this class.
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
            .AddInterceptors(DurabilityPragmas.Instance);

    /// <summary>
    /// WAL with synchronous=FULL: a booking we confirmed has been synced to disk. journal_mode
    /// is stored in the file, synchronous is per connection, so both are set on every open.
    /// </summary>
    internal sealed class DurabilityPragmas : DbConnectionInterceptor
    {
        public static readonly DurabilityPragmas Instance = new();

        private const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// SQLite has one writer per file. Microsoft.Data.Sqlite starts a default transaction with
    /// BEGIN IMMEDIATE, which takes the write lock at once, so the check-then-insert inside it
    /// runs alone: no other booking can commit between our read and our write.
    /// </summary>
    internal sealed class WriteLockGuard : IBookingGuard
    {
        public async Task<IDbContextTransaction?> EnterAsync(CommunityShareDb db, string facilityFamily, CancellationToken cancellationToken) =>
            await db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>True for the errors that mean "the database is busy, try again".</summary>
    public static bool IsBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }
        || exception.InnerException is SqliteException { SqliteErrorCode: 5 or 6 };
}

/// <summary>
/// Serialises the check-then-write of bookings on one facility family (a whole and its parts).
/// Every path that creates or revives a booking goes through it.
/// </summary>
public interface IBookingGuard
{
    /// <summary>Begins the guarded transaction; null means unguarded (test-only).</summary>
    Task<IDbContextTransaction?> EnterAsync(CommunityShareDb db, string facilityFamily, CancellationToken cancellationToken);
}

/// <summary>
/// No guard at all: the read and the write are separate. Exists only so that the race test can
/// show that the guard is what keeps bookings apart; never configure it outside tests.
/// </summary>
internal sealed class NoGuardForTests : IBookingGuard
{
    public Task<IDbContextTransaction?> EnterAsync(CommunityShareDb db, string facilityFamily, CancellationToken cancellationToken) =>
        Task.FromResult<IDbContextTransaction?>(null);
}
