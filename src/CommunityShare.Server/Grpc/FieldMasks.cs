using CommunityShare.Domain;
using Google.Protobuf.WellKnownTypes;

namespace CommunityShare.Server.Grpc;

/// <summary>Reads an update_mask (AIP-134): empty or "*" means every updatable field.</summary>
public static class FieldMasks
{
    public static HashSet<string> Paths(FieldMask? mask, IReadOnlyCollection<string> updatable, Violations violations, string field = "update_mask")
    {
        if (mask is null || mask.Paths.Count == 0 || mask.Paths is ["*"])
        {
            return [.. updatable];
        }
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in mask.Paths)
        {
            var top = path.Split('.')[0];
            if (updatable.Contains(path) || updatable.Contains(top))
            {
                paths.Add(updatable.Contains(path) ? path : top);
            }
            else
            {
                violations.Add(field, Reasons.InvalidUpdateMask,
                    $"'{path}' cannot be updated; updatable fields are {string.Join(", ", updatable)}.");
            }
        }
        return paths;
    }
}
