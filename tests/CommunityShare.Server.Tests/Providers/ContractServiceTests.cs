using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using FieldMask = Google.Protobuf.WellKnownTypes.FieldMask;

namespace CommunityShare.Server.Tests.Providers;

/// <summary>Contracts over gRPC: every problem at once, valid transitions only, request_id, etag and the audit trail.</summary>
public sealed class ContractServiceTests : IAsyncLifetime
{
    private static readonly LocalDate Start = new(2026, 7, 1);
    private static readonly LocalDate End = new(2027, 6, 30);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync() => await TwoTownsAsync(_f);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ContractService.ContractServiceClient Desk(string actor = "staff:admin") => new(_f.Channel(actor));

    [Fact]
    public async Task A_draft_keeps_what_was_written_and_is_not_running()
    {
        var draft = await Contracts.DraftAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x");

        Assert.Equal(Contract.Types.State.Draft, draft.State);
        Assert.False(draft.Running);
        Assert.Equal("providers/prov-1", draft.Provider);
        Assert.Equal("服务商prov-1", draft.ProviderDisplayName);
        Assert.Equal(["facilities/court-x"], draft.Facilities);
        Assert.Equal(1_200_000, draft.Value.Units);
        Assert.Equal(100, draft.ServiceLevels.OpenHoursPerWeek);
        Assert.False(draft.ServiceLevels.HasComplaintResponseWorkingDays);
    }

    [Fact]
    public async Task Every_problem_of_a_contract_is_told_at_once()
    {
        await Contracts.DraftAsync(_f, "prov-1", "c-0", Start, End, "facilities/court-x");
        var terms = Contracts.Terms("prov-1", End, Start, "facilities/court-q", "facilities/nowhere");
        terms.Title = "";
        terms.ServiceLevels = new ServiceLevels { MinSatisfaction = 7, ComplaintResponseWorkingDays = 0 };
        terms.Value = new Google.Type.Money { CurrencyCode = "USD", Units = 1 };

        var e = await Assert.ThrowsAsync<RpcException>(() => Desk().CreateContractAsync(new CreateContractRequest { Contract = terms }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var problems = FieldViolations(e).Select(v => (v.Field, v.Description.Length > 0)).Select(v => v.Field).ToArray();
        Assert.Equal(
            new[]
            {
                "contract.value.currency_code", "contract.title", "contract.end_date", "contract.service_levels.complaint_response_working_days",
                "contract.service_levels.min_satisfaction", "contract.facilities[0]", "contract.facilities[1]",
            }.Order(), problems.Order());
        var reasons = FieldViolations(e).ToDictionary(v => v.Field, v => v.Reason);
        Assert.Equal("FACILITY_OUTSIDE_PLACE", reasons["contract.facilities[0]"]);
        Assert.Equal("NOT_FOUND", reasons["contract.facilities[1]"]);
        Assert.Equal(1, await _f.WithDbAsync(db => Task.FromResult(db.ServiceContracts.Count())));
    }

    [Fact]
    public async Task The_contracting_office_must_be_the_district_a_town_or_a_subdistrict()
    {
        await Contracts.DraftAsync(_f, "prov-1", "c-0", Start, End, "facilities/court-x");
        var terms = Contracts.Terms("prov-1", Start, End, "facilities/court-x");
        terms.ContractingPlace = "places/310112101001";

        var e = await Assert.ThrowsAsync<RpcException>(() => Desk().CreateContractAsync(new CreateContractRequest { Contract = terms }).ResponseAsync);

        Assert.Equal("PLACE_KIND_NOT_ALLOWED", FieldViolations(e).Single(v => v.Field == "contract.contracting_place").Reason);
    }

    [Fact]
    public async Task States_change_only_along_valid_transitions()
    {
        var draft = await Contracts.DraftAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x");
        var resumeDraft = await Assert.ThrowsAsync<RpcException>(() => Desk().ResumeContractAsync(new ChangeContractStateRequest { Name = draft.Name }).ResponseAsync);
        var active = await Desk().ActivateContractAsync(new ChangeContractStateRequest { Name = draft.Name });
        var again = await Assert.ThrowsAsync<RpcException>(() => Desk().ActivateContractAsync(new ChangeContractStateRequest { Name = draft.Name }).ResponseAsync);
        var edit = await Assert.ThrowsAsync<RpcException>(() => Desk().UpdateContractAsync(new UpdateContractRequest
        {
            Contract = new Contract { Name = draft.Name, Title = "改" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }).ResponseAsync);
        var suspended = await Desk().SuspendContractAsync(new ChangeContractStateRequest { Name = draft.Name, Reason = "整改" });
        var ended = await Desk().EndContractAsync(new ChangeContractStateRequest { Name = draft.Name });
        var terminate = await Assert.ThrowsAsync<RpcException>(() => Desk().TerminateContractAsync(new ChangeContractStateRequest { Name = draft.Name, Reason = "x" }).ResponseAsync);

        Assert.All([resumeDraft, again, edit, terminate], x =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, x.StatusCode);
            Assert.Equal("STATE_DOES_NOT_ALLOW", Reason(x));
        });
        Assert.Equal(Contract.Types.State.Active, active.State);
        Assert.True(active.Running is false); // signed for July: not running on 10 June
        Assert.Equal("整改", suspended.SuspensionReason);
        Assert.Equal(Contract.Types.State.Ended, ended.State);
    }

    [Fact]
    public async Task Suspending_and_terminating_need_a_reason()
    {
        var contract = await Contracts.SignedAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x");

        var suspend = await Assert.ThrowsAsync<RpcException>(() => Desk().SuspendContractAsync(new ChangeContractStateRequest { Name = contract.Name }).ResponseAsync);
        var terminate = await Assert.ThrowsAsync<RpcException>(() => Desk().TerminateContractAsync(new ChangeContractStateRequest { Name = contract.Name, Reason = " " }).ResponseAsync);
        var done = await Desk().TerminateContractAsync(new ChangeContractStateRequest { Name = contract.Name, Reason = "严重违约" });

        Assert.Equal("reason", FieldViolations(suspend).Single().Field);
        Assert.Equal("REQUIRED", FieldViolations(terminate).Single().Reason);
        Assert.Equal(Contract.Types.State.Terminated, done.State);
        Assert.Equal("严重违约", done.TerminationReason);
    }

    [Fact]
    public async Task A_facility_is_never_run_under_two_signed_contracts_at_once()
    {
        await Contracts.SignedAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x");
        var overlapping = await Contracts.DraftAsync(_f, "prov-2", "c-2", End, End.PlusYears(1), "facilities/court-x");
        var after = await Contracts.DraftAsync(_f, "prov-2", "c-3", End.PlusDays(1), End.PlusYears(1), "facilities/court-x");

        var e = await Assert.ThrowsAsync<RpcException>(() => Desk().ActivateContractAsync(new ChangeContractStateRequest { Name = overlapping.Name }).ResponseAsync);
        var next = await Desk().ActivateContractAsync(new ChangeContractStateRequest { Name = after.Name });

        Assert.Equal("FACILITY_ALREADY_CONTRACTED", Reason(e));
        Assert.Equal(Contract.Types.State.Active, next.State);
    }

    [Fact]
    public async Task A_term_already_over_cannot_be_signed()
    {
        var draft = await Contracts.DraftAsync(_f, "prov-1", "c-1", new LocalDate(2025, 1, 1), new LocalDate(2026, 6, 9), "facilities/court-x");

        var e = await Assert.ThrowsAsync<RpcException>(() => Desk().ActivateContractAsync(new ChangeContractStateRequest { Name = draft.Name }).ResponseAsync);

        Assert.Equal("CONTRACT_TERM_OVER", Reason(e));
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_changes_nothing_twice_and_a_stale_etag_is_aborted()
    {
        await Contracts.DraftAsync(_f, "prov-1", "c-0", Start, End, "facilities/court-x");
        var request = new CreateContractRequest { RequestId = "req-1", Contract = Contracts.Terms("prov-1", Start, End, "facilities/court-x") };
        var first = await Desk().CreateContractAsync(request);
        var retry = await Desk().CreateContractAsync(request);
        var update = new UpdateContractRequest
        {
            Contract = new Contract { Name = first.Name, Title = "新标题", Etag = first.Etag },
            UpdateMask = new FieldMask { Paths = { "title" } },
        };
        var updated = await Desk().UpdateContractAsync(update);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Desk().UpdateContractAsync(update).ResponseAsync);

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal(2, await _f.WithDbAsync(db => Task.FromResult(db.ServiceContracts.Count())));
        Assert.Equal("新标题", updated.Title);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [Fact]
    public async Task Every_change_is_on_the_audit_trail()
    {
        var contract = await Contracts.SignedAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x");
        await Desk().SuspendContractAsync(new ChangeContractStateRequest { Name = contract.Name, Reason = "整改" });

        var trail = (await new AuditService.AuditServiceClient(_f.Channel()).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = contract.Name }))
            .AuditEntries;

        Assert.Equal(["contract.create", "contract.update", "contract.update"], trail.Select(t => t.Action).Order());
        Assert.Contains(trail, t => t.ChangedFields.Contains("state") && t.ChangedFields.Contains("suspension_reason"));
        Assert.All(trail, t => Assert.Equal("staff/admin", t.Actor));
    }

    [Fact]
    public async Task Contracts_are_listed_by_provider_place_facility_and_state()
    {
        await Contracts.SignedAsync(_f, "prov-1", "c-1", Start, End, "facilities/court-x");
        await Contracts.DraftAsync(_f, "prov-2", "c-2", Start, End, "facilities/court-x");
        var qibao = Contracts.Terms("prov-2", Start, End, "facilities/court-q");
        qibao.ContractingPlace = "places/310112102";
        await Desk().CreateContractAsync(new CreateContractRequest { ContractId = "c-3", Contract = qibao });

        async Task<string[]> Names(ListContractsRequest r, string actor = "staff:admin") =>
            (await Desk(actor).ListContractsAsync(r)).Contracts.Select(c => c.Name["contracts/".Length..]).ToArray();

        Assert.Equal(["c-2", "c-3"], await Names(new ListContractsRequest { Provider = "providers/prov-2" }));
        Assert.Equal(["c-3"], await Names(new ListContractsRequest { Place = "places/310112102" }));
        Assert.Equal(["c-1", "c-2"], await Names(new ListContractsRequest { Facility = "facilities/court-x" }));
        Assert.Equal(["c-1"], await Names(new ListContractsRequest { States = { Contract.Types.State.Active } }));
        Assert.Equal(["c-1", "c-2"], await Names(new ListContractsRequest(), "staff:li:office=310112101"));
        var page = await Desk().ListContractsAsync(new ListContractsRequest { PageSize = 2 });
        var rest = await Desk().ListContractsAsync(new ListContractsRequest { PageSize = 2, PageToken = page.NextPageToken });
        Assert.Equal(["contracts/c-3"], rest.Contracts.Select(c => c.Name));
    }

    [Fact]
    public async Task Providers_are_registered_with_every_problem_told_at_once()
    {
        var providers = new ProviderService.ProviderServiceClient(_f.Channel());

        var e = await Assert.ThrowsAsync<RpcException>(() => providers.CreateProviderAsync(new CreateProviderRequest
        {
            Provider = new Provider { CreditCode = "123", Place = "places/310112101001" },
        }).ResponseAsync);
        var made = await providers.CreateProviderAsync(new CreateProviderRequest
        {
            ProviderId = "prov-9",
            Provider = new Provider { DisplayName = "莘庄社工服务社", Kind = Provider.Types.Kind.SocialOrganisation, Place = "places/310112101" },
        });

        Assert.Equal(
            new[] { "provider.credit_code", "provider.display_name", "provider.kind", "provider.place" },
            FieldViolations(e).Select(v => v.Field).Order());
        Assert.Equal("providers/prov-9", made.Name);
    }
}
