using QRCoder;

namespace CommunityShare.Server.Web;

/// <summary>The check-in code as a QR code, drawn on the server as SVG (no script on the page).</summary>
public static class CheckInCodeImage
{
    public const string MediaType = "image/svg+xml";

    /// <summary>The code alone is encoded: it is what staff type or scan at the door.</summary>
    public static string Svg(string checkInCode)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(checkInCode, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
