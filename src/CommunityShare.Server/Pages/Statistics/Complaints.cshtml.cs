using CommunityShare.Server.Complaints;
using CommunityShare.Server.Web;

namespace CommunityShare.Server.Pages.Statistics;

/// <summary>Public complaint statistics by town or subdistrict and kind (政务公开): counts, upheld share, median response time. No personal data.</summary>
public sealed class ComplaintStatisticsModel(ComplaintStatistics statistics) : AppPageModel
{
    public ComplaintFigures Figures { get; private set; } = new([], 0, 0, null);

    public async Task OnGetAsync() => Figures = await statistics.GetAsync(null, null, null, HttpContext.RequestAborted);
}
