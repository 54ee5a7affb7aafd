using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Identity;

namespace CommunityShare.Server.Tests.Web;

public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var client = _f.CreateClient();
        return await client.GetAsync(new Uri(path, UriKind.Relative));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task Every_web_response_carries_the_security_headers(string path)
    {
        using var response = await GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_for_anonymous_visitors_may_be_cached()
    {
        using var response = await GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_to_a_signed_in_user_are_not_stored()
    {
        await _f.CreateAccountAsync("wang.resident", "headers-password-2026", residentId: "r-wang");
        using var web = new WebSession(_f);
        await web.SignInAsync("wang.resident", "headers-password-2026");

        var home = await web.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.True(home.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Grpc_responses_do_not_carry_page_headers()
    {
        var system = new SystemService.SystemServiceClient(_f.Channel());
        using var call = system.PingAsync(new PingRequest());
        var headers = await call.ResponseHeadersAsync;
        await call;

        Assert.Null(headers.Get("content-security-policy"));
        Assert.Null(headers.Get("x-frame-options"));
    }
}
