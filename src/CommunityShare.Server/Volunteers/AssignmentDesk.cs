using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

/// <summary>
/// What happens to an assignment after it is made: the volunteer asks to drop out or swap, staff
/// decide (the gap is offered to qualified volunteers by text message), and on the day the volunteer
/// checks in and out. Lists: a volunteer's shifts, and who is on a shift.
/// </summary>
public sealed class AssignmentDesk(CommunityShareDb db, IClock clock, IBookingGuard guard, NotificationChannelOn channelOn, IOptions<VolunteerSettings> settings)
{
    public const string GapTemplate = "volunteer.gap";

    public async Task<Assignment> RequestChangeAsync(Actor actor, string id, ChangeKind? kind, string? substituteId, string? reason, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.Check(kind is null, "kind", Reasons.Required, "is required: DROP or SWAP.");
        violations.Check(kind == ChangeKind.Swap && substituteId is null, "substitute", Reasons.Required, "is required for a swap, as residents/{id}/volunteer.");
        if (violations.Required(reason, "reason"))
        {
            violations.MaxLength(reason!.Trim(), Assignment.MaxReasonLength, "reason");
        }
        var assignment = await db.Set<Assignment>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assignment is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(ShiftPlaces.AssignmentName(id));
        }
        if (actor.ResidentId != assignment.ResidentId)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only the volunteer on the shift asks to drop out or swap.");
        }
        violations.ThrowIfAny();
        assignment.RequestChange(kind!.Value, substituteId, reason!.Trim(), clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        return assignment;
    }

    /// <summary>
    /// Staff decide a drop or swap. Approved: the volunteer is dropped and, for a swap, the substitute
    /// takes the place (checked against every rule in the same guarded write, so a substitute who
    /// cannot take it leaves the volunteer on the shift); for a drop the gap goes to qualified volunteers.
    /// </summary>
    public async Task<Assignment> DecideChangeAsync(Actor actor, string id, bool approve, CancellationToken cancellationToken)
    {
        var found = await db.Set<Assignment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
                    ?? throw Problem.NotFound(ShiftPlaces.AssignmentName(id));
        var shift = await db.Set<Shift>().AsNoTracking().FirstAsync(s => s.Id == found.ShiftId, cancellationToken);
        actor.RequireManage(Jurisdiction.OfPlace(shift.PlaceCode), "decide changes to this shift");
        var now = clock.GetCurrentInstant();
        var zone = settings.Value.Zone;
        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var assignment = await writeDb.Set<Assignment>().FirstAsync(a => a.Id == id, ct);
            if (!approve || assignment.ChangeRequested is null)
            {
                assignment.RefuseChange();
                await writeDb.SaveChangesAsync(ct);
                return assignment;
            }
            var swapTo = assignment.ChangeRequested == ChangeKind.Swap ? assignment.SubstituteId : null;
            assignment.Drop();
            await writeDb.SaveChangesAsync(ct);
            if (swapTo is not null)
            {
                var substitute = await writeDb.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == swapTo, ct)
                                 ?? throw Problem.Broken(Reasons.NotAVolunteer, "The substitute is not a registered volunteer.");
                await ShiftPlaces.PlaceAsync(writeDb, shift, substitute, AssignmentSource.Substitute, actor.ResourceName, zone, now, ct);
                await writeDb.SaveChangesAsync(ct);
            }
            else
            {
                await OfferGapAsync(writeDb, shift, assignment.ResidentId, now, ct);
            }
            return assignment;
        }, cancellationToken);
    }

    /// <summary>Tells volunteers who could take the place (skills, no overlap, weekly limit, living under the shift's town) that it is open.</summary>
    private async Task OfferGapAsync(CommunityShareDb writeDb, Shift shift, string leaving, Instant now, CancellationToken ct)
    {
        var town = shift.PlaceCode.Length > 9 ? shift.PlaceCode[..9] : shift.PlaceCode;
        var required = shift.RequiredSkills;
        var candidates = await writeDb.Set<Volunteer>().AsNoTracking()
            .Where(v => v.HomePlaceCode.StartsWith(town) && v.ResidentId != leaving && (v.Skills & required) == required)
            .OrderBy(v => v.ResidentId).Take(settings.Value.GapNoticeLimit * 4).ToListAsync(ct);
        var taken = await writeDb.Set<Assignment>().CountAsync(a => a.ShiftId == shift.Id && Assignment.HoldingStates.Contains(a.State), ct);
        var activity = await writeDb.Set<Activity>().AsNoTracking().FirstAsync(a => a.Id == shift.ActivityId, ct);
        var channel = channelOn(writeDb);
        var local = shift.Start.InZone(settings.Value.Zone);
        var sent = 0;
        foreach (var v in candidates)
        {
            if (sent >= settings.Value.GapNoticeLimit)
            {
                break;
            }
            var held = await ShiftPlaces.HeldAsync(writeDb, v.ResidentId, shift.Period, ct);
            if (ShiftRules.Check(shift, v, taken, new VolunteerLoad(held), settings.Value.Zone).Count > 0)
            {
                continue;
            }
            var mobile = await writeDb.Set<Residents.ResidentRecord>().AsNoTracking().Where(r => r.Id == v.ResidentId).Select(r => r.Mobile).FirstOrDefaultAsync(ct);
            if (string.IsNullOrEmpty(mobile))
            {
                continue;
            }
            var text = $"【社区共享】志愿岗位有空缺：{activity.Title}，{local:yyyy-MM-dd HH:mm} 起。可在“志愿服务”中报名。";
            await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(v.ResidentId), mobile), GapTemplate, text, now), ct);
            sent++;
        }
    }

    public async Task<Assignment> CheckInAsync(Actor actor, string id, bool checkOut, CancellationToken cancellationToken)
    {
        var assignment = await db.Set<Assignment>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw Problem.NotFound(ShiftPlaces.AssignmentName(id));
        if (actor.ResidentId != assignment.ResidentId)
        {
            var shift = await db.Set<Shift>().AsNoTracking().FirstAsync(s => s.Id == assignment.ShiftId, cancellationToken);
            actor.RequireManage(Jurisdiction.OfPlace(shift.PlaceCode), "check volunteers in on this shift");
        }
        var now = clock.GetCurrentInstant();
        if (checkOut)
        {
            assignment.CheckOut(now);
        }
        else
        {
            assignment.CheckIn(now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return assignment;
    }

    /// <summary>A volunteer's assignments (newest shift first), for them and staff who oversee their home.</summary>
    public async Task<(IReadOnlyList<Assignment> Items, string Next)> ListForVolunteerAsync(Actor actor, string residentId, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, residentId, violations);
        violations.ThrowIfAny();
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken)
                        ?? throw Problem.NotFound(VolunteerRegistry.Name(residentId));
        VolunteerRegistry.RequireSelfOrOverseer(actor, residentId, volunteer.HomePlaceCode, "see this volunteer's shifts");
        var query = db.Set<Assignment>().AsNoTracking().Where(a => a.ResidentId == residentId && a.State != AssignmentState.Proposed);
        if (after is { Length: 2 })
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], System.Globalization.CultureInfo.InvariantCulture));
            query = query.Where(a => a.Start < start || (a.Start == start && string.Compare(a.Id, after[1]) < 0));
        }
        var page = await query.OrderByDescending(a => a.Start).ThenByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var next = page.Count > pageSize
            ? PageToken.Encode(residentId, page[pageSize - 1].Start.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture), page[pageSize - 1].Id)
            : "";
        return (page.Take(pageSize).ToList(), next);
    }

    /// <summary>Who is on a shift (proposals included), for staff who oversee its place.</summary>
    public async Task<IReadOnlyList<Assignment>> ListForShiftAsync(Actor actor, string activityId, string shiftId, CancellationToken cancellationToken)
    {
        var shift = await db.Set<Shift>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == shiftId && s.ActivityId == activityId, cancellationToken)
                    ?? throw Problem.NotFound(ActivityDesk.ShiftName(activityId, shiftId));
        actor.RequireOversee(Jurisdiction.OfPlace(shift.PlaceCode), "see who is on this shift");
        return await db.Set<Assignment>().AsNoTracking().Where(a => a.ShiftId == shiftId).OrderBy(a => a.CreateTime).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }
}
