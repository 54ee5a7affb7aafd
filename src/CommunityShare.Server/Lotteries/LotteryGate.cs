using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Lotteries;

/// <summary>
/// Keeps first come, first served out of a slot until its draw has run: while applications for the
/// time wait for their draw, a direct booking (or a series occurrence) is refused with
/// LOTTERY_DRAW_PENDING and the draw's time. Before the close the release keeps it out anyway
/// (TOO_FAR_AHEAD); this covers the moment between the close and the draw. Checked with the other
/// occupancy rules, so inside the booking guard it is decided in the same order as everything else.
/// </summary>
public static class LotteryGate
{
    public static async Task<List<RuleViolation>> CheckAsync(CommunityShareDb db, Facility facility, string[] family, Interval slot,
        CancellationToken cancellationToken)
    {
        // Only a lottery facility, or a whole or part of one, can have applications; everything else pays nothing.
        if (!facility.Rules.Lottery.Enabled && family.Length == 1)
        {
            return [];
        }
        var closes = await db.Set<LotteryApplication>().AsNoTracking()
            .Where(a => family.Contains(a.FacilityId) && a.State == LotteryApplicationState.Pending && a.Start < slot.End && a.End > slot.Start)
            .Select(a => a.CloseTime)
            .ToListAsync(cancellationToken);
        if (closes.Count == 0)
        {
            return [];
        }
        var draw = InstantPattern.General.Format(closes.Min());
        return
        [
            new RuleViolation(Reasons.LotteryDrawPending,
                $"Places at this time are allocated by lottery, drawn at {draw}; what is left is first come, first served after the draw.",
                new Dictionary<string, string> { ["draw_time"] = draw }),
        ];
    }
}
