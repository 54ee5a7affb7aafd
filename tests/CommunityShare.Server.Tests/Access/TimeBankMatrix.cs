using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CommunityShare.Server.Tests.Access.Outcome;
using Entry = CommunityShare.Server.Tests.Access.AuthorizationMatrixTests.Entry;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The time bank's rows of the authorization matrix: r1's account is read by r1 and by staff who
/// oversee r1's home (Xinzhuang); only r1 gives and redeems r1's coins; the office of the place of
/// service (and the district) deposits and reverses; the district sets the catalogue.
/// </summary>
public static class TimeBankMatrix
{
    private static readonly Outcome[] ReadByOwnerOrHomeOverseers = [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok];
    private static readonly Outcome[] OwnerOnly = [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed];
    private static readonly Outcome[] ManagedByOffice = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];

    public static readonly Entry[] Rows =
    [
        new("TimeBankService/GetTimeAccount", (s, a, me) =>
            Bank(me).GetTimeAccountAsync(new GetTimeAccountRequest { Name = "residents/r1/timeAccount" }).ResponseAsync, ReadByOwnerOrHomeOverseers),
        new("TimeBankService/ListTimeEntries", (s, a, me) =>
            Bank(me).ListTimeEntriesAsync(new ListTimeEntriesRequest { Parent = "residents/r1/timeAccount" }).ResponseAsync, ReadByOwnerOrHomeOverseers),
        new("TimeBankService/ListRedemptions", (s, a, me) =>
            Bank(me).ListRedemptionsAsync(new ListRedemptionsRequest { Parent = "residents/r1" }).ResponseAsync, ReadByOwnerOrHomeOverseers),
        // r1 gives to r1's mother (same household); nobody else gives r1's coins.
        new("TimeBankService/GiftTime", async (s, a, me) =>
        {
            await FamilyAsync(s);
            await DepositAsync(s, 30);
            await Bank(me).GiftTimeAsync(new GiftTimeRequest { Account = "residents/r1/timeAccount", Recipient = "residents/tb-mum", Minutes = 30 });
        }, OwnerOnly),
        new("TimeBankService/CreateRedemption", async (s, a, me) =>
        {
            await DepositAsync(s, 60);
            await Bank(me).CreateRedemptionAsync(new CreateRedemptionRequest { Parent = "residents/r1", Redemption = new Redemption { Item = "extra-booking" } });
        }, OwnerOnly),
        new("TimeBankService/GetRedemptionCatalogue", (s, a, me) =>
            Bank(me).GetRedemptionCatalogueAsync(new GetRedemptionCatalogueRequest()).ResponseAsync, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("TimeBankService/UpdateRedemptionCatalogue", async (s, a, me) =>
        {
            var catalogue = await Bank(s.Invoker(Actors.Anonymous)).GetRedemptionCatalogueAsync(new GetRedemptionCatalogueRequest());
            catalogue.Etag = "";
            await Bank(me).UpdateRedemptionCatalogueAsync(new UpdateRedemptionCatalogueRequest { RedemptionCatalogue = catalogue });
        }, [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        // Service given in Xinzhuang's neighbourhood: its office and the district record it.
        new("TimeBankService/DepositTime", (s, a, me) => Bank(me).DepositTimeAsync(DepositRequest(s.Next())).ResponseAsync, ManagedByOffice),
        new("TimeBankService/ReverseTimeEntry", async (s, a, me) =>
        {
            var deposit = await DepositAsync(s, 60);
            await Bank(me).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = deposit.Name, Reason = "录入错误" });
        }, ManagedByOffice),
    ];

    private static TimeBankService.TimeBankServiceClient Bank(CallInvoker me) => new(me);

    private static DepositTimeRequest DepositRequest(int n, long minutes = 60) => new()
    {
        Account = "residents/r1/timeAccount",
        Minutes = minutes,
        Source = $"volunteers/r1/serviceRecords/matrix-{n}",
        Place = "places/310112101001",
        Note = "周六操场开放值守",
    };

    /// <summary>Fresh coins for r1, deposited by district staff.</summary>
    internal static async Task<TimeEntry> DepositAsync(MatrixScenario s, long minutes) =>
        await new TimeBankService.TimeBankServiceClient(s.F.Channel()).DepositTimeAsync(DepositRequest(s.Next(), minutes));

    /// <summary>Each scenario (the gRPC and the page matrix have one each) gets r1's family once.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MatrixScenario, Task> Families = [];

    /// <summary>Once per scenario: r1's mother, tb-mum, in r1's household.</summary>
    internal static Task FamilyAsync(MatrixScenario s) => Families.GetValue(s, MakeFamilyAsync);

    private static async Task MakeFamilyAsync(MatrixScenario s)
    {
        await s.F.AddResidentAsync("tb-mum", "310112101001", "王秀英", new NodaTime.LocalDate(1950, 3, 1));
        var residents = new ResidentService.ResidentServiceClient(s.F.Channel());
        foreach (var id in new[] { "r1", "tb-mum" })
        {
            await residents.UpdateResidentAsync(new UpdateResidentRequest
            {
                Resident = new Resident { Name = "residents/" + id, Household = "h-matrix" },
                UpdateMask = new FieldMask { Paths = { "household" } },
            });
        }
    }
}
