using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Lotteries;

public sealed record ApplicationPage(IReadOnlyList<LotteryApplication> Applications, string NextPageToken);

/// <summary>A draw with its applicants in rank order, and the facility it was for.</summary>
public sealed record DrawView(LotteryDraw Draw, Facility Facility, IReadOnlyList<LotteryApplication> Entries);

public sealed record DrawPage(IReadOnlyList<LotteryDraw> Draws, string NextPageToken);

/// <summary>Reads applications (the resident's, or staff who oversee the facility) and draws (everyone), and withdraws applications.</summary>
public sealed class LotteryDesk(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, ResidentRegistry residents)
{
    public async Task<LotteryApplication> GetAsync(Actor actor, string facilityId, string applicationId, CancellationToken cancellationToken)
    {
        var application = await db.Set<LotteryApplication>().AsNoTracking()
                              .FirstOrDefaultAsync(a => a.Id == applicationId && a.FacilityId == facilityId, cancellationToken)
                          ?? throw Problem.NotFound(ResourceNames.LotteryApplication(facilityId, applicationId));
        if (!await ActingFor.ResidentAsync(actor, application.ResidentId, db, residents, cancellationToken))
        {
            actor.RequireOversee(await JurisdictionOfAsync(facilityId, cancellationToken), "see this application");
        }
        return application;
    }

    /// <summary>Newest slot first. Residents list their own (and those they act for); staff those at the facilities they oversee.</summary>
    public async Task<ApplicationPage> ListAsync(Actor actor, string? facilityId, string? residentId, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var own = residentId is not null && await ActingFor.ResidentAsync(actor, residentId, db, residents, cancellationToken);
        if (!own && !actor.IsStaff)
        {
            if (residentId is not null)
            {
                throw Problem.PermissionDenied(Reasons.NotAllowed, "A resident can only list their own applications.");
            }
            residentId = actor.ResidentId;
            own = true;
        }
        var fingerprint = $"lottery|{facilityId}|{residentId}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        var query = db.Set<LotteryApplication>().AsNoTracking();
        if (facilityId is not null)
        {
            var where = await JurisdictionOfAsync(facilityId, cancellationToken);
            if (!own)
            {
                actor.RequireOversee(where, "see this facility's applications");
            }
            query = query.Where(a => a.FacilityId == facilityId);
        }
        else if (!own)
        {
            var overseen = (await db.Facilities.AsNoTracking().Select(f => new { f.Id, f.PlaceCode, f.InstitutionId }).ToListAsync(cancellationToken))
                .Where(f => actor.Oversees(running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId))).Select(f => f.Id).ToArray();
            query = query.Where(a => overseen.Contains(a.FacilityId));
        }
        if (residentId is not null)
        {
            query = query.Where(a => a.ResidentId == residentId);
        }
        if (after is not null)
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture));
            var lastId = after[1];
            query = query.Where(a => a.Start < start || (a.Start == start && string.Compare(a.Id, lastId) < 0));
        }
        var rows = await query.OrderByDescending(a => a.Start).ThenByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, shown[^1].Start.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new ApplicationPage(shown, next);
    }

    /// <summary>The resident (or whoever acts for them) and staff who manage the facility, before the close; inside the guard, so never against a draw.</summary>
    public async Task<LotteryApplication> WithdrawAsync(Actor actor, string facilityId, string applicationId, RequestKey? requestKey,
        CancellationToken cancellationToken)
    {
        var application = await db.Set<LotteryApplication>().AsNoTracking()
                              .FirstOrDefaultAsync(a => a.Id == applicationId && a.FacilityId == facilityId, cancellationToken)
                          ?? throw Problem.NotFound(ResourceNames.LotteryApplication(facilityId, applicationId));
        if (!await ActingFor.ResidentAsync(actor, application.ResidentId, db, residents, cancellationToken))
        {
            actor.RequireManage(await JurisdictionOfAsync(facilityId, cancellationToken), "withdraw this application");
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return application;
        }
        var now = clock.GetCurrentInstant();
        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var tracked = await writeDb.Set<LotteryApplication>().FirstAsync(a => a.Id == applicationId, ct);
            tracked.Withdraw(now);
            new RequestLedger(writeDb).Record(requestKey, ResourceNames.LotteryApplication(facilityId, applicationId), now);
            await writeDb.SaveChangesAsync(ct);
            return tracked;
        }, cancellationToken);
    }

    /// <summary>A draw with every entry in rank order: public, since it names tickets, not people.</summary>
    public async Task<DrawView> GetDrawAsync(string facilityId, string drawId, CancellationToken cancellationToken)
    {
        var draw = await db.Set<LotteryDraw>().AsNoTracking().FirstOrDefaultAsync(d => d.FacilityId == facilityId && d.Id == drawId, cancellationToken)
                   ?? throw Problem.NotFound(ResourceNames.LotteryDraw(facilityId, drawId));
        var facility = await db.Facilities.AsNoTracking().FirstAsync(f => f.Id == facilityId, cancellationToken);
        var entries = await db.Set<LotteryApplication>().AsNoTracking()
            .Where(a => a.FacilityId == facilityId && a.Start == draw.Start && a.Rank != null)
            .OrderBy(a => a.Rank).ToListAsync(cancellationToken);
        return new DrawView(draw, facility, entries);
    }

    /// <summary>A facility's draws, newest slot first (without their entries).</summary>
    public async Task<DrawPage> ListDrawsAsync(string facilityId, int pageSize, string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        var fingerprint = "draws|" + facilityId;
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        await JurisdictionOfAsync(facilityId, cancellationToken);
        var query = db.Set<LotteryDraw>().AsNoTracking().Where(d => d.FacilityId == facilityId);
        if (after is not null)
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture));
            query = query.Where(d => d.Start < start);
        }
        var rows = await query.OrderByDescending(d => d.Start).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize ? PageToken.Encode(fingerprint, shown[^1].Start.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)) : "";
        return new DrawPage(shown, next);
    }

    private async Task<Jurisdiction> JurisdictionOfAsync(string facilityId, CancellationToken cancellationToken) =>
        await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId)
            .Select(f => new { f.Id, f.PlaceCode, f.InstitutionId })
            .FirstOrDefaultAsync(cancellationToken) is { } f
            ? running.JurisdictionOf(f.Id, f.PlaceCode, f.InstitutionId)
            : throw Problem.NotFound(ResourceNames.Facility(facilityId));
}
