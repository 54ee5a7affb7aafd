using CommunityShare.Domain.Access;
using CommunityShare.Domain.Evaluations;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Audit;
using CommunityShare.Server.Evaluations;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// The demo's evaluations: the default scheme stored, and one published evaluation for the last
/// quarter that has ended — of the first demo contract whose term covers some of it, or else of the
/// Xinzhuang school — made through the evaluation desk as district staff would, so the public page
/// /evaluations is not empty. Idempotent: nothing happens once a scheme is stored.
/// </summary>
public static class DemoEvaluations
{
    public const string DistrictCode = "310112";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CommunityShareDb>();
        if (await db.Set<EvaluationScheme>().AnyAsync(cancellationToken) || !await db.Institutions.AnyAsync(cancellationToken))
        {
            return;
        }
        var clock = services.GetRequiredService<IClock>();
        db.Add(EvaluationScheme.Default(clock.GetCurrentInstant()));
        await db.SaveChangesAsync(cancellationToken);

        var desk = services.GetRequiredService<EvaluationDesk>();
        var district = Actor.Staff("demo-district", new RoleAssignment(Role.DistrictStaff, DistrictCode));
        using var acting = Acting.As(district.ResourceName);
        var quarter = EvaluationDesk.Quarter(EvaluationDesk.PastQuarters(clock.GetCurrentInstant().InZone(IndicatorReadings.Shanghai).Date, 1)[0])!.Value;
        var contract = (await db.ServiceContracts.AsNoTracking().Where(c => c.State != ContractState.Draft).OrderBy(c => c.Id).ToListAsync(cancellationToken))
            .FirstOrDefault(c => c.Start < quarter.To && c.End >= quarter.From);
        var subject = contract is null ? "institutions/school-310112101" : EvaluationDesk.ContractName(contract.ProviderId, contract.Id);
        if (contract is null && !await db.Institutions.AnyAsync(i => i.Id == "school-310112101", cancellationToken))
        {
            return;
        }
        var made = await desk.CreateAsync(district, subject, quarter.From, quarter.To.PlusDays(-1), null, null, new Domain.Violations(), cancellationToken);
        made = await desk.AdjustAsync(district, made.Id, 2, "开放时段公告及时，居民评价较好（演示数据）", null, null, new Domain.Violations(), cancellationToken);
        made = await desk.ConfirmAsync(district, made.Id, null, null, cancellationToken);
        await desk.PublishAsync(district, made.Id, null, null, cancellationToken);
    }
}
