using System.Globalization;
using System.Net;
using System.Text;
using CommunityShare.Domain;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Volunteers;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommunityShare.Server.Pages.Volunteer;

/// <summary>A service certificate to print (or save as PDF from the browser's print dialog): the volunteer's own, or for staff who oversee their home.</summary>
public sealed class CertificateModel(CertificateDesk certificates, IStringLocalizer<Texts> T) : AppPageModel
{
    public ServiceCertificate Certificate { get; private set; } = null!;

    public async Task OnGetAsync(string number) => Certificate = await LoadAsync(number);

    /// <summary>The same certificate as an image (SVG) to keep, send or print, with the same words as the page.</summary>
    public async Task<IActionResult> OnGetImageAsync(string number)
    {
        var c = await LoadAsync(number);
        var hours = (c.Minutes / 60.0).ToString("0.##", CultureInfo.InvariantCulture);
        string[] lines =
        [
            T["兹证明 {0} 志愿者累计参加志愿服务 {1} 小时。", c.VolunteerName, hours],
            $"{T["服务内容"]}：{c.Content}",
            $"{T["出具单位"]}：{c.Organisation}",
            $"{T["负责人"]}：{c.PersonInCharge}",
            $"{T["经办人"]}：{c.Handler}",
            $"{T["证明编号"]}：{c.Number}",
            $"{T["出具日期"]}：{LocalTimes.Day(c.IssueDate)}",
            T["可在 /certificates/{0} 核验本证明。", c.Number],
        ];
        var svg = new StringBuilder()
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"560\" viewBox=\"0 0 800 560\" role=\"img\">")
            .Append("<rect x=\"8\" y=\"8\" width=\"784\" height=\"544\" fill=\"#fff\" stroke=\"#b22222\" stroke-width=\"4\"/>")
            .Append("<text x=\"400\" y=\"80\" text-anchor=\"middle\" font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"36\" font-weight=\"700\">")
            .Append(WebUtility.HtmlEncode(T["志愿服务证明"])).Append("</text>");
        for (var i = 0; i < lines.Length; i++)
        {
            svg.Append("<text x=\"60\" y=\"").Append(150 + (i * 48)).Append("\" font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"22\">")
                .Append(WebUtility.HtmlEncode(lines[i])).Append("</text>");
        }
        svg.Append("</svg>");
        return File(Encoding.UTF8.GetBytes(svg.ToString()), "image/svg+xml; charset=utf-8", $"certificate-{c.Number}.svg");
    }

    private async Task<ServiceCertificate> LoadAsync(string number)
    {
        var me = RequireMe();
        var certificate = await certificates.VerifyAsync(number, HttpContext.RequestAborted);
        // Reading the volunteer's list checks that the caller may see the volunteer's certificates at all.
        var theirs = await certificates.ListAsync(me, certificate.ResidentId, HttpContext.RequestAborted);
        return theirs.FirstOrDefault(c => c.Number == number) ?? throw Problem.NotFound(CertificateDesk.Name(number));
    }
}
