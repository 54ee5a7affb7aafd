using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Providers;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// Demo providers and contracts: a sports management company runs two facilities of Xinzhuang's sports
/// training base under a management contract signed by the district (active, this year and the next);
/// a social organisation runs Xinzhuang's community cultural centre rooms under an entrusted-service
/// contract signed by the town, ending 45 days from today (so it is due for an expiry reminder); and a
/// draft procurement contract. Terms are set from today, so the demo looks the same whenever it starts.
/// Seeded once, with the demo data; the account provider01 works for the company.
/// </summary>
public static class DemoProviders
{
    public const string SportsCompany = "minhang-sports";
    public const string SocialOrganisation = "xinzhuang-social";

    public static async Task SeedAsync(CommunityShareDb db, IClock clock, CancellationToken cancellationToken)
    {
        if (await db.Providers.AnyAsync(cancellationToken) || !await db.Facilities.AnyAsync(cancellationToken))
        {
            return;
        }
        var now = clock.GetCurrentInstant();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        var sportsBase = await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == "sports-310112101" && f.ParentFacilityId == null)
            .OrderBy(f => f.Id).Select(f => f.Id).Take(2).ToListAsync(cancellationToken);
        var centre = await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == "centre-310112101" && f.ParentFacilityId == null)
            .OrderBy(f => f.Id).Select(f => f.Id).Take(2).ToListAsync(cancellationToken);
        var school = await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == "school-310112101" && f.ParentFacilityId == null)
            .OrderBy(f => f.Id).Select(f => f.Id).Take(1).ToListAsync(cancellationToken);
        if (sportsBase.Count == 0 || centre.Count == 0)
        {
            return; // another district's places file: no Xinzhuang to contract out
        }

        db.Providers.Add(new Provider(SportsCompany, "上海闵体体育场馆管理有限公司", ProviderKind.Company, "91310112MA1GB3XK2N", "310112",
            "体育场馆运营管理，承接训练基地的公众开放时段。", now));
        db.Providers.Add(new Provider(SocialOrganisation, "莘庄镇邻里社会工作服务社", ProviderKind.SocialOrganisation, "52310112MJ4941728P", "310112101",
            "社区文化活动与为老服务。", now));

        var management = new ServiceContract("demo-management", SportsCompany, new ContractTerms(
            "莘庄体育训练基地公众开放管理承包", ContractKind.ManagementContract, "310112", new LocalDate(today.Year, 1, 1), new LocalDate(today.Year + 1, 12, 31),
            1_280_000m, sportsBase, new ServiceLevels(80, 5, 4.0, 0.4)), now);
        management.Activate(today, now);
        var entrusted = new ServiceContract("demo-entrusted", SocialOrganisation, new ContractTerms(
            "莘庄社区文化活动中心委托运营", ContractKind.EntrustedService, "310112101", today.PlusDays(-320), today.PlusDays(45),
            360_000m, centre, new ServiceLevels(60, 5, 4.2, null)), now);
        entrusted.Activate(today, now);
        db.ServiceContracts.AddRange(management, entrusted);
        if (school.Count > 0)
        {
            db.ServiceContracts.Add(new ServiceContract("demo-procurement", SocialOrganisation, new ContractTerms(
                "莘庄实验学校课后体育服务采购", ContractKind.GovernmentProcurement, "310112101", new LocalDate(today.Year + 1, 1, 1),
                new LocalDate(today.Year + 1, 12, 31), 150_000m, school, new ServiceLevels(20, 5, null, null)), now));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
