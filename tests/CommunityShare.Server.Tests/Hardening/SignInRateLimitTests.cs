using System.Net;
using CommunityShare.Server.Hardening;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace CommunityShare.Server.Tests.Hardening;

/// <summary>
/// The sign-in policy is attached to the sign-in RPC and page when they arrive; until then it is
/// exercised on a minimal host built with the product's own Add/Use methods and one endpoint.
/// </summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private const string ClientAddress = "x-test-remote-address";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["RateLimits:SignIn:PermitLimit"] = "2";
        builder.Configuration["RateLimits:SignIn:WindowSeconds"] = "600";
        builder.AddCommunityShareRateLimits();
        _app = builder.Build();
        // TestServer has no socket; the test names the remote address.
        _app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[ClientAddress].ToString());
            return next(context);
        });
        _app.UseCommunityShareRateLimits();
        _app.MapPost("/sign-in", () => "signed in").RequireRateLimiting(RateLimits.SignInPolicy);
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> SignInFrom(string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sign-in");
        request.Headers.Add(ClientAddress, address);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task The_attempt_over_the_limit_from_one_address_is_429_with_retry_after()
    {
        Assert.Equal(HttpStatusCode.OK, (await SignInFrom("203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInFrom("203.0.113.7")).StatusCode);

        var refused = await SignInFrom("203.0.113.7");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
        // Another address is not affected.
        Assert.Equal(HttpStatusCode.OK, (await SignInFrom("198.51.100.20")).StatusCode);
    }

    [Fact]
    public async Task An_IPv6_client_counts_per_64_prefix()
    {
        Assert.Equal(HttpStatusCode.OK, (await SignInFrom("2001:db8:1:2::10")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInFrom("2001:db8:1:2::11")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInFrom("2001:db8:1:2:aaaa::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInFrom("2001:db8:1:3::10")).StatusCode);
    }

    [Fact]
    public void Partition_keys_are_the_address_with_ipv4_mapped_addresses_unwrapped()
    {
        var mapped = new DefaultHttpContext();
        mapped.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:203.0.113.7");
        var plain = new DefaultHttpContext();
        plain.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");

        Assert.Equal("ip:203.0.113.7", RateLimitPartitions.RemoteAddress(mapped));
        Assert.Equal("ip:203.0.113.7", RateLimitPartitions.RemoteAddress(plain));
        Assert.Equal("ip:unknown", RateLimitPartitions.RemoteAddress(new DefaultHttpContext()));
    }
}
