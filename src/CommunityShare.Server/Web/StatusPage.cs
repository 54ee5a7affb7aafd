namespace CommunityShare.Server.Web;

/// <summary>Keys by which an answer tells the status page (Pages/Status) why it was given.</summary>
public static class StatusPage
{
    public const string ReasonKey = "communityshare/status-reason";
    public const string RetryAfterKey = "communityshare/retry-after";
}
