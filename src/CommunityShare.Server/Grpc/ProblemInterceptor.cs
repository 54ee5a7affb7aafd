using CommunityShare.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Status = Google.Rpc.Status;

namespace CommunityShare.Server.Grpc;

/// <summary>
/// The one place where failures become gRPC statuses (AIP-193): a <see cref="Problem"/> becomes
/// its canonical code with ErrorInfo, BadRequest field violations and PreconditionFailure
/// details; anything unexpected becomes INTERNAL with no exception text, and is logged.
/// </summary>
public sealed partial class ProblemInterceptor(ILogger<ProblemInterceptor> logger) : Interceptor
{
    public const string ErrorDomain = "communityshare.v1";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw ToRpcException(exception, context.Method);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw ToRpcException(exception, context.Method);
        }
    }

    private RpcException ToRpcException(Exception exception, string method)
    {
        switch (exception)
        {
            case Problem problem:
                return ToStatus(problem).ToRpcException();
            case DbUpdateConcurrencyException:
                return ToStatus(new Problem(ProblemKind.Aborted, Reasons.EtagMismatch,
                    "The resource was changed by someone else at the same time; read it again and retry.")).ToRpcException();
            case OperationCanceledException:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            case var busy when Data.SqliteStorage.IsBusy(busy):
                return ToStatus(new Problem(ProblemKind.Unavailable, Reasons.Busy,
                    "The service is busy; retry with the same request_id.")).ToRpcException();
            default:
                LogUnexpected(exception, method);
                return new Status { Code = (int)Code.Internal, Message = "Something went wrong on our side; it has been logged." }
                    .ToRpcException();
        }
    }

    public static Status ToStatus(Problem problem)
    {
        var info = new ErrorInfo { Reason = problem.Reason, Domain = ErrorDomain };
        foreach (var (key, value) in problem.Metadata)
        {
            info.Metadata[key] = value;
        }
        var status = new Status { Code = (int)ToCode(problem.Kind), Message = problem.Message, Details = { Any.Pack(info) } };
        if (problem.FieldViolations.Count > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.Add(problem.FieldViolations.Select(v => new BadRequest.Types.FieldViolation
            {
                Field = v.Field,
                Reason = v.Reason,
                Description = v.Description,
            }));
            status.Details.Add(Any.Pack(badRequest));
        }
        if (problem.Kind == ProblemKind.ResourceExhausted && problem.Metadata.TryGetValue("retry_after_seconds", out var retry)
            && int.TryParse(retry, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }));
        }
        if (problem.RuleViolations.Count > 0)
        {
            var failure = new PreconditionFailure();
            failure.Violations.Add(problem.RuleViolations.Select(v => new PreconditionFailure.Types.Violation
            {
                Type = v.Reason,
                Subject = string.Join(",", v.Metadata.Select(m => $"{m.Key}={m.Value}")),
                Description = v.Description,
            }));
            status.Details.Add(Any.Pack(failure));
        }
        return status;
    }

    private static Code ToCode(ProblemKind kind) => kind switch
    {
        ProblemKind.InvalidArgument => Code.InvalidArgument,
        ProblemKind.NotFound => Code.NotFound,
        ProblemKind.FailedPrecondition => Code.FailedPrecondition,
        ProblemKind.AlreadyExists => Code.AlreadyExists,
        ProblemKind.Aborted => Code.Aborted,
        ProblemKind.PermissionDenied => Code.PermissionDenied,
        ProblemKind.Unauthenticated => Code.Unauthenticated,
        ProblemKind.ResourceExhausted => Code.ResourceExhausted,
        ProblemKind.Unavailable => Code.Unavailable,
        _ => Code.Internal,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private partial void LogUnexpected(Exception exception, string method);
}
