using System.Globalization;
using CommunityShare.Domain.Complaints;
using CommunityShare.Domain.Providers;
using CommunityShare.Server.Audit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Providers;

/// <summary>The <c>Contracts</c> settings.</summary>
public sealed class ContractSettings
{
    public const string Section = "Contracts";

    /// <summary>How often the reminder sweep looks (real time); what it decides goes by the injected clock.</summary>
    public int ReminderSweepSeconds { get; set; } = 3600;
}

/// <summary>
/// Reminds the contracting office and the provider, once each, when an active contract's term ends
/// within 60 days, and when a promised service level was missed over the last whole 28-day period:
/// public opening hours a week across the scope (published schedule less blackouts) below
/// <see cref="ServiceLevels.OpenHoursPerWeek"/>, or complaints about the provider or its facilities
/// answered later than <see cref="ServiceLevels.ComplaintResponseWorkingDays"/> (by the working calendar).
/// Each reminder is a row (unique per contract, kind and period) written with its messages in one save,
/// so a reminder is sent once however often the sweep runs. By the injected clock: tests move it and call
/// <see cref="RunAsync"/>.
/// </summary>
public sealed class ContractReminders(CommunityShareDb db, IClock clock, IBookingGuard guard, NotificationChannelOn channelOn)
{
    public const string ExpiringTemplate = "contract.expiring";
    public const string OpenHoursTemplate = "contract.open_hours_missed";
    public const string ComplaintTemplate = "contract.complaint_response_missed";

    /// <summary>Where the contracting office and the provider read their reminders: their console on the platform.</summary>
    public static string ConsoleAddress(string recipient) => "console:" + recipient;

    /// <summary>Sends what is due; returns how many reminders were made.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var acting = Acting.As(Acting.System);
        var now = clock.GetCurrentInstant();
        var today = now.InZone(RunningContracts.Zone).Date;
        var period = ServiceLevelCheck.LastPeriod(today);
        return await guard.RunAsync(db, async (on, ct) =>
        {
            var active = await on.ServiceContracts.AsNoTracking().Where(c => c.State == ContractState.Active).ToListAsync(ct);
            var sent = (await on.ContractReminders.AsNoTracking().Select(r => r.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var due = new List<ContractReminder>();
            foreach (var contract in active.Where(c => c.Start <= today))
            {
                var left = Period.Between(today, contract.End, PeriodUnits.Days).Days;
                if (left is >= 0 and <= ContractReminder.ExpiryNoticeDays)
                {
                    due.Add(new ContractReminder(contract.Id, ReminderKind.Expiring, contract.End, left, ContractReminder.ExpiryNoticeDays, now));
                }
                // A period is judged only when the contract ran it whole.
                if (period.Start < contract.Start || period.End > contract.End)
                {
                    continue;
                }
                if (contract.Levels.OpenHoursPerWeek is { } promised && !sent.Contains(ContractReminder.IdOf(contract.Id, ReminderKind.OpenHoursMissed, period.Start)))
                {
                    var delivered = await OpenHoursAsync(on, contract, period, ct);
                    if (delivered < promised - 0.005)
                    {
                        due.Add(new ContractReminder(contract.Id, ReminderKind.OpenHoursMissed, period.Start, Math.Round(delivered, 2), promised, now));
                    }
                }
                if (contract.Levels.ComplaintResponseWorkingDays is { } days && !sent.Contains(ContractReminder.IdOf(contract.Id, ReminderKind.ComplaintResponseMissed, period.Start)))
                {
                    var late = await LateComplaintsAsync(on, contract, period, today, days, ct);
                    if (late > 0)
                    {
                        due.Add(new ContractReminder(contract.Id, ReminderKind.ComplaintResponseMissed, period.Start, late, days, now));
                    }
                }
            }
            due = due.Where(r => !sent.Contains(r.Id)).ToList();
            if (due.Count == 0)
            {
                return 0;
            }
            var channel = channelOn(on);
            var byId = active.ToDictionary(c => c.Id);
            foreach (var reminder in due)
            {
                on.ContractReminders.Add(reminder);
                var contract = byId[reminder.ContractId];
                var text = Text(reminder, contract);
                foreach (var recipient in new[] { ProviderRegistry.Name(contract.ProviderId), ResourceNames.Place(contract.ContractingPlaceCode) })
                {
                    await channel.SendAsync(new OutgoingMessage(new MessageRecipient(recipient, ConsoleAddress(recipient)), Template(reminder.Kind), text, now), ct);
                }
            }
            await on.SaveChangesAsync(ct);
            return due.Count;
        }, cancellationToken);
    }

    public static string Template(ReminderKind kind) => kind switch
    {
        ReminderKind.Expiring => ExpiringTemplate,
        ReminderKind.OpenHoursMissed => OpenHoursTemplate,
        _ => ComplaintTemplate,
    };

    private static string Text(ContractReminder r, ServiceContract c)
    {
        var f = CultureInfo.InvariantCulture;
        return r.Kind switch
        {
            ReminderKind.Expiring => $"【社区共享】合同「{c.Title}」将于 {c.End.ToString("yyyy-MM-dd", f)} 到期（还有 {r.Measured?.ToString("0", f)} 天），请及时续签或安排交接。/contracts/{c.Id}",
            ReminderKind.OpenHoursMissed =>
                $"【社区共享】合同「{c.Title}」{r.Period.ToString("yyyy-MM-dd", f)} 起 28 天内每周对公众开放 {r.Measured?.ToString("0.##", f)} 小时，低于承诺的 {r.Promised?.ToString("0.##", f)} 小时。/contracts/{c.Id}",
            _ => $"【社区共享】合同「{c.Title}」{r.Period.ToString("yyyy-MM-dd", f)} 起 28 天内有 {r.Measured?.ToString("0", f)} 件投诉未在 {r.Promised?.ToString("0", f)} 个工作日内答复。/contracts/{c.Id}",
        };
    }

    private static async Task<double> OpenHoursAsync(CommunityShareDb on, ServiceContract contract, DateInterval period, CancellationToken ct)
    {
        var ids = contract.FacilityIds.ToArray();
        var facilities = await on.Facilities.AsNoTracking().Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        // A whole's blackout closes its parts too.
        var owners = facilities.SelectMany(f => f.ParentFacilityId is null ? [f.Id] : new[] { f.Id, f.ParentFacilityId }).Distinct().ToArray();
        var from = period.Start.AtStartOfDayInZone(RunningContracts.Zone).ToInstant() - Duration.FromDays(1);
        var to = period.End.PlusDays(2).AtStartOfDayInZone(RunningContracts.Zone).ToInstant();
        var blackouts = await on.Blackouts.AsNoTracking().Where(b => owners.Contains(b.FacilityId) && b.Start < to && b.End > from)
            .Select(b => new { b.FacilityId, b.Start, b.End }).ToListAsync(ct);
        return ServiceLevelCheck.OpenHoursPerWeek(
            facilities.Select(f => new ScopeFacility(f.Schedule, f.Zone,
                blackouts.Where(b => b.FacilityId == f.Id || b.FacilityId == f.ParentFacilityId).Select(b => new Interval(b.Start, b.End)).ToArray())),
            period);
    }

    private static async Task<int> LateComplaintsAsync(CommunityShareDb on, ServiceContract contract, DateInterval period, LocalDate today, int days,
        CancellationToken ct)
    {
        var from = period.Start.AtStartOfDayInZone(RunningContracts.Zone).ToInstant();
        var to = period.End.PlusDays(1).AtStartOfDayInZone(RunningContracts.Zone).ToInstant();
        var providerId = contract.ProviderId;
        var ids = contract.FacilityIds.ToArray();
        var filed = await on.Complaints.AsNoTracking()
            .Where(c => c.FiledTime >= from && c.FiledTime < to && (c.ProviderId == providerId || (c.FacilityId != null && ids.Contains(c.FacilityId))))
            .Select(c => new { c.FiledTime, c.FirstResponseTime }).ToListAsync(ct);
        if (filed.Count == 0)
        {
            return 0;
        }
        var calendar = new WorkingCalendar(await on.CalendarDays.AsNoTracking().ToListAsync(ct));
        var zone = RunningContracts.Zone;
        return filed.Count(c => ServiceLevelCheck.AnsweredLate(calendar, c.FiledTime.InZone(zone).Date, c.FirstResponseTime?.InZone(zone).Date, today, days));
    }
}

/// <summary>Runs <see cref="ContractReminders"/> every <see cref="ContractSettings.ReminderSweepSeconds"/> seconds.</summary>
public sealed class ContractReminderService(IServiceScopeFactory scopes, IOptions<ContractSettings> settings, ILogger<ContractReminderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.ReminderSweepSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var made = await scope.ServiceProvider.GetRequiredService<ContractReminders>().RunAsync(stoppingToken);
                if (made > 0)
                {
                    LogSent(logger, made, null);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    private static readonly Action<ILogger, int, Exception?> LogSent =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "ContractRemindersSent"), "Sent {Count} contract reminders");

    private static readonly Action<ILogger, Exception?> LogFailed =
        LoggerMessage.Define(LogLevel.Warning, new EventId(2, "ContractRemindersFailed"), "Contract reminders failed; trying again at the next tick");
}
