using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Hardening;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Institutions;
using CommunityShare.Server.Lotteries;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Places;
using CommunityShare.Server.TimeBank;
using CommunityShare.Server.Volunteers;
using NodaTime;

namespace CommunityShare.Server;

/// <summary>Each area's wiring, so that Program.cs reads as a table of contents.</summary>
public static class Modules
{
    public static WebApplicationBuilder AddCommunityShareApi(this WebApplicationBuilder builder)
    {
        // The one place that reads the real clock; everything else asks IClock.
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ProblemInterceptor>();
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddScoped<RequestLedger>();
        builder.Services.AddScoped<PlaceDirectory>();
        builder.Services.AddScoped<PlaceStatistics>();
        builder.Services.AddScoped<InstitutionRegistry>();
        builder.Services.AddScoped<InstitutionConsole>();
        builder.Services.AddScoped<FacilityCatalog>();
        builder.Services.AddScoped<Availability>();
        builder.Services.AddSingleton<FacilitySnapshots>();
        builder.Services.AddSingleton<BookingHoldings>();
        builder.Services.AddScoped<CreateBooking>();
        builder.Services.AddScoped<BookingDesk>();
        builder.Services.AddOptions<NoShowSettings>().BindConfiguration(NoShowSettings.Section)
            .Validate(s => s.NoShowAfterMinutes is >= 0 and <= 1440 && s.NoShowSweepSeconds is >= 1 and <= 3600,
                "Bookings:NoShowAfterMinutes must be 0 to 1440 and Bookings:NoShowSweepSeconds 1 to 3600.")
            .ValidateOnStart();
        builder.Services.AddScoped<NoShowRelease>();
        builder.Services.AddHostedService<NoShowReleaseService>();
        builder.Services.AddOptions<WaitlistSettings>().BindConfiguration(WaitlistSettings.Section)
            .Validate(s => s.OfferMinutes is >= 1 and <= 1440 && s.ShortestOfferMinutes >= 1 && s.ShortestOfferMinutes <= s.OfferMinutes
                           && s.MaxEntriesPerResident is >= 1 and <= 1000 && s.SweepSeconds is >= 1 and <= 3600,
                "Waitlist:OfferMinutes must be 1 to 1440, Waitlist:ShortestOfferMinutes 1 to OfferMinutes, Waitlist:MaxEntriesPerResident 1 to 1000 "
                + "and Waitlist:SweepSeconds 1 to 3600.")
            .ValidateOnStart();
        builder.Services.AddScoped<WaitlistOffers>();
        builder.Services.AddScoped<JoinWaitlist>();
        builder.Services.AddScoped<WaitlistDesk>();
        builder.Services.AddScoped<WaitlistSweep>();
        builder.Services.AddHostedService<WaitlistSweepService>();
        builder.Services.AddScoped<Audit.AuditLog>();
        builder.Services.AddSingleton<Policies.CreditPolicies>();
        builder.Services.AddSingleton<Policies.QuotaPolicies>();
        builder.Services.AddScoped<Credit.CreditRecords>();
        builder.Services.AddScoped<Credit.CreditAppeals>();
        builder.Services.AddScoped<Quotas.ResidentQuotas>();
        builder.AddCommunityShareFairAccess();
        builder.Services.AddTimeBank();
        builder.AddVolunteers();
        Providers.ContractsModule.AddContracts(builder);
        Evaluations.EvaluationsModule.AddEvaluations(builder.Services);
        Complaints.ComplaintsModule.AddComplaints(builder);
        return builder;
    }

    public static WebApplication MapCommunityShareApi(this WebApplication app)
    {
        app.UseMiddleware<UnreadableRequestMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<Audit.ActingMiddleware>();
        // After the caller is known: the booking limit is per caller.
        app.UseCommunityShareRateLimits();
        app.MapGrpcService<PlaceGrpcService>();
        app.MapGrpcService<InstitutionGrpcService>();
        app.MapGrpcService<FacilityGrpcService>();
        app.MapGrpcService<BookingGrpcService>();
        app.MapGrpcService<WaitlistGrpcService>();
        app.MapGrpcService<NotificationGrpcService>();
        app.MapGrpcService<Audit.AuditGrpcService>();
        app.MapGrpcService<Credit.CreditGrpcService>();
        app.MapGrpcService<Quotas.QuotaGrpcService>();
        app.MapGrpcService<TimeBank.TimeBankGrpcService>();
        app.MapGrpcService<Volunteers.VolunteerGrpcService>();
        app.MapGrpcService<Evaluations.EvaluationGrpcService>();
        Complaints.ComplaintsModule.MapComplaints(app);
        app.MapGrpcService<SystemGrpcService>();
        app.MapCommunityShareFairAccess();
        Providers.ContractsModule.MapContracts(app);
        app.MapCommunityShareIdentity();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
