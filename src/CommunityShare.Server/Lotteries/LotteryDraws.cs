using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Policies;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Lotteries;

/// <summary>
/// Runs the draws whose applications have closed, one slot at a time, each inside the booking
/// guard: the applicants are put in the published order (<see cref="WeightedDraw"/>), and in that
/// order each is booked when the household cap and the booking rules admit them — the timing,
/// the credit record, the places left (places already taken count, and each winner's booking is
/// saved before the next turn, so the draw never allocates more than there is), the facility's
/// limits and the quotas. The draw is recorded; winners are booked (confirmed, or waiting for
/// approval as the facility and their record say), and everyone is told through the notification
/// channel, in the same unit of work. Driven by the injected clock from <see cref="ReleaseSweep"/>.
/// </summary>
public sealed class LotteryDraws(CommunityShareDb db, IClock clock, IBookingGuard guard, FacilitySnapshots snapshots, CreditRecords credit,
    QuotaPolicies quotas, NotificationChannelOn channelOn)
{
    public const string WonTemplate = "lottery.won";
    public const string LostTemplate = "lottery.lost";
    private const int Batch = 100;

    /// <summary>Draws every slot whose applications closed by now; returns how many draws ran.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.Set<LotteryApplication>().AsNoTracking()
            .Where(a => a.State == LotteryApplicationState.Pending && a.CloseTime <= now)
            .OrderBy(a => a.CloseTime).Select(a => new { a.FacilityId, a.Start }).Take(Batch).ToListAsync(cancellationToken);
        var drawn = 0;
        foreach (var slot in due.Distinct())
        {
            drawn += await guard.RunAsync(db, (writeDb, ct) => AllOrNothing.RunAsync(writeDb, "lottery_draw",
                () => DrawAsync(writeDb, slot.FacilityId, slot.Start, now, ct), ct), cancellationToken);
        }
        return drawn;
    }

    private async Task<int> DrawAsync(CommunityShareDb writeDb, string facilityId, Instant start, Instant now, CancellationToken cancellationToken)
    {
        var applications = await writeDb.Set<LotteryApplication>()
            .Where(a => a.FacilityId == facilityId && a.Start == start && a.State == LotteryApplicationState.Pending)
            .ToListAsync(cancellationToken);
        if (applications.Count == 0)
        {
            return 0; // drawn by a sweep before this one
        }
        var (facility, family, blackouts) = await snapshots.GetAsync(writeDb, facilityId, now, cancellationToken);
        var close = applications.Min(a => a.CloseTime);
        var seed = WeightedDraw.Seed(ResourceNames.Facility(facilityId), start, close, applications.Select(a => a.Ticket));
        var residentIds = applications.Select(a => a.ResidentId).ToArray();
        var records = await writeDb.Set<ResidentRecord>().AsNoTracking().Where(r => residentIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => new { r.HouseholdId, r.Mobile }, cancellationToken);
        string? LabelOf(LotteryApplication a) =>
            records.GetValueOrDefault(a.ResidentId)?.HouseholdId is { } household ? WeightedDraw.HouseholdLabel(seed, household) : null;
        var byTicket = applications.ToDictionary(a => a.Ticket, StringComparer.Ordinal);
        var order = WeightedDraw.Order(seed, applications.Select(a => new DrawEntrant(a.Ticket, a.Weight, a.PartySize, LabelOf(a))));

        var lottery = facility.Rules.Lottery;
        var cap = new HouseholdCap(lottery.HouseholdCap);
        var (quotaPolicy, _) = await quotas.GetAsync(writeDb, cancellationToken);
        var bookings = new Dictionary<string, Booking>(StringComparer.Ordinal);
        var (winners, places, full) = (0, 0, false);
        foreach (var ranked in order)
        {
            var application = byTicket[ranked.Entrant.Ticket];
            var label = ranked.Entrant.Household;
            var broken = new List<RuleViolation>();
            if (full)
            {
                // Nothing is left: no need to ask the rules again for everyone after.
                broken.Add(new RuleViolation(Reasons.SlotFull, "The places ran out before this turn.",
                    new Dictionary<string, string> { ["remaining_places"] = "0" }));
            }
            else
            {
                broken.AddRange(Admission.CheckTiming(facility, blackouts, application.Slot, application.PartySize, now)
                    .Where(r => r.Reason != Reasons.TooFarAhead));
                if (cap.Check(label) is { } capped)
                {
                    broken.Add(capped);
                }
                var standing = await credit.StandingAsync(writeDb, application.ResidentId, now, cancellationToken);
                if (Admission.CheckCredit(facility, standing) is { } bar)
                {
                    broken.Add(bar);
                }
                if (broken.Count == 0)
                {
                    // This very draw's applications are still pending as it runs: its own gate does not apply to it.
                    var occupancy = await CreateBooking.CheckOccupancyAsync(writeDb, facility, family, application.ResidentId,
                        new BookingDraft(facility.Id, application.ResidentId, application.Slot, application.PartySize), quotaPolicy, now, cancellationToken);
                    broken.AddRange(occupancy.Where(r => r.Reason != Reasons.LotteryDrawPending));
                    full = occupancy.Any(r => r.Reason == Reasons.SlotFull && r.Metadata.GetValueOrDefault("remaining_places") == "0");
                }
                if (broken.Count == 0)
                {
                    var admitted = Admission.StateFor(facility.Rules, standing);
                    var booking = new Booking(Ids.New(), facility.Id, application.ResidentId, application.Slot, application.PartySize, admitted.State,
                        Ids.CheckInCode(), application.CreatedBy, application.Start - facility.Rules.CancellationDeadline, now,
                        new Domain.Residents.ProxyConsent(application.ConsentMethod, application.ConsentNote), admitted.OnCommitment, admitted.ApprovalReason);
                    writeDb.Bookings.Add(booking);
                    application.Win(ranked, label, booking.Id, now);
                    cap.Won(label);
                    bookings[application.Id] = booking;
                    winners++;
                    places += facility.IsExclusive ? 1 : application.PartySize;
                    // Saved before the next turn, so that its occupancy check counts this winner.
                    await writeDb.SaveChangesAsync(cancellationToken);
                    continue;
                }
            }
            application.Lose(ranked, label, broken, now);
        }
        var draw = new LotteryDraw(facilityId, new Interval(start, applications[0].End), close, seed, facility.Capacity, lottery.HouseholdCap,
            applications.Count, winners, places, now);
        writeDb.Add(draw);

        var channel = channelOn(writeDb);
        var when = Local(start, facility.Zone);
        foreach (var application in applications)
        {
            if (records.GetValueOrDefault(application.ResidentId)?.Mobile is not { Length: > 0 } mobile)
            {
                continue;
            }
            var text = bookings.TryGetValue(application.Id, out var won)
                ? $"【社区共享】摇号中签：{facility.Name} {when}，" + (won.State == BookingState.Confirmed ? "预约已确认" : "预约等待场地审批")
                  + $"，签到码 {won.CheckInCode}。实名预约，不得转让。"
                : $"【社区共享】摇号未中签：{facility.Name} {when}（{applications.Count} 人报名，{facility.Capacity} 个名额，您排第 {application.Rank} 位"
                  + (application.Outcome.Any(r => r.Reason != Reasons.SlotFull) ? $"，未能分配：{string.Join("、", application.Outcome.Select(r => r.Reason))}" : "")
                  + "）。抽签记录公开可查；剩余名额先到先得。";
            await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(application.ResidentId), mobile),
                won is null ? LostTemplate : WonTemplate, text, now), cancellationToken);
        }
        await writeDb.SaveChangesAsync(cancellationToken);
        return 1;
    }

    private static string Local(Instant instant, DateTimeZone zone) =>
        NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm").Format(instant.InZone(zone).LocalDateTime);
}
