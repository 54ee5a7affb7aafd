namespace CommunityShare.Server.Providers;

/// <summary>Providers and their contracts: registration and mapping, called once each from <see cref="Modules"/>.</summary>
public static class ContractsModule
{
    public static WebApplicationBuilder AddContracts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunningContracts>();
        builder.Services.AddScoped<ProviderRegistry>();
        builder.Services.AddScoped<ContractDesk>();
        return builder;
    }

    public static WebApplication MapContracts(this WebApplication app)
    {
        app.MapGrpcService<ProviderGrpcService>();
        app.MapGrpcService<ContractGrpcService>();
        return app;
    }
}
