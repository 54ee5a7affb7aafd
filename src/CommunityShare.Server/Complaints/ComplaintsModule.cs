namespace CommunityShare.Server.Complaints;

/// <summary>Complaints, inspections and the working calendar: wiring.</summary>
public static class ComplaintsModule
{
    public static WebApplicationBuilder AddComplaints(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ComplaintSettings>().BindConfiguration(ComplaintSettings.Section)
            .Validate(s => s.ResponseWorkingDays is >= 1 and <= Domain.Complaints.ComplaintPolicy.MaxWorkingDays && s.EscalationSweepSeconds is >= 1 and <= 3600,
                "Complaints:ResponseWorkingDays must be 1 to 30 and Complaints:EscalationSweepSeconds 1 to 3600.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ComplaintPolicies>();
        builder.Services.AddScoped<WorkingDays>();
        builder.Services.AddScoped<ComplaintDesk>();
        builder.Services.AddScoped<Inspections>();
        builder.Services.AddScoped<ComplaintStatistics>();
        builder.Services.AddHostedService<ComplaintEscalationService>();
        return builder;
    }

    public static WebApplication MapComplaints(this WebApplication app)
    {
        app.MapGrpcService<ComplaintGrpcService>();
        return app;
    }
}
