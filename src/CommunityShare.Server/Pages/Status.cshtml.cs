using CommunityShare.Domain;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommunityShare.Server.Pages;

/// <summary>The page for an answer that is not the page asked for: 400, 403, 404, 429, 503 and the rest, with the reason code.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<Texts> texts) : AppPageModel
{
    public int Code { get; private set; }

    public string Reason { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public int? RetryAfter { get; private set; }

    public void OnGet(int code) => Show(code);

    // A status page is also what a refused POST re-executes to.
    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        // Asked for directly (/status/404) it is just that page, answered 404 like the real thing.
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Code = original?.OriginalStatusCode ?? code;
        Response.StatusCode = Code;
        Reason = HttpContext.Items[StatusPage.ReasonKey] as string ?? code switch
        {
            403 => Reasons.NotAllowed,
            404 => Reasons.NotFound,
            429 => Reasons.RateLimited,
            _ => "",
        };
        RetryAfter = HttpContext.Items[StatusPage.RetryAfterKey] as int?;
        (Title, Explanation) = (Code, Reason) switch
        {
            (400, Reasons.FormExpired) => (texts["表单已过期"], texts["这个表单已过期或来自别的页面，所以什么也没有改变。请刷新页面后再提交一次。"]),
            (400, _) => (texts["请求有误"], texts["无法处理这个请求。"]),
            (403, Reasons.NotInScope) => (texts["无权访问"], texts["这项内容不在您负责的范围内。"]),
            (403, _) => (texts["无权访问"], texts["您没有权限查看或操作这项内容。"]),
            (404, _) => (texts["找不到页面"], texts["您要找的页面或内容不存在，可能已被删除。"]),
            (429, _) => (texts["操作太频繁"], texts["您的操作太频繁了，请稍后再试。"]),
            (503, _) => (texts["系统繁忙"], texts["系统正忙，请稍后再试，您的操作不会重复提交。"]),
            _ => (texts["出错了"], texts["系统出了点问题，我们已经记录下来。请稍后再试。"]),
        };
    }
}
