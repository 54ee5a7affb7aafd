using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommunityShare.Server.Hardening;

/// <summary>
/// Limits. Per remote address, an endpoint policy (ASP.NET Core rate limiting) that does nothing
/// until an endpoint asks for it (<c>[EnableRateLimiting(RateLimits.SignInPolicy)]</c>); over it a
/// gRPC call gets RESOURCE_EXHAUSTED and anything else 429 (<see cref="RateLimitRejection"/>). Per
/// account name and per resident, <see cref="KeyedThrottle"/>s checked by the use cases.
/// </summary>
public static class RateLimits
{
    /// <summary>Sign-in attempts per remote address (<see cref="RateLimitPartitions.RemoteAddress"/>); for the sign-in RPC and page.</summary>
    public const string SignInPolicy = "sign-in";

    public static WebApplicationBuilder AddCommunityShareRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitSettings>()
            .BindConfiguration(RateLimitSettings.Section)
            .Validate(s => s.Bookings.IsValid && s.SignIn.IsValid && s.SignInPerAccount.IsValid, "Every RateLimits:*:PermitLimit and WindowSeconds must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<BookingThrottle>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.WriteAsync;
            // Showing the sign-in page is free; each attempt (a gRPC call or a posted form) counts.
            options.AddPolicy(SignInPolicy, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("view")
                : RateLimitPartition.GetFixedWindowLimiter(RateLimitPartitions.RemoteAddress(context), _ => Settings(context).SignIn.ToLimiterOptions()));
        });
        return builder;
    }

    /// <summary>After whatever establishes the caller (today the development header), so that partitions see who it is.</summary>
    public static WebApplication UseCommunityShareRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitSettings Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;
}

/// <summary>
/// The <c>RateLimits</c> configuration section, e.g. <c>RateLimits:Bookings:PermitLimit</c> or
/// <c>RateLimits__SignIn__WindowSeconds</c>.
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Default: 20 bookings a minute per resident — far above what a person does, far below a script.</summary>
    public FixedWindowSettings Bookings { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// <summary>Default: 10 attempts a minute per address; counter staff behind one NAT sign in a few times a day each.</summary>
    public FixedWindowSettings SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Sign-in attempts per user name, from wherever they come (spraying one account from many addresses).</summary>
    public FixedWindowSettings SignInPerAccount { get; set; } = new() { PermitLimit = 10, WindowSeconds = 300 };
}

public sealed class FixedWindowSettings
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    internal bool IsValid => PermitLimit >= 1 && WindowSeconds >= 1;

    internal FixedWindowRateLimiterOptions ToLimiterOptions() => new()
    {
        PermitLimit = PermitLimit,
        Window = TimeSpan.FromSeconds(WindowSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
