using CommunityShare.Domain;
using CommunityShare.Server.Quotas;
using CommunityShare.Server.Web;
using NodaTime;

namespace CommunityShare.Server.Pages.Account;

/// <summary>What the resident (and their household) has used of the district's quotas this week and month, and what is left.</summary>
public sealed class MyQuotasModel(ResidentQuotas quotas, IClock clock) : AppPageModel
{
    public QuotaUsage Usage { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var me = RequireMe();
        var residentId = me.ResidentId ?? throw Problem.PermissionDenied(Reasons.NotAllowed, "Quotas are counted for residents.");
        var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        Usage = await quotas.UsageAsync(me, residentId, today, HttpContext.RequestAborted);
    }
}
