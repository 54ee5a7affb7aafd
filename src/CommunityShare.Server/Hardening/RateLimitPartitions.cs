using System.Net;
using System.Net.Sockets;

namespace CommunityShare.Server.Hardening;

/// <summary>Whom a request counts against. Keys are opaque strings; only equality matters.</summary>
public static class RateLimitPartitions
{
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
