using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Domain.Residents;

/// <summary>
/// A mainland resident identity card number (GB 11643-1999): 17 digits and a check character
/// (0-9 or X), with the birth date at positions 7–14. Personal information: it is shown masked,
/// stored protected, and never logged.
/// </summary>
public sealed record IdentityNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private IdentityNumber(string value, LocalDate birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    public string Value { get; }

    public LocalDate BirthDate { get; }

    /// <summary>Shows the first 3 and last 4 characters only: 310***********123X.</summary>
    public string Masked => Value[..3] + new string('*', Value.Length - 7) + Value[^4..];

    public static bool TryParse(string? text, out IdentityNumber? number)
    {
        number = null;
        var value = text?.Trim().ToUpperInvariant() ?? "";
        if (value.Length != 18 || !value[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * Weights[i];
        }
        if (CheckCharacters[sum % 11] != value[17])
        {
            return false;
        }
        var birth = LocalDatePattern.CreateWithInvariantCulture("yyyyMMdd").Parse(value.Substring(6, 8));
        if (!birth.Success || birth.Value.Year < 1900)
        {
            return false;
        }
        number = new IdentityNumber(value, birth.Value);
        return true;
    }

    /// <summary>Appends the check character to 17 digits (for building test and demo numbers).</summary>
    public static string WithCheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return first17 + CheckCharacters[sum % 11].ToString(CultureInfo.InvariantCulture);
    }

    public override string ToString() => Masked;
}
