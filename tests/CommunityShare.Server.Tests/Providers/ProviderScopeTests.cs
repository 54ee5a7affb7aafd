using CommunityShare.Contracts.V1;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Providers;

/// <summary>
/// Provider staff manage the facilities of their running contracts as institution staff would — within
/// the contract's scope and term only. Xinzhuang's office contracts court-x and hall-x of school-1 to
/// prov-1 for June–August 2026; court-x2 of school-1 and court-q (Qibao) stay outside the scope.
/// </summary>
public sealed class ProviderScopeTests : IAsyncLifetime
{
    private const string ProviderStaff = "staff:p1:provider=prov-1";
    private const string OtherProviderStaff = "staff:p2:provider=prov-2";
    private static readonly LocalDate Start = new(2026, 6, 1);
    private static readonly LocalDate End = new(2026, 8, 31);
    private readonly ServerFixture _f = new();
    private Contract _contract = null!;

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await FacilityAsync(_f, "hall-x", OpenDaily("莘庄活动室", 50));
        await FacilityAsync(_f, "court-x2", OpenDaily("莘庄网球场", 1));
        _contract = await Contracts.SignedAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x", "facilities/hall-x");
        await Contracts.SignedAsync(_f, "prov-2", "c-2", Start, End, "facilities/court-x2");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private FacilityService.FacilityServiceClient Facilities(string actor = ProviderStaff) => _f.Facilities(actor);

    private Task<Blackout> BlackoutAsync(string facility, string actor = ProviderStaff) => Facilities(actor).CreateBlackoutAsync(new CreateBlackoutRequest
    {
        Parent = facility,
        Blackout = new Blackout
        {
            StartTime = ToTimestamp(new LocalDate(2026, 6, 20).At(new LocalTime(12, 0)).InZoneStrictly(Shanghai).ToInstant()),
            EndTime = ToTimestamp(new LocalDate(2026, 6, 20).At(new LocalTime(14, 0)).InZoneStrictly(Shanghai).ToInstant()),
            Reason = Blackout.Types.Reason.Maintenance,
        },
    }).ResponseAsync;

    private Task<Facility> RenameAsync(string facility, string actor = ProviderStaff) => Facilities(actor).UpdateFacilityAsync(new UpdateFacilityRequest
    {
        Facility = new Facility { Name = facility, DisplayName = "改名的场地" },
        UpdateMask = new FieldMask { Paths = { "display_name" } },
    }).ResponseAsync;

    [Fact]
    public async Task In_scope_during_the_term_provider_staff_edit_the_facility_set_blackouts_and_see_its_bookings()
    {
        await _f.AddResidentAsync("r1", "310112101001");
        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall-x", Booking = Slot(new LocalDate(2026, 6, 11), 10) });

        var renamed = await RenameAsync("facilities/court-x");
        var blackout = await BlackoutAsync("facilities/hall-x");
        var bookings = await _f.Bookings(ProviderStaff).ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/hall-x" });
        var seen = await _f.Bookings(ProviderStaff).GetBookingAsync(new GetBookingRequest { Name = booking.Name });

        Assert.Equal("改名的场地", renamed.DisplayName);
        Assert.StartsWith("facilities/hall-x/blackouts/", blackout.Name);
        Assert.Contains(bookings.Bookings, b => b.Name == booking.Name);
        Assert.Equal(booking.Name, seen.Name);
    }

    [Fact]
    public async Task Provider_staff_check_residents_in_and_mark_no_shows_at_the_door_of_a_facility_in_scope_only()
    {
        await _f.AddResidentAsync("r1", "310112101001");
        var tomorrow = new LocalDate(2026, 6, 11);
        var inScope = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(tomorrow, 10) });
        var noShow = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall-x", Booking = Slot(tomorrow, 12) });
        var outside = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x2", Booking = Slot(tomorrow, 10) });
        _f.Clock.Reset(tomorrow.At(new LocalTime(9, 55)).InZoneStrictly(Shanghai).ToInstant());

        var checkedIn = await _f.Bookings(ProviderStaff).CheckInBookingAsync(new CheckInBookingRequest { Name = inScope.Name, CheckInCode = inScope.CheckInCode });
        var refused = await Assert.ThrowsAsync<RpcException>(() => _f.Bookings(ProviderStaff)
            .CheckInBookingAsync(new CheckInBookingRequest { Name = outside.Name, CheckInCode = outside.CheckInCode }).ResponseAsync);
        _f.Clock.Reset(tomorrow.At(new LocalTime(12, 20)).InZoneStrictly(Shanghai).ToInstant());
        var marked = await _f.Bookings(ProviderStaff).MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = noShow.Name });

        Assert.Equal(Booking.Types.State.CheckedIn, checkedIn.State);
        Assert.Equal("NOT_IN_SCOPE", Reason(refused));
        Assert.Equal(Booking.Types.State.NoShow, marked.State);
    }

    [Fact]
    public async Task A_facility_outside_the_scope_is_NOT_IN_SCOPE_even_at_the_same_institution()
    {
        var sameInstitution = await Assert.ThrowsAsync<RpcException>(() => RenameAsync("facilities/court-x2"));
        var otherTown = await Assert.ThrowsAsync<RpcException>(() => BlackoutAsync("facilities/court-q"));

        Assert.Equal(StatusCode.PermissionDenied, sameInstitution.StatusCode);
        Assert.Equal("NOT_IN_SCOPE", Reason(sameInstitution));
        Assert.Equal("NOT_IN_SCOPE", Reason(otherTown));
    }

    [Fact]
    public async Task Before_the_start_the_provider_manages_nothing()
    {
        _f.Clock.Reset(Instant.FromUtc(2026, 5, 31, 15, 59)); // 23:59 on 31 May in Shanghai

        var before = await Assert.ThrowsAsync<RpcException>(() => RenameAsync("facilities/court-x"));
        _f.Clock.Advance(Duration.FromMinutes(1)); // midnight: 1 June, the first day of the term
        var first = await RenameAsync("facilities/court-x");

        Assert.Equal("NOT_IN_SCOPE", Reason(before));
        Assert.Equal("改名的场地", first.DisplayName);
    }

    [Fact]
    public async Task After_the_end_the_provider_manages_nothing()
    {
        _f.Clock.Reset(Instant.FromUtc(2026, 8, 31, 15, 59)); // 23:59 on the last day
        await RenameAsync("facilities/court-x");

        _f.Clock.Advance(Duration.FromMinutes(1));
        var after = await Assert.ThrowsAsync<RpcException>(() => RenameAsync("facilities/court-x"));

        Assert.Equal("NOT_IN_SCOPE", Reason(after));
    }

    [Fact]
    public async Task Suspended_terminated_and_ended_contracts_stop_the_provider_at_once_and_resuming_restores_it()
    {
        var contracts = new ContractService.ContractServiceClient(_f.Channel());
        await contracts.SuspendContractAsync(new ChangeContractStateRequest { Name = _contract.Name, Reason = "整改" });
        var suspended = await Assert.ThrowsAsync<RpcException>(() => BlackoutAsync("facilities/hall-x"));
        await contracts.ResumeContractAsync(new ChangeContractStateRequest { Name = _contract.Name });
        await BlackoutAsync("facilities/hall-x");
        await contracts.TerminateContractAsync(new ChangeContractStateRequest { Name = _contract.Name, Reason = "严重违约" });
        var terminated = await Assert.ThrowsAsync<RpcException>(() => BlackoutAsync("facilities/hall-x"));

        Assert.Equal("NOT_IN_SCOPE", Reason(suspended));
        Assert.Equal("NOT_IN_SCOPE", Reason(terminated));
    }

    [Fact]
    public async Task An_ended_contract_stops_the_provider()
    {
        await new ContractService.ContractServiceClient(_f.Channel()).EndContractAsync(new ChangeContractStateRequest { Name = _contract.Name });

        var ended = await Assert.ThrowsAsync<RpcException>(() => RenameAsync("facilities/court-x"));

        Assert.Equal("NOT_IN_SCOPE", Reason(ended));
    }

    [Fact]
    public async Task A_providers_staff_never_see_another_providers_contracts()
    {
        var contracts = new ContractService.ContractServiceClient(_f.Channel(ProviderStaff));

        var all = await contracts.ListContractsAsync(new ListContractsRequest());
        var asked = await contracts.ListContractsAsync(new ListContractsRequest { Provider = "providers/prov-2" });
        var other = await Assert.ThrowsAsync<RpcException>(() => contracts.GetContractAsync(new GetContractRequest { Name = "contracts/c-2" }).ResponseAsync);
        var own = await contracts.GetContractAsync(new GetContractRequest { Name = "contracts/c-1" });
        var otherStaff = await Assert.ThrowsAsync<RpcException>(() => RenameAsync("facilities/court-x", OtherProviderStaff));

        Assert.Equal(["contracts/c-1"], all.Contracts.Select(c => c.Name));
        Assert.Empty(asked.Contracts);
        Assert.Equal("NOT_IN_SCOPE", Reason(other));
        Assert.Equal("NOT_IN_SCOPE", Reason(otherStaff));
        Assert.True(own.Running);
    }

    [Fact]
    public async Task Provider_staff_cannot_change_contracts_even_their_own()
    {
        var contracts = new ContractService.ContractServiceClient(_f.Channel(ProviderStaff));

        var e = await Assert.ThrowsAsync<RpcException>(() => contracts.SuspendContractAsync(new ChangeContractStateRequest { Name = _contract.Name, Reason = "x" }).ResponseAsync);

        Assert.Equal("NOT_IN_SCOPE", Reason(e));
    }

    [Fact]
    public async Task A_facility_run_under_a_contract_shows_its_operator()
    {
        var court = await _f.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = "facilities/court-x" });
        var qibao = await _f.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = "facilities/court-q" });

        Assert.Equal("providers/prov-1", court.Operator.Provider);
        Assert.Equal("服务商prov-1", court.Operator.ProviderDisplayName);
        Assert.Equal(Contract.Types.Kind.ManagementContract, court.Operator.ContractKind);
        Assert.Equal("contracts/c-1", court.Operator.Contract);
        Assert.Null(qibao.Operator);
    }
}

/// <summary>Contracts as the tests need them, written by the district.</summary>
internal static class Contracts
{
    public static async Task<Contract> SignedAsync(ServerFixture f, string providerId, string contractId, LocalDate start, LocalDate end,
        params string[] facilities)
    {
        var draft = await DraftAsync(f, providerId, contractId, start, end, facilities);
        return await new ContractService.ContractServiceClient(f.Channel()).ActivateContractAsync(new ChangeContractStateRequest { Name = draft.Name });
    }

    public static async Task<Contract> DraftAsync(ServerFixture f, string providerId, string contractId, LocalDate start, LocalDate end,
        params string[] facilities)
    {
        var providers = new ProviderService.ProviderServiceClient(f.Channel());
        try
        {
            await providers.GetProviderAsync(new GetProviderRequest { Name = "providers/" + providerId });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            await providers.CreateProviderAsync(new CreateProviderRequest
            {
                ProviderId = providerId,
                Provider = new Provider { DisplayName = "服务商" + providerId, Kind = Provider.Types.Kind.Company, Place = "places/310112" },
            });
        }
        return await new ContractService.ContractServiceClient(f.Channel()).CreateContractAsync(new CreateContractRequest
        {
            ContractId = contractId,
            Contract = Terms(providerId, start, end, facilities),
        });
    }

    public static Contract Terms(string providerId, LocalDate start, LocalDate end, params string[] facilities) => new()
    {
        Provider = "providers/" + providerId,
        Title = "场馆管理承包",
        Kind = Contract.Types.Kind.ManagementContract,
        ContractingPlace = "places/310112101",
        StartDate = start.ToDate(),
        EndDate = end.ToDate(),
        Value = new Google.Type.Money { CurrencyCode = "CNY", Units = 1_200_000 },
        Facilities = { facilities },
        ServiceLevels = new ServiceLevels { OpenHoursPerWeek = 100 },
    };

    public static Google.Type.Date ToDate(this LocalDate date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
