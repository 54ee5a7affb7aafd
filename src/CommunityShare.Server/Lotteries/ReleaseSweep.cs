using CommunityShare.Server.Audit;
using CommunityShare.Server.Bookings;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Lotteries;

/// <summary>The <c>Releases</c> settings.</summary>
public sealed class ReleaseSettings
{
    public const string Section = "Releases";

    /// <summary>How often the sweep looks (real time); what is due goes by the injected clock.</summary>
    public int SweepSeconds { get; set; } = 10;
}

/// <summary>
/// What happens when a date is released for booking: first the lottery draws whose applications
/// closed (so that the applicants have the places before anyone else), then the series
/// occurrences that waited for the release (first come, first served with everyone, for what the
/// draws left). Tests move the clock and call <see cref="RunAsync"/>.
/// </summary>
public sealed class ReleaseSweep(LotteryDraws draws, SeriesRelease series)
{
    /// <summary>Draws, then books; returns how many draws ran and occurrences were decided.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var acting = Acting.As(Acting.System);
        var done = await draws.RunAsync(cancellationToken);
        return done + await series.RunAsync(cancellationToken);
    }
}

/// <summary>Runs <see cref="ReleaseSweep"/> every <see cref="ReleaseSettings.SweepSeconds"/> seconds.</summary>
public sealed class ReleaseSweepService(IServiceScopeFactory scopes, IOptions<ReleaseSettings> settings, ILogger<ReleaseSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.SweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var done = await scope.ServiceProvider.GetRequiredService<ReleaseSweep>().RunAsync(stoppingToken);
                if (done > 0)
                {
                    LogSwept(logger, done, null);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Each draw and each series' release is one guarded write: nothing half-done stays, and the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    private static readonly Action<ILogger, int, Exception?> LogSwept =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "ReleaseSwept"), "Ran {Count} draws and series releases");

    private static readonly Action<ILogger, Exception?> LogFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(2, "ReleaseSweepFailed"), "The release sweep failed; trying again at the next tick");
}

public static class FairAccessModule
{
    /// <summary>Booking series and lotteries: their use cases and the sweep that runs at each release.</summary>
    public static WebApplicationBuilder AddCommunityShareFairAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CreateBookingSeries>();
        builder.Services.AddScoped<SeriesDesk>();
        builder.Services.AddScoped<SeriesRelease>();
        builder.Services.AddScoped<ApplyToLottery>();
        builder.Services.AddScoped<LotteryDesk>();
        builder.Services.AddScoped<LotteryDraws>();
        builder.Services.AddScoped<ReleaseSweep>();
        builder.Services.AddOptions<ReleaseSettings>().BindConfiguration(ReleaseSettings.Section)
            .Validate(s => s.SweepSeconds is >= 1 and <= 3600, "Releases:SweepSeconds must be 1 to 3600.")
            .ValidateOnStart();
        builder.Services.AddHostedService<ReleaseSweepService>();
        return builder;
    }

    public static WebApplication MapCommunityShareFairAccess(this WebApplication app)
    {
        app.MapGrpcService<SeriesGrpcService>();
        app.MapGrpcService<LotteryGrpcService>();
        return app;
    }
}
