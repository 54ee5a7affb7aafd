using System.Globalization;
using System.Reflection;
using CommunityShare.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CommunityShare.Server.Web;

/// <summary>
/// The pages' one error path, the twin of the gRPC ProblemInterceptor: a <see cref="Problem"/>
/// thrown by a use case becomes a sign-in redirect (no caller), 403, 404 or 429 (with
/// Retry-After) shown by the status page with its reason, or — for a request that can be fixed —
/// the same page again with every problem on its own field and what the user typed kept.
/// </summary>
public sealed class ProblemPageFilter(IStringLocalizer<Texts> texts) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not Problem problem || executed.ExceptionHandled)
        {
            return;
        }
        executed.ExceptionHandled = true;
        var http = context.HttpContext;
        http.Items[StatusPage.ReasonKey] = problem.Reason;
        switch (problem.Kind)
        {
            case ProblemKind.Unauthenticated when problem.Reason == Reasons.Unauthenticated:
                executed.Result = new ChallengeResult(new AuthenticationProperties { RedirectUri = http.Request.Path + http.Request.QueryString });
                return;
            case ProblemKind.PermissionDenied:
                executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                return;
            case ProblemKind.NotFound:
                executed.Result = new StatusCodeResult(StatusCodes.Status404NotFound);
                return;
            case ProblemKind.ResourceExhausted or ProblemKind.Unavailable:
                var seconds = problem.Metadata.TryGetValue("retry_after_seconds", out var s) ? s : "1";
                http.Response.Headers.RetryAfter = seconds;
                http.Items[StatusPage.RetryAfterKey] = int.Parse(seconds, CultureInfo.InvariantCulture);
                executed.Result = new StatusCodeResult(problem.Kind == ProblemKind.Unavailable
                    ? StatusCodes.Status503ServiceUnavailable
                    : StatusCodes.Status429TooManyRequests);
                return;
        }

        // Something the user can put right: show the form again, every problem at once.
        var model = (PageModel)executed.HandlerInstance;
        foreach (var violation in problem.FieldViolations)
        {
            model.ModelState.AddModelError(FormField(model, violation.Field), Describe(violation.Reason, violation.Description));
        }
        foreach (var rule in problem.RuleViolations)
        {
            var field = rule.Metadata.TryGetValue("field", out var f) ? FormField(model, f) : "";
            model.ModelState.AddModelError(field, Describe(rule.Reason, rule.Description));
        }
        if (problem.FieldViolations.Count == 0 && problem.RuleViolations.Count == 0)
        {
            model.ModelState.AddModelError("", Describe(problem.Reason, problem.Message));
        }
        if (model is IRedisplay redisplay)
        {
            await redisplay.OnRedisplayAsync(http.RequestAborted);
        }
        http.Response.StatusCode = problem.Kind is ProblemKind.InvalidArgument or ProblemKind.Unauthenticated
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status409Conflict;
        executed.Result = model.Page();
    }

    /// <summary>The user's words for a reason code; the API's own (English) description when there are none.</summary>
    private string Describe(string reason, string description)
    {
        var text = texts["reason." + reason];
        return text.ResourceNotFound ? description : text.Value;
    }

    /// <summary>
    /// Where an API field path shows on the form: the page may say (<see cref="IFormFields"/>);
    /// otherwise the last segment in Pascal case under <c>Input</c> when the page's Input has it,
    /// else the summary at the top of the form.
    /// </summary>
    private static string FormField(PageModel model, string apiField)
    {
        if (model is IFormFields fields && fields.FormField(apiField) is { } mapped)
        {
            return mapped;
        }
        var last = apiField.Split('.')[^1];
        var pascal = string.Concat(last.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        var input = model.GetType().GetProperty("Input", BindingFlags.Public | BindingFlags.Instance)?.PropertyType;
        return input?.GetProperty(pascal) is not null ? "Input." + pascal : "";
    }
}

/// <summary>A page that loads what it shows besides the form, so that it can show itself again after a problem.</summary>
public interface IRedisplay
{
    Task OnRedisplayAsync(CancellationToken cancellationToken);
}

/// <summary>A page whose form fields are not named after the API's fields.</summary>
public interface IFormFields
{
    /// <summary>The ModelState key for an API field path, or null for the default.</summary>
    string? FormField(string apiField);
}

/// <summary>A form posted without a valid antiforgery token (expired, from another site, or from a session that ended): 400 FORM_EXPIRED, nothing done.</summary>
public sealed class FormExpiredFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            context.HttpContext.Items[StatusPage.ReasonKey] = Reasons.FormExpired;
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
