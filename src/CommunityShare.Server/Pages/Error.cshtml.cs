using System.Diagnostics;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityShare.Server.Pages;

/// <summary>An unexpected failure: a trace id to quote, never the exception.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : AppPageModel
{
    public string TraceId { get; private set; } = "";

    public void OnGet() => TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public void OnPost() => OnGet();
}
