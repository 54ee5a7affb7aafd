using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Complaints;
using CalendarDay = CommunityShare.Domain.Complaints.CalendarDay;
using Complaint = CommunityShare.Domain.Complaints.Complaint;
using CommunityShare.Server.Providers;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Providers;

/// <summary>
/// The reminder sweep, by the FakeClock (Wednesday 2026-06-10). The last whole period is
/// 2026-04-20 – 2026-05-17. court-x and hall-x are open 08:00–22:00 every day: 98 hours a week each.
/// </summary>
public sealed class ContractReminderTests : IAsyncLifetime
{
    private static readonly LocalDate PeriodStart = new(2026, 4, 20);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await FacilityAsync(_f, "hall-x", OpenDaily("莘庄活动室", 50));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<int> SweepAsync()
    {
        await using var scope = _f.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContractReminders>().RunAsync(CancellationToken.None);
    }

    private async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(string recipient) =>
        (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = recipient, PageSize = 100 })).OutboxMessages;

    private async Task<IReadOnlyList<ContractReminder>> RemindersAsync(string contract, string actor = "staff:admin") =>
        (await new ContractService.ContractServiceClient(_f.Channel(actor)).ListContractRemindersAsync(new ListContractRemindersRequest { Parent = contract }))
        .Reminders;

    private static Contract WithLevels(Contract terms, double? hours = null, int? days = null)
    {
        terms.ServiceLevels = new ServiceLevels();
        if (hours is { } h)
        {
            terms.ServiceLevels.OpenHoursPerWeek = h;
        }
        if (days is { } d)
        {
            terms.ServiceLevels.ComplaintResponseWorkingDays = d;
        }
        return terms;
    }

    private async Task<Contract> SignAsync(string id, LocalDate start, LocalDate end, double? hours, int? days, string facility)
    {
        var draft = await Contracts.DraftAsync(_f, "prov-1", id + "-tmp", start, end, facility);
        await new ContractService.ContractServiceClient(_f.Channel()).UpdateContractAsync(new UpdateContractRequest
        {
            Contract = WithLevels(new Contract { Name = draft.Name }, hours, days),
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "service_levels" } },
        });
        return await new ContractService.ContractServiceClient(_f.Channel()).ActivateContractAsync(new ChangeContractStateRequest { Name = draft.Name });
    }

    [Fact]
    public async Task A_contract_expiring_within_60_days_is_reminded_once_to_the_office_and_the_provider()
    {
        var expiring = await SignAsync("c-exp", new LocalDate(2026, 1, 1), new LocalDate(2026, 8, 9), null, null, "facilities/court-x"); // 60 days left
        await SignAsync("c-long", new LocalDate(2026, 1, 1), new LocalDate(2026, 8, 10), null, null, "facilities/hall-x"); // 61 days left

        var first = await SweepAsync();
        _f.Clock.Advance(Duration.FromDays(1));
        var second = await SweepAsync();

        Assert.Equal(1, first);
        Assert.Equal(1, second); // c-long's 60 days begin today; c-exp is not reminded again
        var provider = await OutboxAsync("providers/prov-1");
        var office = await OutboxAsync("places/310112101");
        Assert.Equal(2, provider.Count);
        Assert.Equal(2, office.Count);
        Assert.All(provider, m => Assert.Equal(ContractReminders.ExpiringTemplate, m.Template));
        var reminder = Assert.Single(await RemindersAsync(expiring.Name));
        Assert.Equal(ContractReminder.Types.Kind.Expiring, reminder.Kind);
        Assert.Equal(60, reminder.Measured);
    }

    [Fact]
    public async Task Opening_hours_below_the_promise_over_the_last_period_are_reminded_once_per_period()
    {
        var missed = await SignAsync("c-miss", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), 100, null, "facilities/court-x");
        var kept = await SignAsync("c-kept", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), 98, null, "facilities/hall-x");

        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());

        var reminder = Assert.Single(await RemindersAsync(missed.Name));
        Assert.Equal(ContractReminder.Types.Kind.OpenHoursMissed, reminder.Kind);
        Assert.Equal(98, reminder.Measured);
        Assert.Equal(100, reminder.Promised);
        Assert.Equal(new Google.Type.Date { Year = 2026, Month = 4, Day = 20 }, reminder.Period);
        Assert.Empty(await RemindersAsync(kept.Name));
        Assert.Single(await OutboxAsync("providers/prov-1"), m => m.Template == ContractReminders.OpenHoursTemplate);
    }

    [Fact]
    public async Task Blackouts_in_the_period_count_against_the_hours_delivered()
    {
        var contract = await SignAsync("c-1", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), 98, null, "facilities/hall-x");
        Assert.Equal(0, await SweepAsync());
        await _f.WithDbAsync(async db =>
        {
            var day = PeriodStart.PlusDays(3);
            db.Blackouts.Add(new CommunityShare.Domain.Facilities.Blackout("b-1", "hall-x",
                new Interval(day.At(new LocalTime(8, 0)).InZoneStrictly(Shanghai).ToInstant(), day.At(new LocalTime(12, 0)).InZoneStrictly(Shanghai).ToInstant()),
                CommunityShare.Domain.Facilities.BlackoutReason.Maintenance, "", _f.Clock.GetCurrentInstant()));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await SweepAsync());

        Assert.Equal(97, Assert.Single(await RemindersAsync(contract.Name)).Measured);
    }

    [Fact]
    public async Task Complaints_answered_later_than_promised_by_the_working_calendar_are_reminded()
    {
        var contract = await SignAsync("c-1", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), null, 2, "facilities/court-x");
        await _f.WithDbAsync(async db =>
        {
            // Filed Thursday 30 April; 1–5 May are the Labour Day holidays, so two working days end on Thursday 7 May.
            foreach (var (id, answered) in new[] { ("k-1", new LocalDate(2026, 5, 7)), ("k-2", new LocalDate(2026, 5, 8)) })
            {
                var filed = new LocalDate(2026, 4, 30).At(new LocalTime(10, 0)).InZoneStrictly(Shanghai).ToInstant();
                var complaint = new Complaint(id, "residents/r1", false, ComplaintTarget.Facility, "facilities/court-x", "court-x", "school-1", "prov-1",
                    "310112101001", "310112101", "灯坏了", ComplaintLevel.Operator, filed, filed + Duration.FromDays(6));
                complaint.Respond("已修复", "staff/p1", answered.At(new LocalTime(9, 0)).InZoneStrictly(Shanghai).ToInstant());
                db.Complaints.Add(complaint);
            }
            foreach (var d in Enumerable.Range(1, 5))
            {
                if (!db.CalendarDays.Any(c => c.Date == new LocalDate(2026, 5, d)))
                {
                    db.CalendarDays.Add(new CalendarDay(new LocalDate(2026, 5, d), CalendarDayKind.Holiday, "劳动节"));
                }
            }
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await SweepAsync());

        var reminder = Assert.Single(await RemindersAsync(contract.Name));
        Assert.Equal(ContractReminder.Types.Kind.ComplaintResponseMissed, reminder.Kind);
        Assert.Equal(1, reminder.Measured); // k-2 only
        Assert.Single(await OutboxAsync("places/310112101"), m => m.Template == ContractReminders.ComplaintTemplate);
    }

    [Fact]
    public async Task Only_active_contracts_that_ran_the_whole_period_are_judged()
    {
        await SignAsync("c-1", new LocalDate(2026, 5, 1), new LocalDate(2026, 12, 31), 1000, null, "facilities/court-x"); // started mid-period
        var suspended = await SignAsync("c-2", new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), 1000, null, "facilities/hall-x");
        await new ContractService.ContractServiceClient(_f.Channel()).SuspendContractAsync(new ChangeContractStateRequest { Name = suspended.Name, Reason = "整改" });

        Assert.Equal(0, await SweepAsync());
    }

    [Fact]
    public async Task The_provider_reads_its_contracts_reminders_and_other_providers_do_not()
    {
        var contract = await SignAsync("c-1", new LocalDate(2026, 1, 1), new LocalDate(2026, 7, 1), null, null, "facilities/court-x");
        await SweepAsync();

        Assert.Single(await RemindersAsync(contract.Name, "staff:p1:provider=prov-1"));
        var e = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => RemindersAsync(contract.Name, "staff:p2:provider=prov-2"));
        Assert.Equal("NOT_IN_SCOPE", Reason(e));
    }
}
