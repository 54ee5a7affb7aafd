using CommunityShare.Domain.Places;

namespace CommunityShare.Domain.Tests.Places;

public class GeoPointTests
{
    [Theory]
    [InlineData(31.1128, 121.3816)]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    [InlineData(0, 0)]
    public void Latitudes_within_90_and_longitudes_within_180_degrees_are_valid(double latitude, double longitude)
    {
        var point = new GeoPoint(latitude, longitude);

        Assert.True(GeoPoint.IsValid(latitude, longitude));
        Assert.Equal(latitude, point.Latitude);
        Assert.Equal(longitude, point.Longitude);
    }

    [Theory]
    [InlineData(90.0001, 0)]
    [InlineData(-91, 0)]
    [InlineData(0, 180.5)]
    [InlineData(0, -181)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.NaN)]
    [InlineData(double.PositiveInfinity, 0)]
    [InlineData(0, double.NegativeInfinity)]
    public void Points_off_the_globe_are_rejected(double latitude, double longitude)
    {
        Assert.False(GeoPoint.IsValid(latitude, longitude));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(latitude, longitude));
    }

    [Fact]
    public void The_distance_between_two_points_in_Minhang_is_right_within_one_percent()
    {
        var districtGovernment = new GeoPoint(31.1128, 121.3816);
        var jiaoTongMinhangCampus = new GeoPoint(31.0252, 121.4337);

        // 10 911 m on the WGS-84 ellipsoid (Vincenty); the sphere may differ by a few tenths of a percent.
        Assert.InRange(districtGovernment.DistanceMetresTo(jiaoTongMinhangCampus), 10_911 * 0.99, 10_911 * 1.01);
    }

    [Fact]
    public void A_tenth_of_a_degree_north_is_about_eleven_kilometres()
    {
        var south = new GeoPoint(31.10, 121.38);
        var north = new GeoPoint(31.20, 121.38);

        // 11 087 m on the WGS-84 ellipsoid (Vincenty).
        Assert.InRange(south.DistanceMetresTo(north), 11_087 * 0.99, 11_087 * 1.01);
    }

    [Fact]
    public void Distance_is_symmetric_and_zero_to_itself()
    {
        var a = new GeoPoint(31.1128, 121.3816);
        var b = new GeoPoint(31.0252, 121.4337);

        Assert.Equal(0, a.DistanceMetresTo(a));
        Assert.Equal(a.DistanceMetresTo(b), b.DistanceMetresTo(a), precision: 6);
    }

    [Fact]
    public void Antipodes_are_half_the_circumference_apart()
    {
        var distance = new GeoPoint(0, 0).DistanceMetresTo(new GeoPoint(0, 180));

        Assert.InRange(distance, 20_015_000, 20_016_000);
    }

    [Theory]
    [InlineData(91, 0, "latitude")]
    [InlineData(0, 181, "longitude")]
    public void The_error_names_the_coordinate_that_is_wrong(double latitude, double longitude, string parameter)
    {
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(latitude, longitude)).ParamName);
    }
}
