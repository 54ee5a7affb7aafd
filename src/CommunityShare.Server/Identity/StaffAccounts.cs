using System.Text.RegularExpressions;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Identity;

public sealed record StaffDraft(string? UserName, string? DisplayName, string? Mobile, IReadOnlyList<string> Roles);

public sealed record StaffPage(IReadOnlyList<AccountView> Accounts, string NextPageToken);

/// <summary>
/// Staff accounts and their roles. Whoever manages a part of the district gives roles within it:
/// district staff any role in the district; a town or subdistrict office roles for itself, the
/// offices below it and its institutions; an institution roles for its own staff. Supervisors and
/// provider roles are the district's to give. A new account gets no password: a one-time link to
/// set one is sent to its mobile number. Role changes reach a signed-in browser within a minute
/// (the security stamp changes) and an API client with its next token (at most 15 minutes).
/// </summary>
public sealed partial class StaffAccounts(CommunityShareDb db, UserManager<Account> users, PasswordReset reset, IClock clock, RequestLedger ledger)
{
    public const string WelcomeTemplate = "account.welcome";
    public const int MaxDisplayNameLength = 50;
    public const int MaxRoles = 20;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();

    public async Task<AccountView> CreateAsync(Actor actor, StaffDraft draft, RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("create staff accounts");
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await ViewAsync(done.Split('/')[^1], cancellationToken);
        }
        violations.Check(!UserNamePattern().IsMatch(draft.UserName ?? ""), "user_name", Reasons.InvalidFormat,
            "must be 3-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        if (violations.Required(draft.DisplayName, "account.display_name"))
        {
            violations.MaxLength(draft.DisplayName!.Trim(), MaxDisplayNameLength, "account.display_name");
        }
        violations.Check(!Domain.Residents.Resident.IsValidMobile(draft.Mobile), "account.mobile", Reasons.InvalidFormat,
            "must be 11 digits starting with 1: the one-time link to set the password goes there.");
        violations.Check(draft.Roles.Count is 0 or > MaxRoles, "account.roles", draft.Roles.Count == 0 ? Reasons.Required : Reasons.OutOfRange,
            $"needs 1 to {MaxRoles} roles, e.g. \"institution=school-310112101\".");
        var roles = await ParseRolesAsync(draft.Roles, "account.roles", violations, cancellationToken);
        violations.ThrowIfAny();
        foreach (var role in roles)
        {
            await RequireMayGiveAsync(actor, role, cancellationToken);
        }
        if (await users.FindByNameAsync(draft.UserName!) is not null)
        {
            throw new Problem(ProblemKind.AlreadyExists, Reasons.AlreadyExists, "This user name is taken.", fieldViolations:
                [new FieldViolation("user_name", Reasons.AlreadyExists, "is taken; choose another.")]);
        }

        var account = new Account { UserName = draft.UserName, DisplayName = draft.DisplayName!.Trim(), PhoneNumber = draft.Mobile };
        db.Set<AccountRole>().AddRange(roles.Distinct().Select(r => new AccountRole { AccountId = account.Id, Role = r.Role, ScopeId = r.ScopeId }));
        ledger.Record(requestKey, ResourceNames.Account(account.Id), clock.GetCurrentInstant());
        var created = await users.CreateAsync(account);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Creating a staff account failed: " + string.Join("; ", created.Errors.Select(e => e.Code)));
        }
        await reset.SendLinkAsync(account, draft.Mobile!, WelcomeTemplate, link =>
            $"【社区共享】{account.DisplayName}，您的工作人员账号 {account.UserName} 已开通，请设置密码：{link} （{(int)PasswordReset.LinkLifetime.TotalMinutes}分钟内有效；过期后可在登录页“忘记密码”重新获取）。",
            cancellationToken);
        return await ViewAsync(account.Id, cancellationToken);
    }

    public async Task<AccountView> GrantAsync(Actor actor, string accountId, string? roleText, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("give roles");
        var role = (await ParseRolesAsync([roleText ?? ""], "role", violations, cancellationToken)).FirstOrDefault();
        violations.ThrowIfAny();
        var account = await users.FindByIdAsync(accountId) ?? throw Problem.NotFound(ResourceNames.Account(accountId));
        await RequireMayGiveAsync(actor, role!, cancellationToken);
        if (await ledger.FindAsync(requestKey, cancellationToken) is null
            && !await db.Set<AccountRole>().AnyAsync(r => r.AccountId == accountId && r.Role == role!.Role && r.ScopeId == role.ScopeId, cancellationToken))
        {
            db.Set<AccountRole>().Add(new AccountRole { AccountId = accountId, Role = role!.Role, ScopeId = role.ScopeId });
            ledger.Record(requestKey, ResourceNames.Account(accountId), clock.GetCurrentInstant());
            await users.UpdateSecurityStampAsync(account); // saves the role with it
        }
        return await ViewAsync(accountId, cancellationToken);
    }

    public async Task<AccountView> RevokeAsync(Actor actor, string accountId, string? roleText, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("take roles away");
        var role = (await ParseRolesAsync([roleText ?? ""], "role", violations, cancellationToken, mustExist: false)).FirstOrDefault();
        violations.ThrowIfAny();
        var account = await users.FindByIdAsync(accountId) ?? throw Problem.NotFound(ResourceNames.Account(accountId));
        var held = await db.Set<AccountRole>().FirstOrDefaultAsync(r => r.AccountId == accountId && r.Role == role!.Role && r.ScopeId == role.ScopeId,
            cancellationToken);
        if (held is null)
        {
            if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
            {
                return await ViewAsync(accountId, cancellationToken);
            }
            throw Problem.NotFound($"{ResourceNames.Account(accountId)}/roles/{role}");
        }
        await RequireMayGiveAsync(actor, role!, cancellationToken);
        db.Set<AccountRole>().Remove(held);
        ledger.Record(requestKey, ResourceNames.Account(accountId), clock.GetCurrentInstant());
        await users.UpdateSecurityStampAsync(account);
        return await ViewAsync(accountId, cancellationToken);
    }

    /// <summary>Staff accounts with at least one role the caller oversees, by user name.</summary>
    public async Task<StaffPage> ListAsync(Actor actor, int pageSize, string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("list staff accounts");
        var after = PageToken.Decode(pageToken, "staff", violations);
        violations.ThrowIfAny();
        var institutions = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.PlaceCode, cancellationToken);
        var roles = await db.Set<AccountRole>().AsNoTracking().ToListAsync(cancellationToken);
        var wholeDistrict = actor.Assignments.Any(a => a.Role is Role.DistrictStaff or Role.DistrictSupervisor);
        var visible = roles.Where(r => wholeDistrict || actor.Oversees(JurisdictionOf(new RoleAssignment(r.Role, r.ScopeId), institutions)))
            .Select(r => r.AccountId).ToHashSet();
        var query = db.Users.AsNoTracking().Where(a => visible.Contains(a.Id));
        if (after is not null)
        {
            var last = after[0];
            query = query.Where(a => string.Compare(a.UserName, last) > 0);
        }
        var rows = await query.OrderBy(a => a.UserName).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var byAccount = roles.ToLookup(r => r.AccountId);
        var views = shown.Select(a => new AccountView(a.Id, a.UserName ?? "", a.DisplayName, a.ResidentId,
            byAccount[a.Id].Select(r => new RoleAssignment(r.Role, r.ScopeId)).ToArray())).ToArray();
        return new StaffPage(views, rows.Count > pageSize ? PageToken.Encode("staff", shown[^1].UserName ?? "") : "");
    }

    /// <summary>
    /// Reads "role=scope" texts; each scope must exist (an institution, a town or subdistrict for an
    /// office, the district for district roles) unless <paramref name="mustExist"/> is false.
    /// </summary>
    private async Task<List<RoleAssignment>> ParseRolesAsync(IReadOnlyList<string> texts, string field, Violations violations,
        CancellationToken cancellationToken, bool mustExist = true)
    {
        var roles = new List<RoleAssignment>();
        for (var i = 0; i < texts.Count; i++)
        {
            var path = texts.Count == 1 && field == "role" ? field : $"{field}[{i}]";
            if (!RoleAssignment.TryParse(texts[i], out var role))
            {
                violations.Add(path, Reasons.InvalidFormat,
                    "must be role=scope: institution={id}, office={town or subdistrict code}, provider={id}, district={code} or supervisor={code}.");
                continue;
            }
            if (mustExist && !await ScopeExistsAsync(role!, cancellationToken))
            {
                violations.Add(path, Reasons.NotFound, $"{role} names a scope that does not exist (or is not of that kind).");
                continue;
            }
            roles.Add(role!);
        }
        return roles;
    }

    private async Task<bool> ScopeExistsAsync(RoleAssignment role, CancellationToken cancellationToken) => role.Role switch
    {
        Role.InstitutionStaff => await db.Institutions.AnyAsync(i => i.Id == role.ScopeId, cancellationToken),
        Role.StreetOfficeStaff => await db.Places.AnyAsync(p => p.Code == role.ScopeId
            && (p.Kind == Domain.Places.PlaceKind.Town || p.Kind == Domain.Places.PlaceKind.Subdistrict || p.Kind == Domain.Places.PlaceKind.IndustrialZone),
            cancellationToken),
        Role.DistrictStaff or Role.DistrictSupervisor => await db.Places.AnyAsync(p => p.Code == role.ScopeId && p.Kind == Domain.Places.PlaceKind.District,
            cancellationToken),
        _ => ResourceNames.IdPattern().IsMatch(role.ScopeId),
    };

    private async Task RequireMayGiveAsync(Actor actor, RoleAssignment role, CancellationToken cancellationToken)
    {
        if (role.Role is Role.DistrictStaff or Role.DistrictSupervisor or Role.ProviderStaff)
        {
            actor.RequireDistrictRole($"give or take the role {role}", changes: true,
                role.Role == Role.ProviderStaff ? null : role.ScopeId);
            return;
        }
        var institutions = role.Role == Role.InstitutionStaff
            ? await db.Institutions.AsNoTracking().Where(i => i.Id == role.ScopeId).ToDictionaryAsync(i => i.Id, i => i.PlaceCode, cancellationToken)
            : [];
        actor.RequireManage(JurisdictionOf(role, institutions), $"give or take the role {role}");
    }

    private static Jurisdiction JurisdictionOf(RoleAssignment role, IReadOnlyDictionary<string, string> institutionPlaces) => role.Role switch
    {
        Role.InstitutionStaff => new Jurisdiction(institutionPlaces.GetValueOrDefault(role.ScopeId, "?"), role.ScopeId),
        Role.ProviderStaff => new Jurisdiction("?", null, [role.ScopeId]),
        _ => Jurisdiction.OfPlace(role.ScopeId),
    };

    private async Task<AccountView> ViewAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken)
                      ?? throw Problem.NotFound(ResourceNames.Account(accountId));
        var roles = await db.Set<AccountRole>().AsNoTracking().Where(r => r.AccountId == accountId)
            .Select(r => new RoleAssignment(r.Role, r.ScopeId)).ToListAsync(cancellationToken);
        return new AccountView(account.Id, account.UserName ?? "", account.DisplayName, account.ResidentId, roles);
    }
}
