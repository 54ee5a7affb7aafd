using CommunityShare.Domain.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Credit;

/// <summary>
/// Tells residents when a consequence of their credit record starts (what, why, until when, and
/// that they may appeal) and when it ends. Start notices go out as the platform notices the
/// consequence; the end notice is scheduled for its end and dropped if an appeal has removed it.
/// </summary>
public sealed class ConsequenceNotices(CommunityShareDb db, Notices notices, CreditPolicies policies, IClock clock)
{
    public const string StartTemplate = "credit.consequence_started";
    public const string EndTemplate = "credit.consequence_ended";

    /// <summary>How far back a new strike is looked for (the service runs far more often).</summary>
    public static readonly Duration LookBack = Duration.FromDays(2);

    private static readonly LocalDateTimePattern When = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>Sends start notices for consequences in force that were not told yet; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var since = now - LookBack;
        var residents = await db.Set<CreditEvent>().AsNoTracking().Where(e => e.RecordTime >= since && e.VoidTime == null)
            .Select(e => e.ResidentId).Distinct().ToListAsync(cancellationToken);
        var (policy, _) = await policies.GetAsync(db, cancellationToken);
        var sent = 0;
        foreach (var residentId in residents)
        {
            var events = await db.Set<CreditEvent>().AsNoTracking().Where(e => e.ResidentId == residentId).ToListAsync(cancellationToken);
            var mobile = await db.Set<ResidentRecord>().AsNoTracking().Where(r => r.Id == residentId).Select(r => r.Mobile).FirstOrDefaultAsync(cancellationToken);
            if (mobile is null)
            {
                continue;
            }
            foreach (var c in CreditStanding.Evaluate(events, policy, now).Active)
            {
                var key = Key(residentId, c);
                var recipient = new MessageRecipient(ResourceNames.Resident(residentId), mobile);
                var started = await notices.SendOnceAsync(key + ":start", new OutgoingMessage(recipient, StartTemplate,
                    $"【社区共享】因{c.Rule.WindowDays}天内有{c.EventIds.Count}条失信记录，自即日起至{When.Format(c.End.InZone(Shanghai).LocalDateTime)}，"
                    + $"{Describe(c.Kind)}。如有异议，可在“我的诚信档案”中申诉。", now), cancellationToken);
                if (started)
                {
                    sent++;
                    await notices.ScheduleAsync(key + ":end", new OutgoingMessage(recipient, EndTemplate,
                        $"【社区共享】您的预约限制（{Describe(c.Kind)}）已于{When.Format(c.End.InZone(Shanghai).LocalDateTime)}解除。感谢您守约。", c.End), c.End,
                        cancellationToken);
                }
            }
        }
        return sent;
    }

    /// <summary>An end notice still holds when the consequence it announces still stands (no appeal removed it).</summary>
    public async Task<bool> StillStandsAsync(ScheduledNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Template != EndTemplate)
        {
            return true;
        }
        var residentId = notice.Recipient["residents/".Length..];
        var events = await db.Set<CreditEvent>().AsNoTracking().Where(e => e.ResidentId == residentId).ToListAsync(cancellationToken);
        var (policy, _) = await policies.GetAsync(db, cancellationToken);
        var standing = CreditStanding.Evaluate(events, policy, clock.GetCurrentInstant());
        return standing.Active.Concat(standing.Ended).Any(c => Key(residentId, c) + ":end" == notice.Key);
    }

    private static string Key(string residentId, Consequence c) =>
        $"consequence:{residentId}:{c.Rule.Id}:{c.Start.ToUnixTimeTicks()}";

    private static string Describe(ConsequenceKind kind) => kind switch
    {
        ConsequenceKind.ApprovalRequired => "您的预约需经场地审核",
        ConsequenceKind.BarredFromHighDemand => "您不能预约热门场地",
        _ => "您不能预约任何场地",
    };
}
