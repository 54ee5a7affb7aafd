using CommunityShare.Domain.Residents;
using NodaTime;

namespace CommunityShare.Domain.Tests.Residents;

public class ResidentTests
{
    // Born 1950-03-07 (an elder) and 2012-09-30 (a minor until 2030-09-30), with valid check characters.
    private static readonly string Elder = IdentityNumber.WithCheckCharacter("31011219500307123");
    private static readonly string Child = IdentityNumber.WithCheckCharacter("31011220120930456");

    private static Resident A(string idNumber, string name = "张伟", string mobile = "13812345678")
    {
        Assert.True(IdentityNumber.TryParse(idNumber, out var number));
        return new Resident("r1", name, mobile, number!, "310112101001", null, Instant.FromUtc(2026, 6, 1, 0, 0));
    }

    [Fact]
    public void A_valid_number_gives_its_birth_date_and_shows_masked()
    {
        Assert.True(IdentityNumber.TryParse(Elder.ToLowerInvariant(), out var number));

        Assert.Equal(new LocalDate(1950, 3, 7), number!.BirthDate);
        Assert.Equal(Elder[..3] + "***********" + Elder[^4..], number.Masked);
        Assert.DoesNotContain("19500307", number.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3101121950030712")]
    [InlineData("31011219500307123A")]
    [InlineData("310112195013071234")]
    public void Malformed_numbers_are_refused(string text)
    {
        Assert.False(IdentityNumber.TryParse(text, out _));
    }

    [Fact]
    public void A_wrong_check_character_is_refused()
    {
        var wrong = Elder[..17] + (Elder[17] == '0' ? '1' : '0');

        Assert.False(IdentityNumber.TryParse(wrong, out _));
    }

    [Fact]
    public void Minors_are_under_eighteen_on_the_day()
    {
        var child = A(Child);

        Assert.True(child.IsMinorOn(new LocalDate(2030, 9, 29)));
        Assert.False(child.IsMinorOn(new LocalDate(2030, 9, 30)));
        Assert.False(A(Elder).IsMinorOn(new LocalDate(2026, 6, 1)));
    }

    [Theory]
    [InlineData("张伟", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("李", "李")]
    public void Names_show_the_family_name_only(string name, string masked)
    {
        Assert.Equal(masked, A(Elder, name).MaskedName);
    }

    [Fact]
    public void Mobile_numbers_show_the_first_three_and_last_four_digits()
    {
        Assert.Equal("138****5678", A(Elder).MaskedMobile);
        Assert.True(Resident.IsValidMobile("13812345678"));
        Assert.False(Resident.IsValidMobile("23812345678"));
        Assert.False(Resident.IsValidMobile("1381234567"));
    }
}
