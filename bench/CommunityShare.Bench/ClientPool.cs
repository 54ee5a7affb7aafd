using CommunityShare.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CommunityShare.Bench;

/// <summary>
/// A fixed set of channels (one HTTP/2 connection pool each) shared by all workers of a phase,
/// and the call options every call uses: a caller header and a deadline.
/// </summary>
public sealed class ClientPool : IDisposable
{
    public const string ActorHeader = "x-communityshare-dev-actor";

    private readonly GrpcChannel[] channels;
    private readonly TimeSpan deadline;

    public ClientPool(Uri address, int channelCount, TimeSpan deadline)
    {
        this.deadline = deadline;
        channels = Enumerable.Range(0, channelCount).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        })).ToArray();
    }

    public int Count => channels.Length;

    public BookingService.BookingServiceClient Bookings(int worker) => new(channels[worker % channels.Length]);

    public SystemService.SystemServiceClient System(int worker) => new(channels[worker % channels.Length]);

    public PlaceService.PlaceServiceClient Places() => new(channels[0]);

    public InstitutionService.InstitutionServiceClient Institutions() => new(channels[0]);

    public FacilityService.FacilityServiceClient Facilities() => new(channels[0]);

    /// <summary>Headers naming the caller, e.g. <c>staff:bench</c> or <c>resident:b7</c>; build once per worker.</summary>
    public static Metadata As(string actor) => new() { { ActorHeader, actor } };

    public CallOptions Options(Metadata headers) => new(headers, DateTime.UtcNow + deadline);

    /// <summary>Opens every channel's connection before a timed phase starts.</summary>
    public async Task ConnectAsync()
    {
        foreach (var channel in channels)
        {
            await channel.ConnectAsync();
        }
    }

    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }
}
