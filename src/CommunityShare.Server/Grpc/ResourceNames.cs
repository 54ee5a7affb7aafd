using System.Text.RegularExpressions;
using CommunityShare.Domain;

namespace CommunityShare.Server.Grpc;

/// <summary>Parses AIP-122 resource names ("facilities/abc/bookings/xyz") into ids, reporting problems as field violations.</summary>
public static partial class ResourceNames
{
    /// <summary>Ids: lower-case letters, digits and '-', 1–63 long (division codes are all digits).</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    public static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{2,62}$")]
    public static partial Regex ClientIdPattern();

    /// <summary>
    /// Reads the ids from <paramref name="name"/> matching <paramref name="pattern"/> (e.g.
    /// "facilities/{}/bookings/{}"); null with a violation when it does not match.
    /// </summary>
    public static string[]? Parse(string? name, string pattern, string field, Violations violations)
    {
        if (string.IsNullOrEmpty(name))
        {
            violations.Add(field, Reasons.Required, $"is required, as {pattern.Replace("{}", "{id}", StringComparison.Ordinal)}.");
            return null;
        }
        var parts = name.Split('/');
        var expected = pattern.Split('/');
        var ids = new List<string>();
        var ok = parts.Length == expected.Length;
        for (var i = 0; ok && i < parts.Length; i++)
        {
            if (expected[i] == "{}")
            {
                ok = IdPattern().IsMatch(parts[i]);
                ids.Add(parts[i]);
            }
            else
            {
                ok = parts[i] == expected[i];
            }
        }
        if (!ok)
        {
            violations.Add(field, Reasons.InvalidFormat,
                $"must look like {pattern.Replace("{}", "{id}", StringComparison.Ordinal)}, with ids of lower-case letters, digits and '-'.");
            return null;
        }
        return ids.ToArray();
    }

    public static string? ParseOne(string? name, string collection, string field, Violations violations) =>
        Parse(name, collection + "/{}", field, violations)?[0];

    /// <summary>Like <see cref="ParseOne"/>, but an empty value is allowed and gives null.</summary>
    public static string? ParseOptional(string? name, string collection, string field, Violations violations) =>
        string.IsNullOrEmpty(name) ? null : ParseOne(name, collection, field, violations);

    public static string Place(string code) => "places/" + code;

    public static string Institution(string id) => "institutions/" + id;

    public static string Facility(string id) => "facilities/" + id;

    public static string Blackout(string facilityId, string id) => $"facilities/{facilityId}/blackouts/{id}";

    public static string Booking(string facilityId, string id) => $"facilities/{facilityId}/bookings/{id}";

    public static string WaitlistEntry(string facilityId, string id) => $"facilities/{facilityId}/waitlistEntries/{id}";

    public static string Resident(string id) => "residents/" + id;

    public static string ProxyGrant(string residentId, string id) => $"residents/{residentId}/proxyGrants/{id}";

    public static string Account(string id) => "accounts/" + id;

    public static string BookingSeries(string facilityId, string id) => $"facilities/{facilityId}/bookingSeries/{id}";

    public static string LotteryApplication(string facilityId, string id) => $"facilities/{facilityId}/lotteryApplications/{id}";

    public static string LotteryDraw(string facilityId, string id) => $"facilities/{facilityId}/lotteryDraws/{id}";
}
