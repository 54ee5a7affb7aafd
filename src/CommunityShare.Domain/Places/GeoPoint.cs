namespace CommunityShare.Domain.Places;

/// <summary>A WGS-84 point. Demo data and the 15-minute circle use one datum throughout.</summary>
public readonly record struct GeoPoint
{
    private const double EarthRadiusMetres = 6_371_008.8;

    public GeoPoint(double latitude, double longitude)
    {
        if (!IsValid(latitude, longitude))
        {
            throw latitude is >= -90 and <= 90
                ? new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be -180..180.")
                : new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be -90..90.");
        }
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }

    public double Longitude { get; }

    public static bool IsValid(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180
        && !double.IsNaN(latitude) && !double.IsNaN(longitude);

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public double DistanceMetresTo(GeoPoint other)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(other.Latitude - Latitude);
        var dLon = Rad(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
                + Math.Cos(Rad(Latitude)) * Math.Cos(Rad(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
