namespace CommunityShare.Server.Audit;

/// <summary>
/// Who the work in progress is done for, as the audit trail names them (staff/{id},
/// residents/{id}, anonymous, system). Each door sets it once the caller is known
/// (<see cref="ActingMiddleware"/>); work that runs elsewhere (the booking writer, background
/// services, seeding) carries or sets its own. It flows with the async call, like the request.
/// </summary>
public static class Acting
{
    public const string Anonymous = "anonymous";
    public const string System = "system";

    private static readonly AsyncLocal<string?> Current = new();

    public static string Name => Current.Value ?? System;

    /// <summary>Acts as <paramref name="name"/> until the returned scope is disposed.</summary>
    public static Scope As(string name)
    {
        var previous = Current.Value;
        Current.Value = name;
        return new Scope(previous);
    }

    public readonly struct Scope(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>Names the caller for the audit trail, after authentication, for gRPC calls and pages alike.</summary>
public sealed class ActingMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string name;
        try
        {
            name = Identity.Callers.Of(context.User)?.ResourceName ?? Acting.Anonymous;
        }
        catch (Domain.Problem)
        {
            // A token that names no caller properly is refused by the call itself.
            name = Acting.Anonymous;
        }
        using (Acting.As(name))
        {
            await next(context);
        }
    }
}
