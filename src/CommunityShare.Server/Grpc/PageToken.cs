using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommunityShare.Domain;

namespace CommunityShare.Server.Grpc;

/// <summary>
/// Keyset paging (AIP-158). A token holds the last key of the page and a fingerprint of the
/// request's filters, so a token cannot be replayed against a different query.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private sealed record Content(string[] Key, string Filter);

    public static int PageSize(int requested, Violations violations, string field = "page_size")
    {
        violations.Check(requested < 0, field, Reasons.OutOfRange, "must not be negative.");
        return requested <= 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }

    public static string Encode(string filter, params string[] lastKey)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Content(lastKey, Fingerprint(filter)));
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The last key of the previous page, or null for the first page.</summary>
    public static string[]? Decode(string? token, string filter, Violations violations, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var content = JsonSerializer.Deserialize<Content>(Convert.FromBase64String(base64));
            if (content?.Key is { Length: > 0 } && content.Filter == Fingerprint(filter))
            {
                return content.Key;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Reported below.
        }
        violations.Add(field, Reasons.InvalidPageToken, "is not a token this list returned for the same filters.");
        return null;
    }

    private static string Fingerprint(string filter) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(filter)))[..16];
}
