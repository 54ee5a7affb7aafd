namespace CommunityShare.Server.Grpc;

/// <summary>
/// Grpc.AspNetCore reads the request message before any interceptor runs, and answers a message
/// that is not valid protobuf with UNKNOWN. Every failure inside a handler is already mapped by
/// <see cref="ProblemInterceptor"/> (to a specific code, or INTERNAL), so an UNKNOWN that reaches
/// here can only mean the request could not be read: it is the client's, INVALID_ARGUMENT.
/// </summary>
public sealed class UnreadableRequestMiddleware(RequestDelegate next)
{
    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";
    private const string Unknown = "2";
    private const string InvalidArgument = "3";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }
        context.Response.OnStarting(() =>
        {
            // A trailers-only response carries its status in the headers.
            if (context.Response.Headers[StatusHeader] == Unknown)
            {
                context.Response.Headers[StatusHeader] = InvalidArgument;
                context.Response.Headers[MessageHeader] = Uri.EscapeDataString("The request is not a valid protobuf message for this method.");
            }
            return Task.CompletedTask;
        });
        await next(context);
        var trailers = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && !trailers.IsReadOnly && trailers[StatusHeader] == Unknown)
        {
            trailers[StatusHeader] = InvalidArgument;
            trailers[MessageHeader] = Uri.EscapeDataString("The request is not a valid protobuf message for this method.");
        }
    }
}
