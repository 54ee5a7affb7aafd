using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace CommunityShare.Server.Web;

/// <summary>The browser door: Razor Pages over the same use cases as the gRPC services.</summary>
public static class WebModule
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddCommunityShareWeb(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebSettings>(builder.Configuration.GetSection(WebSettings.Section));
        builder.Services.AddSingleton<Gazetteer>();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Texts looked up once per culture, not through ResourceManager's lock on every use (see CachedTextsFactory).
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, CachedTextsFactory>());
        // Chinese text as text, not as &#x...; entities: half the bytes, and readable source.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.BasicLatin,
            UnicodeRanges.Latin1Supplement, UnicodeRanges.GeneralPunctuation, UnicodeRanges.CjkSymbolsandPunctuation,
            UnicodeRanges.CjkUnifiedIdeographs, UnicodeRanges.HalfwidthandFullwidthForms));
        builder.Services.AddRazorPages(o =>
            {
                o.Conventions.AddPageRoute("/Account/SignIn", "account/sign-in");
                o.Conventions.AddPageRoute("/Account/SignOut", "account/sign-out");
                o.Conventions.AddPageRoute("/Account/ForgotPassword", "account/forgot-password");
                o.Conventions.AddPageRoute("/Account/ResetPassword", "account/reset-password");
                o.Conventions.AddPageRoute("/Manage/Facilities/Edit", "manage/institutions/{institution}/facilities/new");
                // Posting a sign-in or password form counts against the address's sign-in limit; showing it does not.
                foreach (var page in new[] { "/Account/SignIn", "/Account/ForgotPassword", "/Account/ResetPassword" })
                {
                    o.Conventions.AddPageApplicationModelConvention(page,
                        m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(Hardening.RateLimits.SignInPolicy)));
                }
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add<ProblemPageFilter>();
                o.Filters.Add<FormExpiredFilter>();
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Texts)));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cs.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__RequestVerificationToken";
        });
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // The chosen language (a cookie set by the switch) wins over the browser's; Chinese otherwise.
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = LanguageCookie }];
        });
        return builder;
    }

    public const string LanguageCookie = "cs.lang";

    /// <summary>Care mode (长者模式: larger text, a simpler page), kept in this cookie on the device.</summary>
    public const string CareModeCookie = "cs.care";

    public static bool InCareMode(HttpContext context) => context.Request.Cookies[CareModeCookie] == "on";

    public static WebApplication UseCommunityShareWeb(this WebApplication app)
    {
        app.UseWhen(context => !IdentityModule.IsGrpc(context.Request), web =>
        {
            web.UseExceptionHandler("/error");
            web.UseStatusCodePagesWithReExecute("/status/{0}");
        });
        app.UseStaticFiles();
        app.UseRequestLocalization();
        // Explicit, after the error pages, so that their re-executed requests find their page.
        app.UseRouting();
        return app;
    }

    /// <summary>After authentication: a session cookie that no longer opens is dropped and the user told so.</summary>
    public static WebApplication MapCommunityShareWeb(this WebApplication app)
    {
        app.UseMiddleware<SessionCheckMiddleware>();
        app.UseAntiforgery();
        app.MapRazorPages();
        // A link, not a form: choosing a language changes nothing of the user's, and a page without
        // a form (and so without an antiforgery token) may be cached for anonymous visitors.
        app.MapGet("/language", (string? culture, string? returnUrl, HttpContext context) =>
        {
            var chosen = Cultures.FirstOrDefault(c => c.Name == culture) ?? Cultures[0];
            context.Response.Cookies.Append(LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps });
            return Results.LocalRedirect(LocalUrl(returnUrl));
        });
        // A link for the same reason as the language: it changes how pages look on this device, nothing else.
        app.MapGet("/care-mode", (bool on, string? returnUrl, HttpContext context) =>
        {
            if (on)
            {
                context.Response.Cookies.Append(CareModeCookie, "on",
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps });
            }
            else
            {
                context.Response.Cookies.Delete(CareModeCookie);
            }
            return Results.LocalRedirect(LocalUrl(returnUrl));
        });
        return app;
    }

    /// <summary>A return address on this site, never elsewhere (no open redirects).</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}

/// <summary>The <c>Web</c> configuration section.</summary>
public sealed class WebSettings
{
    public const string Section = "Web";

    /// <summary>Where residents reach the site, for links sent by text message (password reset).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}
