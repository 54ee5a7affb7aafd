namespace CommunityShare.Server.Evaluations;

/// <summary>The evaluation area's wiring: indicators, schemes, evaluations, the openness index.</summary>
public static class EvaluationsModule
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddScoped<ComplaintFigures>();
        services.AddScoped<IndicatorReadings>();
        services.AddScoped<SubjectDirectory>();
        services.AddScoped<EvaluationSchemes>();
        services.AddScoped<EvaluationDesk>();
        services.AddScoped<OpennessRanking>();
        return services;
    }
}
