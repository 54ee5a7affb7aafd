using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Lotteries;

/// <summary>The town or subdistrict (the level under the district) a place lies in: a lottery's host area.</summary>
public static class HostAreas
{
    /// <summary>Whether <paramref name="homePlaceCode"/> lies in the same town or subdistrict as <paramref name="facilityPlaceCode"/>.</summary>
    public static async Task<bool> SameAsync(CommunityShareDb db, string homePlaceCode, string facilityPlaceCode, CancellationToken cancellationToken)
    {
        var home = await AreaOfAsync(db, homePlaceCode, cancellationToken);
        return home is not null && home == await AreaOfAsync(db, facilityPlaceCode, cancellationToken);
    }

    private static async Task<string?> AreaOfAsync(CommunityShareDb db, string placeCode, CancellationToken cancellationToken)
    {
        string? code = placeCode;
        // The tree is three levels deep: district, town or subdistrict, neighbourhood or village.
        for (var depth = 0; depth < 5 && code is not null; depth++)
        {
            var place = await db.Places.AsNoTracking().Where(p => p.Code == code).Select(p => new { p.Kind, p.ParentCode })
                .FirstOrDefaultAsync(cancellationToken);
            if (place is null || place.Kind == PlaceKind.District)
            {
                return null;
            }
            if (place.Kind is PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone)
            {
                return code;
            }
            code = place.ParentCode;
        }
        return null;
    }
}
