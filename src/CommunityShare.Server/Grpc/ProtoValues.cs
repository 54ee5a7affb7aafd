using CommunityShare.Domain;
using CommunityShare.Domain.Places;
using Google.Type;

namespace CommunityShare.Server.Grpc;

/// <summary>Proto enums share their numbers with the domain's (0 is UNSPECIFIED and has no domain value).</summary>
public static class ProtoEnums
{
    public static TDomain? Optional<TProto, TDomain>(TProto value, string field, Violations violations)
        where TProto : struct, System.Enum where TDomain : struct, System.Enum
    {
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        if (number == 0)
        {
            return null;
        }
        if (!System.Enum.IsDefined(typeof(TDomain), number))
        {
            violations.Add(field, Reasons.OutOfRange, $"{number} is not a known value.");
            return null;
        }
        return (TDomain)System.Enum.ToObject(typeof(TDomain), number);
    }

    public static TDomain? Required<TProto, TDomain>(TProto value, string field, Violations violations)
        where TProto : struct, System.Enum where TDomain : struct, System.Enum
    {
        var result = Optional<TProto, TDomain>(value, field, violations);
        if (result is null && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            violations.Add(field, Reasons.Required, "is required.");
        }
        return result;
    }
}

public static class ProtoGeo
{
    public static LatLng ToProto(this GeoPoint point) => new() { Latitude = point.Latitude, Longitude = point.Longitude };

    public static GeoPoint? Optional(LatLng? value, string field, Violations violations)
    {
        if (value is null)
        {
            return null;
        }
        if (!GeoPoint.IsValid(value.Latitude, value.Longitude))
        {
            violations.Add(field, Reasons.OutOfRange, "latitude must be -90..90 and longitude -180..180.");
            return null;
        }
        return new GeoPoint(value.Latitude, value.Longitude);
    }

    public static GeoPoint? Required(LatLng? value, string field, Violations violations)
    {
        if (value is null)
        {
            violations.Add(field, Reasons.Required, "is required.");
            return null;
        }
        return Optional(value, field, violations);
    }
}
