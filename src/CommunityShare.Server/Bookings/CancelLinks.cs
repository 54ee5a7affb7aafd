using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CommunityShare.Domain.Bookings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Bookings;

/// <summary>
/// One-step cancel links sent in reminders ("still coming?"): the link itself proves it came to
/// the resident's phone, so no sign-in is needed. It names one booking and its resident and works
/// until the booking starts; the cancellation follows the same rules as any other.
/// </summary>
public sealed class CancelLinks(IDataProtectionProvider protection, IClock clock, IOptions<Web.WebSettings> web)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CommunityShare.Bookings.CancelLinks.v1");

    public string For(Booking booking)
    {
        var payload = string.Join('|', booking.FacilityId, booking.Id, booking.ResidentId,
            booking.Start.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture));
        var token = WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(payload)));
        return $"{web.Value.PublicBaseUrl.TrimEnd('/')}/bookings/{booking.FacilityId}/{booking.Id}/cancel?token={token}";
    }

    /// <summary>The resident the link was sent to, when it is a link for this booking that still works; null otherwise.</summary>
    public string? ResidentFor(string facilityId, string bookingId, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('|');
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
        return parts.Length == 4 && parts[0] == facilityId && parts[1] == bookingId
               && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && clock.GetCurrentInstant() < Instant.FromUnixTimeTicks(ticks)
            ? parts[2]
            : null;
    }
}
