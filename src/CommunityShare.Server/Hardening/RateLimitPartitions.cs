using System.Net;
using System.Net.Sockets;
using System.Security.Claims;

namespace CommunityShare.Server.Hardening;

/// <summary>Whom a request counts against. Keys are opaque strings; only equality matters.</summary>
public static class RateLimitPartitions
{
    /// <summary>
    /// The signed-in caller: the account (the token's subject). An anonymous request counts
    /// against its remote address.
    /// </summary>
    public static string Caller(HttpContext context) =>
        context.User.FindFirstValue(Identity.Callers.SubjectClaim) is { } account ? "account:" + account : RemoteAddress(context);

    /// <summary>
    /// The remote IP address as the connection sees it (behind a reverse proxy, configure forwarded
    /// headers first). IPv6 counts per /64, since one household or phone gets a whole /64.
    /// </summary>
    public static string RemoteAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "ip:unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
            return $"ip:{address}/64";
        }
        return "ip:" + address;
    }
}
