using CommunityShare.Contracts.V1;
using Grpc.Core;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.AuthorizationMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// Providers' and contracts' rows of the authorization matrix. The provider prov-m is registered by
/// the Xinzhuang office's place (310112101); each cell's contract is a fresh one signed at Xinzhuang
/// for hall-x, with a one-day term of its own years ahead (so no two activated cells overlap).
/// Provider staff have no column here: their scope is tested in Providers/ProviderScopeTests.
/// </summary>
public static class ContractsMatrix
{
    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    /// <summary>What the Xinzhuang office (the contracting office) and the district change.</summary>
    private static readonly Outcome[] ContractingOffice = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];
    /// <summary>Contracts signed at Xinzhuang seen by its office, the supervisor and the district.</summary>
    private static readonly Outcome[] ContractReaders = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok];

    public static readonly Entry[] Rows =
    [
        new("ProviderService/GetProvider", async (s, a, me) =>
        {
            await ProviderAsync(s);
            await Providers(me).GetProviderAsync(new GetProviderRequest { Name = "providers/prov-m" });
        }, Public),
        new("ProviderService/ListProviders", (s, a, me) => Providers(me).ListProvidersAsync(new ListProvidersRequest()).ResponseAsync, Public),
        new("ProviderService/CreateProvider", (s, a, me) => Providers(me).CreateProviderAsync(new CreateProviderRequest
        {
            ProviderId = $"prov-{s.Next()}",
            Provider = NewProvider(),
        }).ResponseAsync, ContractingOffice),
        new("ProviderService/UpdateProvider", async (s, a, me) =>
        {
            await ProviderAsync(s);
            await Providers(me).UpdateProviderAsync(new UpdateProviderRequest
            {
                Provider = new Provider { Name = "providers/prov-m", Description = "更新 " + s.Next() },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "description" } },
            });
        }, ContractingOffice),
        new("ContractService/GetContract", async (s, a, me) =>
        {
            var contract = await DraftAsync(s);
            await Contracts(me).GetContractAsync(new GetContractRequest { Name = contract.Name });
        }, ContractReaders),
        new("ContractService/ListContracts", (s, a, me) => Contracts(me).ListContractsAsync(new ListContractsRequest()).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("ContractService/ListContractReminders", async (s, a, me) =>
        {
            var contract = await DraftAsync(s);
            await Contracts(me).ListContractRemindersAsync(new ListContractRemindersRequest { Parent = contract.Name });
        }, ContractReaders),
        new("ContractService/CreateContract", async (s, a, me) =>
        {
            await ProviderAsync(s);
            await Contracts(me).CreateContractAsync(new CreateContractRequest { Contract = Terms(s.Next()) });
        }, ContractingOffice),
        new("ContractService/UpdateContract", async (s, a, me) =>
        {
            var contract = await DraftAsync(s);
            await Contracts(me).UpdateContractAsync(new UpdateContractRequest
            {
                Contract = new Contract { Name = contract.Name, Title = "改名 " + s.Next() },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title" } },
            });
        }, ContractingOffice),
        new("ContractService/ActivateContract", async (s, a, me) =>
        {
            var contract = await DraftAsync(s);
            await Contracts(me).ActivateContractAsync(new ChangeContractStateRequest { Name = contract.Name });
        }, ContractingOffice),
        new("ContractService/SuspendContract", async (s, a, me) =>
        {
            var contract = await ActiveAsync(s);
            await Contracts(me).SuspendContractAsync(new ChangeContractStateRequest { Name = contract.Name, Reason = "整改" });
        }, ContractingOffice),
        new("ContractService/ResumeContract", async (s, a, me) =>
        {
            var contract = await ActiveAsync(s);
            await Contracts(s.F.Channel().CreateCallInvoker()).SuspendContractAsync(new ChangeContractStateRequest { Name = contract.Name, Reason = "整改" });
            await Contracts(me).ResumeContractAsync(new ChangeContractStateRequest { Name = contract.Name });
        }, ContractingOffice),
        new("ContractService/EndContract", async (s, a, me) =>
        {
            var contract = await ActiveAsync(s);
            await Contracts(me).EndContractAsync(new ChangeContractStateRequest { Name = contract.Name });
        }, ContractingOffice),
        new("ContractService/TerminateContract", async (s, a, me) =>
        {
            var contract = await ActiveAsync(s);
            await Contracts(me).TerminateContractAsync(new ChangeContractStateRequest { Name = contract.Name, Reason = "严重违约" });
        }, ContractingOffice),
    ];

    private static ProviderService.ProviderServiceClient Providers(CallInvoker me) => new(me);

    private static ContractService.ContractServiceClient Contracts(CallInvoker me) => new(me);

    internal static Provider NewProvider() => new()
    {
        DisplayName = "莘庄体育管理有限公司",
        Kind = Provider.Types.Kind.Company,
        CreditCode = "91310112MA1G000001",
        Place = "places/310112101",
    };

    /// <summary>A management contract for hall-x with a one-day term, <paramref name="n"/> days after 2030-01-01.</summary>
    internal static Contract Terms(int n)
    {
        var day = new NodaTime.LocalDate(2030, 1, 1).PlusDays(n);
        return new Contract
        {
            Provider = "providers/prov-m",
            Title = "莘庄活动室管理承包",
            Kind = Contract.Types.Kind.ManagementContract,
            ContractingPlace = "places/310112101",
            StartDate = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day },
            EndDate = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day },
            Value = new Google.Type.Money { CurrencyCode = "CNY", Units = 100000 },
            Facilities = { "facilities/hall-x" },
        };
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MatrixScenario, Task> Registered = [];

    /// <summary>Once per scenario: prov-m, registered at Xinzhuang by the district.</summary>
    internal static Task ProviderAsync(MatrixScenario s) => Registered.GetValue(s, x =>
        new ProviderService.ProviderServiceClient(x.F.Channel()).CreateProviderAsync(new CreateProviderRequest { ProviderId = "prov-m", Provider = NewProvider() })
            .ResponseAsync);

    /// <summary>A fresh draft, written by the district.</summary>
    internal static async Task<Contract> DraftAsync(MatrixScenario s)
    {
        await ProviderAsync(s);
        return await new ContractService.ContractServiceClient(s.F.Channel()).CreateContractAsync(new CreateContractRequest { Contract = Terms(s.Next()) });
    }

    /// <summary>A fresh signed contract.</summary>
    internal static async Task<Contract> ActiveAsync(MatrixScenario s)
    {
        var draft = await DraftAsync(s);
        return await new ContractService.ContractServiceClient(s.F.Channel()).ActivateContractAsync(new ChangeContractStateRequest { Name = draft.Name });
    }
}
