using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityShare.Server.Web;

/// <summary>What every page model knows: who is asking, as the use cases want it.</summary>
public abstract class AppPageModel : PageModel
{
    /// <summary>The signed-in caller, or null.</summary>
    public Actor? Me => Callers.Of(User);

    /// <summary>The signed-in caller; anonymous visitors are sent to sign in (by <see cref="ProblemPageFilter"/>).</summary>
    public Actor RequireMe() => Me ?? throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated, "Sign in first.");
}
