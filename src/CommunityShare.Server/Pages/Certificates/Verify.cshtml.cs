using CommunityShare.Domain;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Volunteers;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Certificates;

/// <summary>Public: anyone checks a service certificate by its number; the volunteer's name is masked.</summary>
public sealed class VerifyCertificateModel(CertificateDesk certificates) : AppPageModel
{
    public ServiceCertificate? Certificate { get; private set; }

    public async Task OnGetAsync(string number)
    {
        try
        {
            Certificate = await certificates.VerifyAsync(number, HttpContext.RequestAborted);
        }
        catch (Problem p) when (p.Kind == ProblemKind.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
