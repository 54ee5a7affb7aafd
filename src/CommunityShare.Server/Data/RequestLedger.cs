using System.Security.Cryptography;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data;

/// <summary>
/// Idempotency for mutations (AIP-155): the first request with a request_id is recorded in the
/// same transaction as its change; a retry gets the resource it made instead of a second change.
/// </summary>
public sealed class RequestLedger(CommunityShareDb db)
{
    public const int MaxRequestIdLength = 36;

    /// <summary>The ledger key for this caller, method and request id; null when no request id was sent.</summary>
    public static RequestKey? KeyFor(Actor? actor, string method, string? requestId, IMessage request, Violations violations)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return null;
        }
        if (!violations.Check(requestId.Length > MaxRequestIdLength || requestId.Any(c => c is < '!' or > '~'),
                "request_id", Reasons.InvalidFormat, $"must be at most {MaxRequestIdLength} printable ASCII characters (a UUID is best)."))
        {
            return null;
        }
        var hash = Convert.ToHexString(SHA256.HashData(request.ToByteArray()))[..32];
        return new RequestKey($"{actor?.ResourceName ?? "anonymous"}|{method}|{requestId}", hash);
    }

    /// <summary>The resource a previous request with this key made, or null if there was none.</summary>
    public async Task<string?> FindAsync(RequestKey? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return null;
        }
        var recorded = await db.RecordedRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key.Key, cancellationToken);
        if (recorded is null)
        {
            return null;
        }
        if (recorded.RequestHash != key.Hash)
        {
            throw new Problem(ProblemKind.InvalidArgument, Reasons.RequestIdReused,
                "This request_id was already used for a different request; use a new request_id for a new request.",
                new Dictionary<string, string> { ["resource"] = recorded.ResourceName },
                [new FieldViolation("request_id", Reasons.RequestIdReused, "was already used for a different request.")]);
        }
        return recorded.ResourceName;
    }

    /// <summary>Adds the record to the unit of work; it commits with the change.</summary>
    public void Record(RequestKey? key, string resourceName, Instant now)
    {
        if (key is not null)
        {
            db.RecordedRequests.Add(new RecordedRequest { Key = key.Key, RequestHash = key.Hash, ResourceName = resourceName, CreateTime = now });
        }
    }
}

public sealed record RequestKey(string Key, string Hash);
