using CommunityShare.Domain.Providers;
using NodaTime;

namespace CommunityShare.Domain.Tests.Providers;

public class ServiceContractTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 10, 1, 0);
    private static readonly LocalDate Today = new(2026, 6, 10);

    private static ContractTerms Terms(LocalDate? start = null, LocalDate? end = null, params string[] facilities) =>
        new("莘庄体育场馆管理承包", ContractKind.ManagementContract, "310112101", start ?? new LocalDate(2026, 1, 1),
            end ?? new LocalDate(2026, 12, 31), 1_200_000m, facilities.Length == 0 ? ["f1", "f2"] : facilities,
            new ServiceLevels(40, 5, 4.0, 0.5));

    private static ServiceContract Draft(LocalDate? start = null, LocalDate? end = null) => new("c1", "p1", Terms(start, end), Now);

    [Fact]
    public void A_draft_runs_nothing_and_an_active_contract_runs_its_scope_inside_its_term_only()
    {
        var contract = Draft();
        Assert.False(contract.Runs("f1", Today));

        contract.Activate(Today, Now);

        Assert.True(contract.Runs("f1", Today));
        Assert.True(contract.Runs("f2", new LocalDate(2026, 1, 1)));
        Assert.True(contract.Runs("f2", new LocalDate(2026, 12, 31)));
        Assert.False(contract.Runs("f3", Today));
        Assert.False(contract.Runs("f1", new LocalDate(2025, 12, 31)));
        Assert.False(contract.Runs("f1", new LocalDate(2027, 1, 1)));
    }

    [Fact]
    public void Suspended_ended_and_terminated_contracts_run_nothing()
    {
        var suspended = Draft();
        suspended.Activate(Today, Now);
        suspended.Suspend("整改", Now);
        var ended = Draft();
        ended.Activate(Today, Now);
        ended.Finish(Now);
        var terminated = Draft();
        terminated.Activate(Today, Now);
        terminated.Terminate("严重违约", Now);

        Assert.False(suspended.Runs("f1", Today));
        Assert.False(ended.Runs("f1", Today));
        Assert.False(terminated.Runs("f1", Today));
        Assert.Equal("严重违约", terminated.TerminationReason);
        Assert.Equal(ContractState.Terminated, terminated.State);
    }

    [Fact]
    public void Suspend_and_resume_go_back_and_forth()
    {
        var contract = Draft();
        contract.Activate(Today, Now);
        contract.Suspend("整改", Now);
        Assert.Equal("整改", contract.SuspensionReason);

        contract.Resume(Now);

        Assert.Equal(ContractState.Active, contract.State);
        Assert.Null(contract.SuspensionReason);
        Assert.True(contract.Runs("f1", Today));
    }

    [Theory]
    [InlineData("resume", ContractState.Draft)]
    [InlineData("suspend", ContractState.Draft)]
    [InlineData("end", ContractState.Draft)]
    [InlineData("terminate", ContractState.Draft)]
    [InlineData("activate", ContractState.Active)]
    [InlineData("resume", ContractState.Active)]
    [InlineData("update", ContractState.Active)]
    [InlineData("activate", ContractState.Terminated)]
    [InlineData("resume", ContractState.Ended)]
    [InlineData("terminate", ContractState.Ended)]
    [InlineData("suspend", ContractState.Suspended)]
    public void Only_valid_transitions_are_allowed(string action, ContractState from)
    {
        var contract = Draft();
        if (from != ContractState.Draft)
        {
            contract.Activate(Today, Now);
        }
        if (from == ContractState.Suspended)
        {
            contract.Suspend("x", Now);
        }
        if (from == ContractState.Ended)
        {
            contract.Finish(Now);
        }
        if (from == ContractState.Terminated)
        {
            contract.Terminate("x", Now);
        }
        var version = contract.Version;

        var problem = Assert.Throws<Problem>(() =>
        {
            switch (action)
            {
                case "activate": contract.Activate(Today, Now); break;
                case "suspend": contract.Suspend("x", Now); break;
                case "resume": contract.Resume(Now); break;
                case "end": contract.Finish(Now); break;
                case "terminate": contract.Terminate("x", Now); break;
                default: contract.UpdateDraft(Terms(), Now); break;
            }
        });

        Assert.Equal(Reasons.StateDoesNotAllow, problem.Reason);
        Assert.Equal(from, contract.State);
        Assert.Equal(version, contract.Version);
    }

    [Fact]
    public void A_term_already_over_cannot_be_activated()
    {
        var contract = Draft(new LocalDate(2025, 1, 1), new LocalDate(2026, 6, 9));

        var problem = Assert.Throws<Problem>(() => contract.Activate(Today, Now));

        Assert.Equal(Reasons.ContractTermOver, problem.RuleViolations.Single().Reason);
    }

    [Fact]
    public void Every_problem_with_the_terms_is_told_at_once()
    {
        var violations = new Violations();
        var terms = new ContractTerms("", null, "", new LocalDate(2026, 6, 1), new LocalDate(2026, 5, 1), -1m, [],
            new ServiceLevels(-1, 0, 6, 2));

        ServiceContract.Validate(terms, violations);

        Assert.Equal(
            new[]
            {
                "contract.title", "contract.kind", "contract.contracting_place", "contract.end_date", "contract.value", "contract.facilities",
                "contract.service_levels.open_hours_per_week", "contract.service_levels.complaint_response_working_days",
                "contract.service_levels.min_satisfaction", "contract.service_levels.min_use_rate",
            },
            violations.Items.Select(v => v.Field));
    }
}
