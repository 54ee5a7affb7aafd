using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

public sealed record ActivityDraft(string? PlaceCode, string? Title, string? Description, string? FacilityId, string? Location);

/// <summary>A shift with the places it has taken and its activity's title.</summary>
public sealed record ShiftView(Shift Shift, int Taken, string ActivityTitle);

/// <summary>
/// Activities and their shifts, created by the staff of the town or subdistrict over the activity's
/// place (or the district). Anyone signed in may list them: volunteers look for shifts to take.
/// </summary>
public sealed class ActivityDesk(CommunityShareDb db, IClock clock, RequestLedger ledger, Microsoft.Extensions.Options.IOptions<VolunteerSettings> settings)
{
    public async Task<Activity> CreateActivityAsync(Actor actor, ActivityDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.Check(draft.PlaceCode is null, "activity.place", Reasons.Required, "is required, as places/{place}.");
        if (violations.Required(draft.Title, "activity.title"))
        {
            violations.MaxLength(draft.Title!.Trim(), Activity.MaxTitleLength, "activity.title");
        }
        violations.MaxLength(draft.Description, Activity.MaxDescriptionLength, "activity.description");
        violations.MaxLength(draft.Location, Activity.MaxTitleLength, "activity.location");
        violations.ThrowIfAny();
        var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == draft.PlaceCode, cancellationToken)
                    ?? throw Problem.NotFound(ResourceNames.Place(draft.PlaceCode!));
        actor.RequireManage(Jurisdiction.OfPlace(place.Code), "create an activity here");
        if (draft.FacilityId is not null && !await db.Facilities.AnyAsync(f => f.Id == draft.FacilityId, cancellationToken))
        {
            throw Problem.NotFound(ResourceNames.Facility(draft.FacilityId));
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            return await db.Set<Activity>().AsNoTracking().FirstAsync(a => a.Id == made.Split('/')[1], cancellationToken);
        }
        var now = clock.GetCurrentInstant();
        var activity = new Activity(Ids.New(), place.Code, draft.Title!.Trim(), draft.Description?.Trim() ?? "", draft.FacilityId, draft.Location?.Trim() ?? "", now);
        db.Add(activity);
        ledger.Record(requestKey, ActivityName(activity.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        return activity;
    }

    public async Task<(IReadOnlyList<Activity> Items, string Next)> ListActivitiesAsync(string placeCode, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, placeCode, violations)?[0];
        violations.ThrowIfAny();
        var query = db.Set<Activity>().AsNoTracking().Where(a => a.PlaceCode.StartsWith(placeCode));
        if (after is not null)
        {
            query = query.Where(a => string.Compare(a.Id, after) > 0);
        }
        var page = await query.OrderBy(a => a.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        return (page.Take(pageSize).ToList(), page.Count > pageSize ? PageToken.Encode(placeCode, page[pageSize - 1].Id) : "");
    }

    public async Task<ShiftView> CreateShiftAsync(Actor actor, string activityId, Interval? period, int placesNeeded, Skills requiredSkills, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        Shift.Validate(violations, "shift", period, placesNeeded, requiredSkills);
        var activity = await db.Set<Activity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId, cancellationToken);
        if (activity is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(ActivityName(activityId));
        }
        actor.RequireManage(Jurisdiction.OfPlace(activity.PlaceCode), "add shifts to this activity");
        var now = clock.GetCurrentInstant();
        violations.Check(period is { } p && p.Start < now, "shift.start_time", Reasons.InThePast, "must not be in the past.");
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            var id = made.Split('/')[^1];
            return new ShiftView(await db.Set<Shift>().AsNoTracking().FirstAsync(s => s.Id == id, cancellationToken), 0, activity.Title);
        }
        var shift = new Shift(Ids.New(), activity.Id, activity.PlaceCode, period!.Value, placesNeeded, requiredSkills, now);
        db.Add(shift);
        ledger.Record(requestKey, ShiftName(activity.Id, shift.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        return new ShiftView(shift, 0, activity.Title);
    }

    /// <summary>Shifts of one activity, or of activities under a place, in a time range; ordered by start.</summary>
    public async Task<(IReadOnlyList<ShiftView> Items, string Next)> ListShiftsAsync(Actor actor, string? activityId, string? placeCode, Interval? range,
        bool qualifiedOnly, int pageSize, string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        var filter = $"{activityId}|{placeCode}|{range}|{qualifiedOnly}";
        var after = PageToken.Decode(pageToken, filter, violations);
        violations.ThrowIfAny();
        var query = db.Set<Shift>().AsNoTracking();
        if (activityId is not null)
        {
            query = query.Where(s => s.ActivityId == activityId);
        }
        if (placeCode is not null)
        {
            query = query.Where(s => s.PlaceCode.StartsWith(placeCode));
        }
        if (range is { } r)
        {
            query = query.Where(s => s.Start < r.End && s.End > r.Start);
        }
        Volunteer? me = null;
        if (qualifiedOnly)
        {
            me = actor.ResidentId is null ? null : await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == actor.ResidentId, cancellationToken);
            if (me is null)
            {
                throw Problem.Broken(Reasons.NotAVolunteer, "Register as a volunteer to see the shifts you could take.");
            }
            var now = clock.GetCurrentInstant();
            query = query.Where(s => s.Start > now);
        }
        if (after is { Length: 2 })
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], System.Globalization.CultureInfo.InvariantCulture));
            var id = after[1];
            query = query.Where(s => s.Start > start || (s.Start == start && string.Compare(s.Id, id) > 0));
        }
        // Qualified-only pages are filtered after reading; read more so that a page is rarely short.
        var read = await query.OrderBy(s => s.Start).ThenBy(s => s.Id).Take(qualifiedOnly ? pageSize * 4 + 1 : pageSize + 1).ToListAsync(cancellationToken);
        var views = await ViewsAsync(db, read, cancellationToken);
        var more = read.Count > (qualifiedOnly ? pageSize * 4 : pageSize);
        if (me is not null)
        {
            var held = await ShiftPlaces.HeldAsync(db, me.ResidentId, null, cancellationToken);
            var heldShifts = await db.Set<Assignment>().AsNoTracking().Where(a => a.ResidentId == me.ResidentId && Assignment.HoldingStates.Contains(a.State))
                .Select(a => a.ShiftId).ToListAsync(cancellationToken);
            views = views.Where(v => !heldShifts.Contains(v.Shift.Id)
                                     && ShiftRules.Check(v.Shift, me, v.Taken, new VolunteerLoad(held), settings.Value.Zone).Count == 0).ToList();
        }
        var page = views.Take(pageSize).ToList();
        var last = page.Count > 0 ? page[^1].Shift : null;
        var next = more && last is not null
            ? PageToken.Encode(filter, last.Start.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture), last.Id)
            : "";
        return (page, next);
    }

    public async Task DeleteShiftAsync(Actor actor, string activityId, string shiftId, CancellationToken cancellationToken)
    {
        var shift = await db.Set<Shift>().FirstOrDefaultAsync(s => s.Id == shiftId && s.ActivityId == activityId, cancellationToken)
                    ?? throw Problem.NotFound(ShiftName(activityId, shiftId));
        actor.RequireManage(Jurisdiction.OfPlace(shift.PlaceCode), "delete this shift");
        if (await db.Set<Assignment>().AnyAsync(a => a.ShiftId == shiftId && a.State != AssignmentState.Proposed && a.State != AssignmentState.Dropped, cancellationToken))
        {
            throw Problem.Broken(Reasons.HasChildren, "Volunteers hold places on this shift; drop them first.",
                new Dictionary<string, string> { ["resource"] = ShiftName(activityId, shiftId) });
        }
        db.RemoveRange(await db.Set<Assignment>().Where(a => a.ShiftId == shiftId).ToListAsync(cancellationToken));
        db.Remove(shift);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static async Task<List<ShiftView>> ViewsAsync(CommunityShareDb db, IReadOnlyList<Shift> shifts, CancellationToken cancellationToken)
    {
        var ids = shifts.Select(s => s.Id).ToArray();
        var taken = await db.Set<Assignment>().AsNoTracking().Where(a => ids.Contains(a.ShiftId) && Assignment.HoldingStates.Contains(a.State))
            .GroupBy(a => a.ShiftId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var activityIds = shifts.Select(s => s.ActivityId).Distinct().ToArray();
        var titles = await db.Set<Activity>().AsNoTracking().Where(a => activityIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Title, cancellationToken);
        return shifts.Select(s => new ShiftView(s, taken.GetValueOrDefault(s.Id), titles.GetValueOrDefault(s.ActivityId, ""))).ToList();
    }

    /// <summary>Shifts by id with their activity's title and places taken (for pages that show assignments).</summary>
    public async Task<Dictionary<string, ShiftView>> ShiftsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToArray();
        var shifts = await db.Set<Shift>().AsNoTracking().Where(s => wanted.Contains(s.Id)).ToListAsync(cancellationToken);
        return (await ViewsAsync(db, shifts, cancellationToken)).ToDictionary(v => v.Shift.Id);
    }

    public static string ActivityName(string id) => "activities/" + id;

    public static string ShiftName(string activityId, string id) => $"activities/{activityId}/shifts/{id}";
}
