namespace CommunityShare.Server.Providers;

/// <summary>Providers and their contracts: registration and mapping, called once each from <see cref="Modules"/>.</summary>
public static class ContractsModule
{
    public static WebApplicationBuilder AddContracts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunningContracts>();
        builder.Services.AddScoped<ProviderRegistry>();
        builder.Services.AddScoped<ContractDesk>();
        builder.Services.AddOptions<ContractSettings>().BindConfiguration(ContractSettings.Section)
            .Validate(s => s.ReminderSweepSeconds is >= 1 and <= 86400, "Contracts:ReminderSweepSeconds must be 1 to 86400.")
            .ValidateOnStart();
        builder.Services.AddScoped<ContractReminders>();
        builder.Services.AddHostedService<ContractReminderService>();
        return builder;
    }

    public static WebApplication MapContracts(this WebApplication app)
    {
        app.MapGrpcService<ProviderGrpcService>();
        app.MapGrpcService<ContractGrpcService>();
        return app;
    }
}
