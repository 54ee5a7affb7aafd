using CommunityShare.Contracts.V1;
using Grpc.Core;
using System.Security.Claims;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommunityShare.Bench;

/// <summary>
/// A fixed set of channels (one HTTP/2 connection pool each) shared by all workers of a phase,
/// and the call options every call uses: a caller header and a deadline.
/// </summary>
public sealed class ClientPool : IDisposable
{
    /// <summary>The server's signing key (base64), which run.sh gives to both: the bench signs its callers in as a trusted client.</summary>
    private static readonly SymmetricSecurityKey SigningKey = new(Convert.FromBase64String(
        Environment.GetEnvironmentVariable("BENCH_SIGNING_KEY") ?? throw new InvalidOperationException(
            "BENCH_SIGNING_KEY must hold the server's Auth:SigningKey (base64); bench/run.sh sets both.")));

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

    public QuotaService.QuotaServiceClient Quotas() => new(channels[0]);

    public InstitutionService.InstitutionServiceClient Institutions() => new(channels[0]);

    public FacilityService.FacilityServiceClient Facilities() => new(channels[0]);

    /// <summary>
    /// Headers signing the caller in, e.g. <c>staff:bench:district=310112</c> or <c>resident:b7</c>,
    /// with an access token as the server issues them (issuer, audience and claims of its
    /// TokenIssuer), valid for an hour; build once per worker.
    /// </summary>
    public static Metadata As(string actor)
    {
        var parts = actor.Split(':');
        var claims = new List<Claim> { new("sub", parts[1]) };
        if (parts[0] == "resident")
        {
            claims.Add(new Claim("communityshare/resident", parts[1]));
        }
        else
        {
            claims.AddRange(parts[2].Split(',').Select(role => new Claim("communityshare/role", role)));
        }
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "communityshare",
            Audience = "communityshare-api",
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return new() { { "authorization", "Bearer " + token } };
    }

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
