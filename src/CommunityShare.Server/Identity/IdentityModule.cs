using CommunityShare.Server.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using NodaTime;

namespace CommunityShare.Server.Identity;

public static class IdentityModule
{
    /// <summary>Accounts (ASP.NET Core Identity on the same database) and bearer tokens for the gRPC API.</summary>
    public static WebApplicationBuilder AddCommunityShareIdentity(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Auth").Get<TokenSettings>() ?? new TokenSettings();
        var keyFile = Path.Combine(Path.GetDirectoryName(SqliteStorage.ResolvePath(builder.Configuration, builder.Environment))!, "signing.key");
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => SigningKey.Load(settings, keyFile));
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddScoped<Sessions>();
        // Keys beside the database: encrypted personal data and reset tokens survive restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName("CommunityShare")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(keyFile)!, "keys")));
        builder.Services.AddSingleton<Residents.PersonalDataProtection>();
        builder.Services.AddScoped<Residents.ResidentRegistry>();
        builder.Services.AddScoped<Residents.ProxyGrants>();
        builder.Services.AddScoped<Residents.CounterDesk>();
        builder.Services.AddSingleton<TimeProvider, ClockTimeProvider>();
        builder.Services.AddScoped<PasswordReset>();
        builder.Services.AddScoped<StaffAccounts>();
        builder.Services.AddIdentityCore<Account>(o =>
            {
                o.ClaimsIdentity.UserIdClaimType = Callers.SubjectClaim;
                o.ClaimsIdentity.UserNameClaimType = Callers.DisplayNameClaim;
                o.ClaimsIdentity.RoleClaimType = Callers.RoleClaim;
                // ASVS 6.2: at least 8 characters, long passphrases allowed, no composition rules.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Tokens.PasswordResetTokenProvider = ResetTokens.Name;
            })
            .AddEntityFrameworkStores<CommunityShareDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountPrincipals>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ResetTokens>(ResetTokens.Name);

        // A changed password or role reaches other signed-in browsers within this time.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        // Two doors, two credentials: gRPC calls carry a bearer token and are never read from a
        // cookie (so a page cannot be tricked into calling the API); pages carry the cookie.
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CallerScheme;
                o.DefaultChallengeScheme = CallerScheme;
            })
            .AddPolicyScheme(CallerScheme, "Bearer token for gRPC, cookie for pages", o =>
                o.ForwardDefaultSelector = context => IsGrpc(context.Request) ? JwtBearerDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme)
            .AddJwtBearer()
            .AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            // Secure whenever the page was served over TLS; a plain-http development host still works.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/forbidden";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = context =>
            {
                // A page refused for an ended session says why on the sign-in page.
                var target = context.HttpContext.Items.ContainsKey(Web.SessionCheckMiddleware.InvalidSessionKey)
                    ? QueryHelpers.AddQueryString(context.RedirectUri, "reason", Domain.Reasons.SessionInvalid)
                    : context.RedirectUri;
                context.Response.Redirect(target);
                return Task.CompletedTask;
            };
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey, IClock>((o, key, clock) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenSettings.Issuer,
                    ValidAudience = TokenSettings.Audience,
                    IssuerSigningKey = key.SecurityKey,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = Callers.SubjectClaim,
                    // Time is the injected clock's, so that expiry is testable; no clock skew.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = clock.GetCurrentInstant().ToDateTimeUtc();
                        return expires is { } e && e > now ? notBefore is null || notBefore <= now
                            : throw new SecurityTokenExpiredException("The access token has expired.") { Expires = expires ?? DateTime.MinValue };
                    },
                };
                o.Events = new JwtBearerEvents
                {
                    OnAuthenticationFailed = context =>
                    {
                        context.HttpContext.Items[Callers.FailureKey] = context.Exception is SecurityTokenExpiredException
                            ? Domain.Reasons.TokenExpired
                            : Domain.Reasons.TokenInvalid;
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The web session cookie.</summary>
    public const string CookieName = "cs.session";

    private const string CallerScheme = "caller";

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    public static WebApplication MapCommunityShareIdentity(this WebApplication app)
    {
        app.MapGrpcService<AccountGrpcService>();
        app.MapGrpcService<Residents.ResidentGrpcService>();
        return app;
    }
}
