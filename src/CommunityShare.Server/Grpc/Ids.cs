using System.Security.Cryptography;

namespace CommunityShare.Server.Grpc;

/// <summary>Server-chosen ids: 12 characters of lower-case base32, DNS-safe as AIP-122 asks.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New(int length = 12) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A check-in code that is easy to read out and type: no 0/O or 1/l.</summary>
    public static string CheckInCode() => RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTUVWXYZ23456789", 8);
}
