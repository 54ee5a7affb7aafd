using CommunityShare.Contracts.V1;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

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

    [Fact]
    public async Task Server_reflection_lists_every_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_f.Channel(null));
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();

        Assert.Superset(new HashSet<string>
        {
            "communityshare.v1.PlaceService", "communityshare.v1.InstitutionService", "communityshare.v1.FacilityService",
            "communityshare.v1.BookingService", "communityshare.v1.NotificationService", "communityshare.v1.SystemService",
            "grpc.health.v1.Health",
        }, services.ToHashSet());
    }
}
