using Grpc.Core;

namespace CommunityShare.Server.Tests;

/// <summary>Asserts on failed calls: the status code, the ErrorInfo reason and the field violations; never the message text.</summary>
public static class Rpc
{
    /// <summary>Call headers carrying a bearer token this service never issued.</summary>
    public static Metadata GarbageToken => new() { { "authorization", "Bearer not-a-token" } };

    public static async Task<RpcException> FailsAsync<T>(StatusCode code, string reason, Func<AsyncUnaryCall<T>> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => call().ResponseAsync);
        Assert.Equal(code, e.StatusCode);
        Assert.Equal(reason, Demo.Reason(e));
        return e;
    }

    /// <summary>INVALID_ARGUMENT with exactly these (field, reason) violations, in any order.</summary>
    public static async Task<RpcException> InvalidAsync<T>(Func<AsyncUnaryCall<T>> call, params (string Field, string Reason)[] expected)
    {
        var e = await FailsAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT", call);
        Assert.Equal(
            expected.Select(v => $"{v.Field} {v.Reason}").Order(StringComparer.Ordinal),
            Violations(e).Order(StringComparer.Ordinal));
        return e;
    }

    /// <summary>"field REASON" for each field violation of a failed call.</summary>
    public static IReadOnlyList<string> Violations(RpcException e) =>
        Demo.FieldViolations(e).Select(v => $"{v.Field} {v.Reason}").ToArray();

    public static Task<RpcException> NotFoundAsync<T>(Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(StatusCode.NotFound, "NOT_FOUND", call);

    public static Task<RpcException> UnauthenticatedAsync<T>(Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", call);

    public static Task<RpcException> InvalidTokenAsync<T>(Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(StatusCode.Unauthenticated, "TOKEN_INVALID", call);

    public static Task<RpcException> NotAllowedAsync<T>(Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(StatusCode.PermissionDenied, "NOT_ALLOWED", call);

    public static Task<RpcException> StaleEtagAsync<T>(Func<AsyncUnaryCall<T>> call) =>
        FailsAsync(StatusCode.Aborted, "ETAG_MISMATCH", call);
}
