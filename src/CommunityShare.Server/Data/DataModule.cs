using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Data;

public static class DataModule
{
    public static WebApplicationBuilder AddCommunityShareData(this WebApplicationBuilder builder)
    {
        var path = SqliteStorage.ResolvePath(builder.Configuration, builder.Environment);
        builder.Services.AddDbContextPool<CommunityShareDb>((services, options) =>
        {
            SqliteStorage.Configure(options, path);
            options.AddInterceptors(new Audit.AuditTrail(services.GetRequiredService<NodaTime.IClock>()),
                // Drops the search pages' kept holdings whenever a booking change commits.
                new Facilities.BookingChanges(services.GetRequiredService<Facilities.BookingHoldings>()));
        });
        if (builder.Configuration.GetValue<bool>("Bookings:UnguardedForRaceTests"))
        {
            builder.Services.AddSingleton<IBookingGuard, NoGuardForTests>();
        }
        else
        {
            builder.Services.AddSingleton(services => new GroupCommitWriter(services.GetRequiredService<IServiceScopeFactory>(),
                SqliteStorage.GateFor(path), services.GetRequiredService<ILogger<GroupCommitWriter>>()));
            builder.Services.AddSingleton<IBookingGuard>(services => services.GetRequiredService<GroupCommitWriter>());
            builder.Services.AddHostedService(services => services.GetRequiredService<GroupCommitWriter>());
        }
        builder.Services.AddHostedService(services => new WalCheckpointer(path, services.GetRequiredService<ILogger<WalCheckpointer>>()));
        builder.Services.AddHealthChecks().AddDbContextCheck<CommunityShareDb>("database");
        return builder;
    }

    /// <summary>Applies migrations (never EnsureCreated) and, when enabled, seeds the demo district.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityShareDb>();
        await SqliteStorage.PrepareAsync(db, app.Lifetime.ApplicationStopping);
        await db.Database.MigrateAsync();
        if (app.Configuration.GetValue("Seed:DemoData", true))
        {
            var clock = scope.ServiceProvider.GetRequiredService<NodaTime.IClock>();
            await Seeding.DemoDistrict.SeedAsync(db, clock, app.Configuration["Seed:PlacesFile"], app.Lifetime.ApplicationStopping);
            await Seeding.DemoResidents.SeedAsync(db, scope.ServiceProvider.GetRequiredService<Residents.PersonalDataProtection>(), clock,
                app.Lifetime.ApplicationStopping);
            await Seeding.DemoVolunteers.SeedAsync(db, clock, app.Lifetime.ApplicationStopping);
            await Seeding.DemoProviders.SeedAsync(db, clock, app.Lifetime.ApplicationStopping);

            await Seeding.DemoComplaints.SeedAsync(db, clock, app.Lifetime.ApplicationStopping);
            await Seeding.DemoAccounts.SeedAsync(db, scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Identity.Account>>());
            await Seeding.DemoEvaluations.SeedAsync(scope.ServiceProvider, app.Lifetime.ApplicationStopping);
        }
    }
}
