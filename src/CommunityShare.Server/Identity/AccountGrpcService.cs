using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProtoAccount = CommunityShare.Contracts.V1.Account;

namespace CommunityShare.Server.Identity;

public sealed class AccountGrpcService(Sessions sessions, PasswordReset reset) : AccountService.AccountServiceBase
{
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hardening.RateLimits.SignInPolicy)]
    public override async Task<Session> SignIn(SignInRequest request, ServerCallContext context) =>
        ToProto(await sessions.SignInAsync(request.UserName, request.Password, context.CancellationToken));

    public override async Task<Session> RefreshSession(RefreshSessionRequest request, ServerCallContext context) =>
        ToProto(await sessions.RefreshAsync(request.RefreshToken, context.CancellationToken));

    public override async Task<Empty> SignOut(SignOutRequest request, ServerCallContext context)
    {
        await sessions.SignOutAsync(request.RefreshToken, context.CancellationToken);
        return new Empty();
    }

    public override async Task<ProtoAccount> GetCurrentAccount(GetCurrentAccountRequest request, ServerCallContext context) =>
        ToProto(await sessions.CurrentAsync(Callers.Required(context), context.CancellationToken));

    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Hardening.RateLimits.SignInPolicy)]
    public override async Task<Empty> RequestPasswordReset(RequestPasswordResetRequest request, ServerCallContext context)
    {
        await reset.RequestAsync(request.UserName, context.CancellationToken);
        return new Empty();
    }

    public override async Task<Empty> ResetPassword(ResetPasswordRequest request, ServerCallContext context)
    {
        var account = request.Account.StartsWith("accounts/", StringComparison.Ordinal) ? request.Account["accounts/".Length..] : request.Account;
        await reset.ResetAsync(account, request.Token, request.NewPassword, new Domain.Violations(), context.CancellationToken);
        return new Empty();
    }

    private static Session ToProto(IssuedSession s) => new()
    {
        AccessToken = s.AccessToken,
        AccessTokenExpireTime = s.AccessTokenExpireTime.ToTimestamp(),
        RefreshToken = s.RefreshToken,
        RefreshTokenExpireTime = s.RefreshTokenExpireTime.ToTimestamp(),
        Account = ToProto(s.Account),
    };

    private static ProtoAccount ToProto(AccountView a) => new()
    {
        Name = "accounts/" + a.Id,
        UserName = a.UserName,
        DisplayName = a.DisplayName,
        Resident = a.ResidentId is null ? "" : Grpc.ResourceNames.Resident(a.ResidentId),
        Roles = { a.Roles.Select(r => r.ToString()) },
    };
}
