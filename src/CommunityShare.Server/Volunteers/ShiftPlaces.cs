using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

/// <summary>
/// Every write that puts a volunteer on a shift: a sign-up, an assignment by staff, a substitute
/// taking a swapped place, a roster being published. The rules that depend on other assignments
/// (places taken, the volunteer's overlapping shifts and weekly hours) are read and decided inside
/// the write queue (<see cref="IBookingGuard"/>) together with the insert, so that two concurrent
/// requests can never both take the last place or both book the same volunteer.
/// </summary>
public sealed class ShiftPlaces(CommunityShareDb db, IClock clock, RequestLedger ledger, IBookingGuard guard, IOptions<VolunteerSettings> settings)
{
    /// <summary>A volunteer signs up for a shift themselves.</summary>
    public async Task<Assignment> SignUpAsync(Actor actor, string activityId, string shiftId, RequestKey? requestKey, CancellationToken cancellationToken)
    {
        if (actor.ResidentId is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only a volunteer signs up for a shift; staff assign volunteers.");
        }
        var shift = await LoadShiftAsync(activityId, shiftId, cancellationToken);
        return await TakeAsync(actor, shift, actor.ResidentId, AssignmentSource.SignUp, requestKey, cancellationToken);
    }

    /// <summary>Staff of the activity's place put a volunteer on a shift.</summary>
    public async Task<Assignment> AssignAsync(Actor actor, string activityId, string shiftId, string residentId, RequestKey? requestKey,
        CancellationToken cancellationToken)
    {
        var shift = await LoadShiftAsync(activityId, shiftId, cancellationToken);
        actor.RequireManage(Jurisdiction.OfPlace(shift.PlaceCode), "assign volunteers to this shift");
        return await TakeAsync(actor, shift, residentId, AssignmentSource.Staff, requestKey, cancellationToken);
    }

    private async Task<Assignment> TakeAsync(Actor actor, Shift shift, string residentId, AssignmentSource source, RequestKey? requestKey,
        CancellationToken cancellationToken)
    {
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await FindAsync(db, done, cancellationToken);
        }
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken)
                        ?? throw Problem.Broken(Reasons.NotAVolunteer, "Only a registered volunteer can be put on a shift.",
                            new Dictionary<string, string> { ["resident"] = ResourceNames.Resident(residentId) });
        var now = clock.GetCurrentInstant();
        if (shift.Start <= now)
        {
            throw Problem.Broken(Reasons.ShiftStarted, "The shift has already begun.");
        }
        var zone = settings.Value.Zone;
        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var writeLedger = new RequestLedger(writeDb);
            if (await writeLedger.FindAsync(requestKey, ct) is { } raced)
            {
                return await FindAsync(writeDb, raced, ct);
            }
            var assignment = await PlaceAsync(writeDb, shift, volunteer, source, actor.ResourceName, zone, now, ct);
            writeLedger.Record(requestKey, AssignmentName(assignment.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return assignment;
        }, cancellationToken);
    }

    /// <summary>
    /// Inside a guarded write: checks every rule against what is committed now and adds the assignment
    /// (unsaved) or throws them all. <paramref name="proposed"/> is a proposal being published instead of a new row.
    /// </summary>
    internal static async Task<Assignment> PlaceAsync(CommunityShareDb writeDb, Shift shift, Volunteer volunteer, AssignmentSource source, string createdBy,
        DateTimeZone zone, Instant now, CancellationToken ct, Assignment? proposed = null)
    {
        var taken = await writeDb.Set<Assignment>().CountAsync(a => a.ShiftId == shift.Id && Assignment.HoldingStates.Contains(a.State), ct);
        if (await writeDb.Set<Assignment>().AnyAsync(a => a.ShiftId == shift.Id && a.ResidentId == volunteer.ResidentId
                                                          && Assignment.HoldingStates.Contains(a.State), ct))
        {
            throw Problem.Broken(Reasons.AlreadyOnShift, "The volunteer is already on this shift.");
        }
        var held = await HeldAsync(writeDb, volunteer.ResidentId, shift.Period, ct);
        var broken = ShiftRules.Check(shift, volunteer, taken, new VolunteerLoad(held), zone);
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        if (proposed is not null)
        {
            proposed.Publish();
            return proposed;
        }
        var assignment = new Assignment(Ids.New(), shift, volunteer.ResidentId, AssignmentState.Assigned, source, createdBy, now);
        writeDb.Add(assignment);
        return assignment;
    }

    /// <summary>The intervals of a volunteer's holding assignments; around <paramref name="near"/> (its weeks) when given.</summary>
    internal static async Task<List<Interval>> HeldAsync(CommunityShareDb db, string residentId, Interval? near, CancellationToken ct)
    {
        var query = db.Set<Assignment>().AsNoTracking().Where(a => a.ResidentId == residentId && Assignment.HoldingStates.Contains(a.State));
        if (near is { } n)
        {
            // A week either side covers the shift's own week, whatever the zone.
            var from = n.Start - Duration.FromDays(8);
            var to = n.End + Duration.FromDays(8);
            query = query.Where(a => a.End > from && a.Start < to);
        }
        var rows = await query.Select(a => new { a.Start, a.End }).ToListAsync(ct);
        return rows.Select(r => new Interval(r.Start, r.End)).ToList();
    }

    public async Task<Shift> LoadShiftAsync(string activityId, string shiftId, CancellationToken cancellationToken) =>
        await db.Set<Shift>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == shiftId && s.ActivityId == activityId, cancellationToken)
        ?? throw Problem.NotFound(ActivityDesk.ShiftName(activityId, shiftId));

    internal static async Task<Assignment> FindAsync(CommunityShareDb db, string resourceName, CancellationToken cancellationToken)
    {
        var id = resourceName.Split('/')[^1];
        return await db.Set<Assignment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw Problem.NotFound(resourceName);
    }

    public static string AssignmentName(string id) => "assignments/" + id;
}
