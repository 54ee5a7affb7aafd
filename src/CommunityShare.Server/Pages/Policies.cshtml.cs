using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Quotas;
using CommunityShare.Server.Data;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages;

/// <summary>The district's booking rules in plain words, for everyone (规则公开): the credit policy and the quotas in force.</summary>
public sealed class PoliciesModel(CreditPolicies credit, QuotaPolicies quotas, CommunityShareDb db) : AppPageModel
{
    public CreditPolicy Credit { get; private set; } = null!;

    public QuotaPolicy Quotas { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Credit = (await credit.GetAsync(db, HttpContext.RequestAborted)).Policy;
        Quotas = (await quotas.GetAsync(db, HttpContext.RequestAborted)).Policy;
    }
}
