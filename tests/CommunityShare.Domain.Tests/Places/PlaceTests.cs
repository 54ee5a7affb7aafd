using CommunityShare.Domain.Places;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Places;

public class PlaceTests
{
    [Theory]
    [InlineData(PlaceKind.District, PlaceKind.Town)]
    [InlineData(PlaceKind.District, PlaceKind.Subdistrict)]
    [InlineData(PlaceKind.District, PlaceKind.IndustrialZone)]
    [InlineData(PlaceKind.Town, PlaceKind.Neighborhood)]
    [InlineData(PlaceKind.Town, PlaceKind.Village)]
    [InlineData(PlaceKind.Subdistrict, PlaceKind.Neighborhood)]
    [InlineData(PlaceKind.Subdistrict, PlaceKind.Village)]
    [InlineData(PlaceKind.IndustrialZone, PlaceKind.Neighborhood)]
    [InlineData(PlaceKind.IndustrialZone, PlaceKind.Village)]
    public void A_place_may_contain_the_kinds_one_level_below_it(PlaceKind parent, PlaceKind child)
    {
        Assert.True(Place.MayContain(parent, child));
    }

    [Theory]
    [InlineData(PlaceKind.District, PlaceKind.District)]
    [InlineData(PlaceKind.District, PlaceKind.Neighborhood)]
    [InlineData(PlaceKind.District, PlaceKind.Village)]
    [InlineData(PlaceKind.Town, PlaceKind.Town)]
    [InlineData(PlaceKind.Town, PlaceKind.Subdistrict)]
    [InlineData(PlaceKind.Subdistrict, PlaceKind.District)]
    [InlineData(PlaceKind.Neighborhood, PlaceKind.Neighborhood)]
    [InlineData(PlaceKind.Neighborhood, PlaceKind.Village)]
    [InlineData(PlaceKind.Village, PlaceKind.Neighborhood)]
    public void A_place_may_not_contain_its_own_level_a_level_above_or_skip_a_level(PlaceKind parent, PlaceKind child)
    {
        Assert.False(Place.MayContain(parent, child));
    }

    [Theory]
    [InlineData("310112", "310112", true)]
    [InlineData("310112", "310112101", true)]
    [InlineData("310112", "310112101001", true)]
    [InlineData("310112101", "310112101001", true)]
    [InlineData("310112101", "310112", false)]
    [InlineData("310112101", "310112102001", false)]
    [InlineData("310112", "310113101", false)]
    public void A_place_covers_itself_and_every_place_whose_code_starts_with_its_code(string ancestor, string code, bool covers)
    {
        Assert.Equal(covers, Place.Covers(ancestor, code));
    }

    [Fact]
    public void Updating_a_place_bumps_its_version_and_update_time_only()
    {
        var place = new Place("310112101", "310112", PlaceKind.Town, "莘庄镇", "", null, SomeCreateTime);
        var later = SomeCreateTime + NodaTime.Duration.FromDays(1);

        place.Update("莘庄镇", "Xinzhuang Town", new GeoPoint(31.11, 121.375), later);

        Assert.Equal(2, place.Version);
        Assert.Equal("Xinzhuang Town", place.NameEn);
        Assert.Equal(later, place.UpdateTime);
        Assert.Equal(SomeCreateTime, place.CreateTime);
    }
}
