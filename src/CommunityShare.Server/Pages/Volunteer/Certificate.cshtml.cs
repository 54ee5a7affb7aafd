using CommunityShare.Domain;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Volunteers;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Volunteer;

/// <summary>A service certificate to print (or save as PDF from the browser's print dialog): the volunteer's own, or for staff who oversee their home.</summary>
public sealed class CertificateModel(CertificateDesk certificates) : AppPageModel
{
    public ServiceCertificate Certificate { get; private set; } = null!;

    public async Task OnGetAsync(string number)
    {
        var me = RequireMe();
        var certificate = await certificates.VerifyAsync(number, HttpContext.RequestAborted);
        // Reading the volunteer's list checks that the caller may see the volunteer's certificates at all.
        var theirs = await certificates.ListAsync(me, certificate.ResidentId, HttpContext.RequestAborted);
        Certificate = theirs.FirstOrDefault(c => c.Number == number) ?? throw Problem.NotFound(CertificateDesk.Name(number));
    }
}
