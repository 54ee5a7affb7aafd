using CommunityShare.Domain.Providers;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Tests.Providers;

public sealed class ContractStorageTests
{
    [Fact]
    public async Task A_contract_is_stored_with_its_scope_and_service_levels_and_found_by_facility()
    {
        await using var f = new ServerFixture();
        var now = f.Clock.GetCurrentInstant();
        await f.WithDbAsync(async db =>
        {
            db.Providers.Add(new Provider("prov-1", "闵行体育管理有限公司", ProviderKind.Company, "91310112MA1G000001", "310112", "", now));
            var contract = new ServiceContract("c1", "prov-1", new ContractTerms("管理承包", ContractKind.ManagementContract, "310112101",
                new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), 1_234_567.89m, ["f-a", "f-b"], new ServiceLevels(40, 5, null, 0.4)), now);
            contract.Activate(new LocalDate(2026, 6, 10), now);
            db.ServiceContracts.Add(contract);
            return await db.SaveChangesAsync();
        });

        var (loaded, covering) = await f.WithDbAsync(async db => (
            await db.ServiceContracts.AsNoTracking().SingleAsync(),
            await db.ServiceContracts.AsNoTracking().Where(c => c.FacilityIds.Contains("f-b")).Select(c => c.Id).ToListAsync()));

        Assert.Equal(["f-a", "f-b"], loaded.FacilityIds);
        Assert.Equal(new ServiceLevels(40, 5, null, 0.4), loaded.Levels);
        Assert.Equal(1_234_567.89m, loaded.Value);
        Assert.Equal(ContractState.Active, loaded.State);
        Assert.True(loaded.Runs("f-a", new LocalDate(2026, 6, 10)));
        Assert.Equal(["c1"], covering);
    }
}
