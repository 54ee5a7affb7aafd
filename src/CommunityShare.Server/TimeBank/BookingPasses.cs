using CommunityShare.Domain;
using CommunityShare.Domain.TimeBank;
using CommunityShare.Server.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.TimeBank;

/// <summary>
/// Where redeemed passes meet booking (<see cref="Bookings.CreateBooking"/>): a priority pass lets a
/// booking be made up to its lead before the day's general release (TOO_FAR_AHEAD waived), an
/// extra-booking pass lets one booking go past the district's weekly quotas (QUOTA_REACHED of a weekly
/// rule waived). A pass is spent only when it is what lets the booking through, and only inside the
/// booking guard, with the booking's insert, so one pass never lets two bookings through.
/// </summary>
public static class BookingPasses
{
    /// <summary>What a booking will spend once it is made.</summary>
    public sealed class Claim
    {
        internal List<Redemption> Passes { get; } = [];

        /// <summary>Marks the passes used for the booking; they save with it.</summary>
        public void Use(string bookingName, Instant now)
        {
            foreach (var pass in Passes)
            {
                pass.Use(bookingName, now);
            }
        }
    }

    /// <summary>
    /// Before the guard: takes TOO_FAR_AHEAD out of <paramref name="broken"/> when the resident holds a
    /// priority pass that reaches the release; returns that rule (to put back if the pass is gone by the
    /// time the guard decides), or null. Reads nothing unless the booking is too far ahead.
    /// </summary>
    public static async Task<RuleViolation?> WaiveEarlyAsync(CommunityShareDb db, string residentId, List<RuleViolation> broken, Instant now,
        CancellationToken cancellationToken)
    {
        if (broken.FirstOrDefault(r => r.Reason == Reasons.TooFarAhead) is not { } early
            || !early.Metadata.TryGetValue("release_time", out var text) || InstantPattern.General.Parse(text) is not { Success: true } release)
        {
            return null;
        }
        var passes = await PassesAsync(db, residentId, RedemptionKind.PriorityBookingWindow, now, tracked: false, cancellationToken);
        if (!passes.Any(p => p.CoversEarlyBooking(release.Value, now)))
        {
            return null;
        }
        broken.Remove(early);
        return early;
    }

    /// <summary>
    /// Inside the guard, on its database: claims the passes that let the booking through and takes
    /// what they waive out of <paramref name="decided"/>. A priority pass gone in the meantime puts
    /// <paramref name="early"/> back; an extra-booking pass is claimed only when the weekly quotas are
    /// all that stands in the way.
    /// </summary>
    public static async Task<Claim> ClaimAsync(CommunityShareDb writeDb, string residentId, RuleViolation? early, List<RuleViolation> decided,
        Instant now, CancellationToken cancellationToken)
    {
        var claim = new Claim();
        if (early is not null)
        {
            var release = InstantPattern.General.Parse(early.Metadata["release_time"]).Value;
            var passes = await PassesAsync(writeDb, residentId, RedemptionKind.PriorityBookingWindow, now, tracked: true, cancellationToken);
            if (passes.FirstOrDefault(p => p.CoversEarlyBooking(release, now)) is { } pass)
            {
                claim.Passes.Add(pass);
            }
            else
            {
                decided.Insert(0, early);
            }
        }
        var weekly = decided.Where(r => r.Reason == Reasons.QuotaReached && r.Metadata.GetValueOrDefault("period") == "Week").ToArray();
        if (weekly.Length > 0 && weekly.Length == decided.Count)
        {
            var passes = await PassesAsync(writeDb, residentId, RedemptionKind.ExtraBooking, now, tracked: true, cancellationToken);
            if (passes.FirstOrDefault() is { } pass)
            {
                claim.Passes.Add(pass);
                decided.Clear();
            }
        }
        return claim;
    }

    /// <summary>The resident's usable passes of a kind, soonest to expire first.</summary>
    private static async Task<List<Redemption>> PassesAsync(CommunityShareDb db, string residentId, RedemptionKind kind, Instant now, bool tracked,
        CancellationToken cancellationToken)
    {
        var query = db.Set<Redemption>().Where(r => r.ResidentId == residentId && r.Kind == kind && r.State == RedemptionState.Available && r.ExpireTime > now);
        return await (tracked ? query : query.AsNoTracking()).OrderBy(r => r.ExpireTime).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }
}
