using CommunityShare.Contracts.V1;
using Grpc.Core;

namespace CommunityShare.Server.Grpc;

/// <summary>Ping does nothing, through the same pipeline as every call: the benchmark's transport ceiling.</summary>
public sealed class SystemGrpcService : SystemService.SystemServiceBase
{
    private static readonly PingResponse Pong = new();

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context) => Task.FromResult(Pong);
}
