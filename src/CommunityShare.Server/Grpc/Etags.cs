using System.Globalization;
using CommunityShare.Domain;

namespace CommunityShare.Server.Grpc;

/// <summary>Optimistic concurrency (AIP-154): the etag is the resource's version; a stale one is ABORTED.</summary>
public static class Etags
{
    public static string Of(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Passes when no etag was sent, or when it matches the current version.</summary>
    public static void Require(string resourceName, string? etag, int version)
    {
        if (!string.IsNullOrEmpty(etag) && etag != Of(version))
        {
            throw Problem.EtagMismatch(resourceName, etag, Of(version));
        }
    }
}
