using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Domain.Lotteries;

/// <summary>One applicant as the draw sees them: an opaque ticket, a weight in hundredths, a party, and a household label (null: alone).</summary>
public sealed record DrawEntrant(string Ticket, int Weight, int PartySize, string? Household);

/// <summary>An applicant's place in the draw: rank 1 is drawn first.</summary>
public sealed record RankedEntrant(DrawEntrant Entrant, int Rank, double Number, double Key);

/// <summary>
/// The published draw (摇号算法), so that anyone can run it again from the draw record:
/// <list type="number">
/// <item>seed = SHA-256 of <c>communityshare-lottery-v1|{facility name}|{slot start}|{close}|{tickets}</c> (instants in ISO-8601 UTC;
/// tickets: every applicant's ticket in the draw, sorted ordinal, joined by commas), as hex;</item>
/// <item>each applicant's number u = (the first 8 bytes of SHA-256 of <c>{seed}|{ticket}</c>, big-endian, shifted right by 11, + 0.5) / 2^53, in (0, 1);</item>
/// <item>key = u^(1/weight) (Efraimidis–Spirakis weighted random order);</item>
/// <item>applicants are drawn by key, highest first (ties, never seen in practice: by ticket, ordinal).</item>
/// </list>
/// Everything comes from the seed and the tickets, so the order does not depend on the order
/// applications arrived in, and the same inputs always give the same winners. The seed takes in every
/// ticket drawn, so nobody can work out their number before the applications have closed (and
/// pick the slot where it would be high); the record lists the tickets, so anyone can afterwards. A ticket is derived
/// from the resident, the facility and the slot, so withdrawing and applying again cannot draw a new number.
/// </summary>
public static class WeightedDraw
{
    public const string Algorithm = "efraimidis-spirakis/sha256/v1";

    private static readonly InstantPattern Iso = InstantPattern.ExtendedIso;

    public static string Seed(string facilityName, Instant slotStart, Instant close, IEnumerable<string> tickets) =>
        Sha256Hex($"communityshare-lottery-v1|{facilityName}|{Iso.Format(slotStart)}|{Iso.Format(close)}|"
                  + string.Join(",", tickets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));

    /// <summary>The resident's ticket for one slot: 16 hex characters, the same however often they apply.</summary>
    public static string Ticket(string residentName, string facilityName, Instant slotStart) =>
        Sha256Hex($"ticket|{residentName}|{facilityName}|{Iso.Format(slotStart)}")[..16];

    /// <summary>A household's label in one draw (8 hex characters): applicants of one household share it, and it tells nothing outside the draw.</summary>
    public static string HouseholdLabel(string seed, string householdId) => Sha256Hex($"{seed}|household|{householdId}")[..8];

    /// <summary>The applicant's uniform number u in (0, 1).</summary>
    public static double Number(string seed, string ticket)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{ticket}"));
        var bits = BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11;
        return (bits + 0.5) / (1UL << 53);
    }

    /// <summary>The Efraimidis–Spirakis key u^(1/w), with w the weight (hundredths / 100).</summary>
    public static double Key(double number, int weightHundredths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weightHundredths, 1);
        return Math.Pow(number, 100.0 / weightHundredths);
    }

    /// <summary>Every entrant with their number, key and rank, in draw order.</summary>
    public static IReadOnlyList<RankedEntrant> Order(string seed, IEnumerable<DrawEntrant> entrants)
    {
        var keyed = entrants.Select(e =>
        {
            var number = Number(seed, e.Ticket);
            return (Entrant: e, Number: number, Key: Key(number, e.Weight));
        });
        return keyed.OrderByDescending(k => k.Key).ThenBy(k => k.Entrant.Ticket, StringComparer.Ordinal)
            .Select((k, i) => new RankedEntrant(k.Entrant, i + 1, k.Number, k.Key))
            .ToArray();
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLower(CultureInfo.InvariantCulture);
}

/// <summary>The per-household cap of one draw: a household's members win at most <c>cap</c> places between them (0: no cap).</summary>
public sealed class HouseholdCap(int cap)
{
    private readonly Dictionary<string, int> _won = new(StringComparer.Ordinal);

    /// <summary>The broken rule when the household has already won its share; null otherwise (and always for someone without a household).</summary>
    public RuleViolation? Check(string? household)
    {
        if (cap <= 0 || household is null || _won.GetValueOrDefault(household) < cap)
        {
            return null;
        }
        return new RuleViolation(Reasons.HouseholdCapReached, $"At most {cap} of one household win a place in one draw.",
            new Dictionary<string, string> { ["household_cap"] = cap.ToString(CultureInfo.InvariantCulture) });
    }

    public void Won(string? household)
    {
        if (household is not null)
        {
            _won[household] = _won.GetValueOrDefault(household) + 1;
        }
    }
}
