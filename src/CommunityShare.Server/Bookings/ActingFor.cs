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
