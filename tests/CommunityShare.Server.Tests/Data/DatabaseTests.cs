using CommunityShare.Server.Data;
using CommunityShare.Server.Data.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Tests.Data;

public sealed class DatabaseTests
{
    [Fact]
    public async Task The_live_connection_runs_in_WAL_mode_with_synchronous_FULL()
    {
        await using var f = new ServerFixture();

        var (journal, synchronous) = await f.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var journalMode = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA synchronous";
            var sync = (long)(await command.ExecuteScalarAsync())!;
            return (journalMode, sync);
        });

        Assert.Equal("wal", journal);
        Assert.Equal(2, synchronous); // FULL
    }

    [Fact]
    public async Task Checkpoints_run_in_the_background_and_a_clean_stop_leaves_an_empty_log()
    {
        var f = new ServerFixture();
        await Demo.TownAsync(f);
        var autocheckpoint = await f.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return (long)(await command.ExecuteScalarAsync())!;
        });
        var log = f.DatabasePath + "-wal";
        Assert.True(new FileInfo(log).Length > 0);

        await f.StopAsync();

        Assert.Equal(0, autocheckpoint);
        Assert.True(!File.Exists(log) || new FileInfo(log).Length == 0);
        await f.DisposeAsync();
    }

    [Fact]
    public async Task Migrations_build_an_empty_file_from_nothing_and_leave_nothing_pending()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("communityshare-migrate-").FullName, "empty.db");
        var options = new DbContextOptionsBuilder<CommunityShareDb>();
        SqliteStorage.Configure(options, path);
        await using (var db = new CommunityShareDb(options.Options))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Facilities.CountAsync());
            Assert.Equal(0, await db.Bookings.CountAsync());
        }
        SqliteConnection.ClearAllPools();
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public async Task The_database_location_is_configured_not_taken_from_the_working_directory()
    {
        await using var f = new ServerFixture();
        await f.WithDbAsync(db => db.Places.CountAsync());

        Assert.True(File.Exists(f.DatabasePath));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "App_Data", "communityshare.db")));
    }

    [Fact]
    public async Task The_demo_district_is_seeded_once_and_a_second_run_changes_nothing()
    {
        await using var f = new ServerFixture(seedDemoData: true);

        var first = await f.WithDbAsync(async db => (await db.Places.CountAsync(), await db.Institutions.CountAsync(),
            await db.Facilities.CountAsync(), await db.Bookings.CountAsync(), await db.Blackouts.CountAsync()));
        await f.WithDbAsync(async db =>
        {
            await DemoDistrict.SeedAsync(db, f.Clock, null, CancellationToken.None);
            return 0;
        });
        var second = await f.WithDbAsync(async db => (await db.Places.CountAsync(), await db.Institutions.CountAsync(),
            await db.Facilities.CountAsync(), await db.Bookings.CountAsync(), await db.Blackouts.CountAsync()));

        Assert.Equal(first, second);
        Assert.Equal(1 + 14 + 14 * 3, first.Item1); // district, 13 towns/subdistricts + 1 industrial zone, 3 neighbourhoods each
        Assert.Equal(40, first.Item2);
        Assert.InRange(first.Item3, 140, 170);
        Assert.True(first.Item4 > 100);
        Assert.True(first.Item5 > 10);
    }

    [Fact]
    public async Task Seeding_can_be_switched_off()
    {
        await using var f = new ServerFixture(seedDemoData: false);

        Assert.Equal(0, await f.WithDbAsync(db => db.Places.CountAsync()));
    }
}
