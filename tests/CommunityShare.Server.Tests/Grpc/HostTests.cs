using CommunityShare.Contracts.V1;
using Grpc.Health.V1;

namespace CommunityShare.Server.Tests.Grpc;

public sealed class HostTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Health_check_reports_serving_with_the_database()
    {
        var health = new Health.HealthClient(_f.Channel(null));
        var response = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Ping_answers_anonymous_callers()
    {
        var system = new SystemService.SystemServiceClient(_f.Channel(null));
        Assert.NotNull(await system.PingAsync(new PingRequest()));
    }
}
