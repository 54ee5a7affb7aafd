using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProtoAccount = CommunityShare.Contracts.V1.Account;

namespace CommunityShare.Server.Identity;

public sealed class AccountGrpcService(Sessions sessions, PasswordReset reset, StaffAccounts staff) : AccountService.AccountServiceBase
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

    public override async Task<ProtoAccount> CreateStaffAccount(CreateStaffAccountRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Domain.Violations();
        var a = request.Account ?? new ProtoAccount();
        violations.Check(request.Account is null, "account", Domain.Reasons.Required, "is required.");
        var key = Data.RequestLedger.KeyFor(actor, nameof(CreateStaffAccount), request.RequestId, request, violations);
        var draft = new StaffDraft(request.UserName, a.DisplayName, a.Mobile, a.Roles);
        return ToProto(await staff.CreateAsync(actor, draft, key, violations, context.CancellationToken));
    }

    public override async Task<ListStaffAccountsResponse> ListStaffAccounts(ListStaffAccountsRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Domain.Violations();
        var pageSize = Grpc.PageToken.PageSize(request.PageSize, violations);
        var page = await staff.ListAsync(actor, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListStaffAccountsResponse { Accounts = { page.Accounts.Select(ToProto) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoAccount> GrantRole(GrantRoleRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Domain.Violations();
        var account = Grpc.ResourceNames.ParseOne(request.Account, "accounts", "account", violations);
        var key = Data.RequestLedger.KeyFor(actor, nameof(GrantRole), request.RequestId, request, violations);
        if (account is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await staff.GrantAsync(actor, account!, request.Role, key, violations, context.CancellationToken));
    }

    public override async Task<ProtoAccount> RevokeRole(RevokeRoleRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Domain.Violations();
        var account = Grpc.ResourceNames.ParseOne(request.Account, "accounts", "account", violations);
        var key = Data.RequestLedger.KeyFor(actor, nameof(RevokeRole), request.RequestId, request, violations);
        if (account is null)
        {
            violations.ThrowIfAny();
        }
        return ToProto(await staff.RevokeAsync(actor, account!, request.Role, key, violations, context.CancellationToken));
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
        Name = Grpc.ResourceNames.Account(a.Id),
        UserName = a.UserName,
        DisplayName = a.DisplayName,
        Resident = a.ResidentId is null ? "" : Grpc.ResourceNames.Resident(a.ResidentId),
        Roles = { a.Roles.Select(r => r.ToString()) },
    };
}
