using CommunityShare.Domain.Access;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// Sign-in accounts for every role of the demo district, all with <see cref="Password"/> (listed in
/// the README). Seeded with the demo data, and only on a database that has no account yet.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "Minhang-demo-2026";

    private static readonly (string UserName, string DisplayName, string? ResidentId, RoleAssignment[] Roles)[] Accounts =
    [
        ("district.admin", "闵行区管理员", null, [new(Role.DistrictStaff, "310112")]),
        ("district.supervisor", "闵行区监督员", null, [new(Role.DistrictSupervisor, "310112")]),
        ("xinzhuang.office", "莘庄镇受理中心", null, [new(Role.StreetOfficeStaff, "310112101")]),
        ("gumei.office", "古美街道受理中心", null, [new(Role.StreetOfficeStaff, "310112006")]),
        ("xinzhuang.school", "莘庄实验学校", null, [new(Role.InstitutionStaff, "school-310112101")]),
        ("xinzhuang.health", "莘庄社区卫生服务中心", null, [new(Role.InstitutionStaff, "health-310112101")]),
        ("provider01", "闵体场馆管理", null, [new(Role.ProviderStaff, DemoProviders.SportsCompany)]),
        ("resident01", "居民一", "demo-resident-01", []),
        ("resident02", "居民二", "demo-resident-02", []),
    ];

    public static async Task SeedAsync(CommunityShareDb db, UserManager<Account> users)
    {
        if (await db.Users.AnyAsync())
        {
            return;
        }
        foreach (var (userName, displayName, residentId, roles) in Accounts)
        {
            var account = new Account { UserName = userName, DisplayName = displayName, ResidentId = residentId };
            var created = await users.CreateAsync(account, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {userName}: {string.Join("; ", created.Errors.Select(e => e.Code))}");
            }
            db.Set<AccountRole>().AddRange(roles.Select(r => new AccountRole { AccountId = account.Id, Role = r.Role, ScopeId = r.ScopeId }));
        }
        await db.SaveChangesAsync();
    }
}
