namespace CommunityShare.Server.TimeBank;

/// <summary>The time bank's wiring.</summary>
public static class TimeBankModule
{
    public static IServiceCollection AddTimeBank(this IServiceCollection services)
    {
        services.AddSingleton<RedemptionCatalogues>();
        services.AddScoped<TimeBankDesk>();
        return services;
    }
}
