using CommunityShare.Domain;
using CommunityShare.Server.Grpc;
using Grpc.Core;

namespace CommunityShare.Server.Tests.Grpc;

public sealed class ProblemStatusTests
{
    [Theory]
    [InlineData(ProblemKind.ResourceExhausted, StatusCode.ResourceExhausted)]
    [InlineData(ProblemKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(ProblemKind.PermissionDenied, StatusCode.PermissionDenied)]
    public void A_problem_becomes_its_canonical_code_with_its_reason(ProblemKind kind, StatusCode expected)
    {
        var status = ProblemInterceptor.ToStatus(new Problem(kind, "SOME_REASON", "message"));

        Assert.Equal((int)expected, status.Code);
        Assert.Equal("SOME_REASON", status.Details.Select(d => d.Unpack<Google.Rpc.ErrorInfo>()).Single().Reason);
    }
}
