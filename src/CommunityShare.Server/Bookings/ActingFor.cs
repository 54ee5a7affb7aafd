using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Bookings;

/// <summary>Whether someone acts as the resident themselves: the resident, a minor's guardian, or a proxy with standing consent.</summary>
public static class ActingFor
{
    public static async Task<bool> ResidentAsync(Actor actor, string residentId, CommunityShareDb db, ResidentRegistry residents,
        CancellationToken cancellationToken) =>
        actor.ResidentId == residentId
        || (actor.IsResident && await db.Set<ResidentRecord>().AnyAsync(r => r.Id == residentId, cancellationToken)
                             && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is not null);
}

/// <summary>Field paths of a shared check moved under another request's message.</summary>
public static class ViolationPaths
{
    /// <summary>
    /// Files what a check of <see cref="CreateBooking"/>'s reported under <paramref name="from"/>
    /// (booking.proxy_consent.method) under <paramref name="to"/> (booking_series.proxy_consent.method).
    /// </summary>
    public static void CopyUnder(Violations found, Violations violations, string from, string to)
    {
        foreach (var v in found.Items)
        {
            violations.Add(v.Field.StartsWith(from + ".", StringComparison.Ordinal) ? to + v.Field[from.Length..] : v.Field, v.Reason, v.Description);
        }
    }
}
