using CommunityShare.Contracts.V1;
using CommunityShare.Server.Data.Seeding;
using CommunityShare.Server.Providers;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityShare.Server.Tests.Providers;

/// <summary>The demo district's providers: provider01 works for the sports company and runs its two facilities; the entrusted contract is due for its expiry reminder.</summary>
public sealed class DemoProvidersTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new(seedDemoData: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<Metadata> SignInAsync(string userName)
    {
        var session = await new AccountService.AccountServiceClient(_f.Channel(null))
            .SignInAsync(new SignInRequest { UserName = userName, Password = DemoAccounts.Password });
        return new Metadata { { "authorization", "Bearer " + session.AccessToken } };
    }

    [Fact]
    public async Task Provider01_signs_in_as_the_sports_company_and_sees_its_running_contract_and_facilities()
    {
        var auth = await SignInAsync("provider01");
        var me = await new AccountService.AccountServiceClient(_f.Channel(null)).GetCurrentAccountAsync(new GetCurrentAccountRequest(), auth);
        var contracts = await new ContractService.ContractServiceClient(_f.Channel(null)).ListContractsAsync(new ListContractsRequest(), auth);

        Assert.Equal(["provider=" + DemoProviders.SportsCompany], me.Roles);
        var contract = Assert.Single(contracts.Contracts);
        Assert.True(contract.Running);
        Assert.Equal(Contract.Types.Kind.ManagementContract, contract.Kind);
        Assert.Equal(2, contract.Facilities.Count);
        var facility = await _f.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = contract.Facilities[0] });
        Assert.Equal("providers/" + DemoProviders.SportsCompany, facility.Operator.Provider);
    }

    [Fact]
    public async Task The_entrusted_contract_is_reminded_as_expiring_and_the_others_are_not()
    {
        await using var scope = _f.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ContractReminders>().RunAsync(CancellationToken.None);

        var reminders = await new ContractService.ContractServiceClient(_f.Channel())
            .ListContractRemindersAsync(new ListContractRemindersRequest { Parent = "contracts/demo-entrusted" });
        var management = await new ContractService.ContractServiceClient(_f.Channel())
            .ListContractRemindersAsync(new ListContractRemindersRequest { Parent = "contracts/demo-management" });

        Assert.Contains(reminders.Reminders, r => r.Kind == ContractReminder.Types.Kind.Expiring);
        Assert.DoesNotContain(management.Reminders, r => r.Kind == ContractReminder.Types.Kind.Expiring);
    }
}
