using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

/// <summary>
/// Hours of service: staff of the activity's place confirm them (from check-in and check-out, or as
/// they state), which makes a service record and a good event on the volunteer's credit record, in
/// one transaction. A volunteer who thinks the hours are wrong asks for a correction with a reason.
/// </summary>
public sealed class ServiceHoursDesk(CommunityShareDb db, IClock clock)
{
    public const int LongestServiceMinutes = 24 * 60;

    public async Task<ServiceRecord> ConfirmAsync(Actor actor, string assignmentId, double? hours, Violations violations, CancellationToken cancellationToken)
    {
        violations.Check(hours is < 0 or > 24, "hours", Reasons.OutOfRange, "must be 0 to 24 hours (0: as checked in and out).");
        var assignment = await db.Set<Assignment>().FirstOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
        if (assignment is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(ShiftPlaces.AssignmentName(assignmentId));
        }
        var shift = await db.Set<Shift>().AsNoTracking().FirstAsync(s => s.Id == assignment.ShiftId, cancellationToken);
        actor.RequireManage(Jurisdiction.OfPlace(shift.PlaceCode), "confirm hours on this shift");
        violations.ThrowIfAny();
        var now = clock.GetCurrentInstant();
        if (assignment.State == AssignmentState.Confirmed)
        {
            throw Problem.Broken(Reasons.HoursAlreadyConfirmed, "These hours are already confirmed; ask for a correction instead.");
        }
        if (now < shift.Start)
        {
            throw Problem.Broken(Reasons.NotStartedYet, "The shift has not begun.");
        }
        int minutes;
        if (hours is > 0)
        {
            minutes = (int)Math.Round(hours.Value * 60);
        }
        else if (assignment.CheckInTime is { } checkIn)
        {
            minutes = ServiceHours.Minutes(shift.Period, checkIn, assignment.CheckOutTime ?? (now < shift.End ? now : shift.End));
        }
        else
        {
            throw Problem.Broken(Reasons.NotCheckedIn, "The volunteer did not check in; state the hours served.",
                new Dictionary<string, string> { ["field"] = "hours" });
        }
        var activity = await db.Set<Activity>().AsNoTracking().FirstAsync(a => a.Id == shift.ActivityId, cancellationToken);
        assignment.Confirm();
        var record = new ServiceRecord(Ids.New(), assignment, minutes, activity.Title, activity.Location, activity.PlaceCode, actor.ResourceName, now);
        db.Add(record);
        Credit.CreditRecords.Append(db, CreditEventKind.VolunteerService, assignment.ResidentId, assignment.Start, RecordName(record.ResidentId, record.Id),
            activity.PlaceCode, $"志愿服务 {minutes / 60.0:0.##} 小时：{activity.Title}", actor.ResourceName, now);
        await OnHoursConfirmedAsync(db, record, minutes, RecordName(record.ResidentId, record.Id), actor.ResourceName, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// Every confirmed hour credits the volunteer's time account district-wide (1 hour = 1 coin), in
    /// the same unit of work as the service record, once per <paramref name="source"/>. A granted
    /// correction that adds time deposits the difference under its own source; one that takes time
    /// away leaves the coins already given (the ledger is append-only and a balance may already be spent).
    /// </summary>
    private static async Task OnHoursConfirmedAsync(CommunityShareDb db, ServiceRecord record, int minutes, string source, string recordedBy, Instant now,
        CancellationToken cancellationToken)
    {
        if (minutes <= 0)
        {
            return;
        }
        await TimeBank.TimeLedger.DepositAsync(db, record.ResidentId, minutes, source, record.ServiceStart <= now ? record.ServiceStart : now, recordedBy, now,
            cancellationToken, record.PlaceCode, $"志愿服务：{record.Service}");
    }

    public async Task<(IReadOnlyList<ServiceRecord> Items, string Next, int TotalMinutes)> ListAsync(Actor actor, string residentId, int pageSize,
        string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, residentId, violations);
        violations.ThrowIfAny();
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken)
                        ?? throw Problem.NotFound(VolunteerRegistry.Name(residentId));
        VolunteerRegistry.RequireSelfOrOverseer(actor, residentId, volunteer.HomePlaceCode, "see this volunteer's service records");
        var query = db.Set<ServiceRecord>().AsNoTracking().Where(r => r.ResidentId == residentId);
        var total = await query.SumAsync(r => r.Minutes, cancellationToken);
        if (after is { Length: 2 })
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], System.Globalization.CultureInfo.InvariantCulture));
            query = query.Where(r => r.ServiceStart < start || (r.ServiceStart == start && string.Compare(r.Id, after[1]) < 0));
        }
        var page = await query.OrderByDescending(r => r.ServiceStart).ThenByDescending(r => r.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var next = page.Count > pageSize
            ? PageToken.Encode(residentId, page[pageSize - 1].ServiceStart.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture), page[pageSize - 1].Id)
            : "";
        return (page.Take(pageSize).ToList(), next, total);
    }

    public async Task<ServiceRecord> RequestCorrectionAsync(Actor actor, string residentId, string recordId, double? hours, string? reason, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.Check(hours is null or <= 0 or > 24, "hours", Reasons.OutOfRange, "must be more than 0 and at most 24 hours.");
        if (violations.Required(reason, "reason"))
        {
            violations.MaxLength(reason!.Trim(), Assignment.MaxReasonLength, "reason");
        }
        var record = await db.Set<ServiceRecord>().FirstOrDefaultAsync(r => r.Id == recordId && r.ResidentId == residentId, cancellationToken);
        if (record is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(RecordName(residentId, recordId));
        }
        if (actor.ResidentId != residentId)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only the volunteer asks for a correction of their hours.");
        }
        violations.ThrowIfAny();
        record.RequestCorrection((int)Math.Round(hours!.Value * 60), reason!.Trim());
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    public async Task<ServiceRecord> DecideCorrectionAsync(Actor actor, string residentId, string recordId, bool grant, CancellationToken cancellationToken)
    {
        var record = await db.Set<ServiceRecord>().FirstOrDefaultAsync(r => r.Id == recordId && r.ResidentId == residentId, cancellationToken)
                     ?? throw Problem.NotFound(RecordName(residentId, recordId));
        actor.RequireManage(Jurisdiction.OfPlace(record.PlaceCode), "decide corrections of these hours");
        var change = record.DecideCorrection(grant, actor.ResourceName);
        if (change != 0)
        {
            var now = clock.GetCurrentInstant();
            await OnHoursConfirmedAsync(db, record, change, $"{RecordName(residentId, recordId)}/corrections/{record.Version}", actor.ResourceName, now,
                cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    public static string RecordName(string residentId, string id) => $"residents/{residentId}/serviceRecords/{id}";
}
