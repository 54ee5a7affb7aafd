using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

/// <summary>A week's proposal as staff review it: the proposed assignments, the gaps, and (after publishing) what could not take its place.</summary>
public sealed record RosterView(IReadOnlyList<Assignment> Assignments, IReadOnlyList<(string Shift, int Missing)> Gaps, IReadOnlyList<string> Skipped);

/// <summary>One opening of a facility that needs volunteers on site, and whether its shifts are staffed.</summary>
public sealed record UnstaffedOpening(string FacilityId, string FacilityName, Interval Opening, bool Staffed);

public sealed record BoardRow(ShiftView Shift, IReadOnlyList<Assignment> Assignments)
{
    /// <summary>Places nobody holds yet (proposals do not hold one).</summary>
    public int Gap => Shift.Shift.PlacesNeeded - Shift.Taken;
}

public sealed record WeekBoard(Interval Week, IReadOnlyList<BoardRow> Rows, IReadOnlyList<Assignment> ChangeRequests, IReadOnlyList<Assignment> ToConfirm,
    IReadOnlyDictionary<string, string> Names);

/// <summary>
/// The week's roster of a town or subdistrict. Proposing replaces the week's earlier proposal with a
/// new one (proposed assignments hold no place); publishing puts each proposed volunteer on their
/// shift inside the write queue, where every rule is checked again — a place taken by a sign-up in
/// between is not taken twice.
/// </summary>
public sealed class RosterDesk(CommunityShareDb db, IClock clock, IBookingGuard guard, IOptions<VolunteerSettings> settings)
{
    public async Task<RosterView> ProposeAsync(Actor actor, string placeCode, LocalDate day, CancellationToken cancellationToken)
    {
        actor.RequireManage(Jurisdiction.OfPlace(placeCode), "propose a roster here");
        var zone = settings.Value.Zone;
        var week = ShiftRules.WeekOf(day.AtStartOfDayInZone(zone).ToInstant(), zone);
        var now = clock.GetCurrentInstant();
        var shifts = await WeekShiftsAsync(placeCode, week, now, cancellationToken);
        var shiftIds = shifts.Select(s => s.Id).ToArray();

        // A new proposal replaces the last one.
        db.RemoveRange(await db.Set<Assignment>().Where(a => shiftIds.Contains(a.ShiftId) && a.State == AssignmentState.Proposed).ToListAsync(cancellationToken));
        var views = await ActivityDesk.ViewsAsync(db, shifts, cancellationToken);
        var open = views.Select(v => new OpenShift(v.Shift.Id, v.Shift.Period, v.Shift.PlaceCode, v.Shift.RequiredSkills, v.Shift.PlacesNeeded - v.Taken)).ToList();

        // The office's volunteers: those living under the place and the members of its teams.
        var teamMembers = db.Set<TeamMember>().Where(m => db.Set<Team>().Any(t => t.Id == m.TeamId && t.PlaceCode.StartsWith(placeCode))).Select(m => m.ResidentId);
        var volunteers = await db.Set<Volunteer>().AsNoTracking().Where(v => v.HomePlaceCode.StartsWith(placeCode) || teamMembers.Contains(v.ResidentId))
            .ToListAsync(cancellationToken);
        var ids = volunteers.Select(v => v.ResidentId).ToArray();
        var rotationFrom = week.Start - Duration.FromDays(7 * settings.Value.RotationWeeks);
        var recent = await db.Set<ServiceRecord>().AsNoTracking().Where(r => ids.Contains(r.ResidentId) && r.ServiceStart >= rotationFrom && r.ServiceStart < week.Start)
            .GroupBy(r => r.ResidentId).Select(g => new { g.Key, Minutes = g.Sum(r => r.Minutes) }).ToDictionaryAsync(x => x.Key, x => x.Minutes, cancellationToken);
        var from = week.Start - Duration.FromDays(1);
        var to = week.End + Duration.FromDays(1);
        var held = (await db.Set<Assignment>().AsNoTracking()
                .Where(a => ids.Contains(a.ResidentId) && Assignment.HoldingStates.Contains(a.State) && a.End > from && a.Start < to)
                .Select(a => new { a.ResidentId, a.Start, a.End }).ToListAsync(cancellationToken))
            .ToLookup(a => a.ResidentId, a => new Interval(a.Start, a.End));
        var candidates = volunteers.Select(v => RosterCandidate.Of(v, week, zone, Duration.FromMinutes(recent.GetValueOrDefault(v.ResidentId)), held[v.ResidentId].ToList()))
            .ToList();

        var proposal = RosterPlanner.Propose(open, candidates, week);
        var byId = shifts.ToDictionary(s => s.Id);
        var assignments = proposal.Assignments
            .Select(p => new Assignment(Ids.New(), byId[p.ShiftId], p.ResidentId, AssignmentState.Proposed, AssignmentSource.Roster, actor.ResourceName, now))
            .ToList();
        db.AddRange(assignments);
        await db.SaveChangesAsync(cancellationToken);
        return new RosterView(assignments, proposal.Gaps.Select(g => (ActivityDesk.ShiftName(byId[g.ShiftId].ActivityId, g.ShiftId), g.Missing)).ToList(), []);
    }

    /// <summary>
    /// The week's board of a place, for its console: every shift with who is on it (proposals
    /// included) and the volunteers' names, in order of start.
    /// </summary>
    public async Task<WeekBoard> BoardAsync(Actor actor, string placeCode, LocalDate day, CancellationToken cancellationToken)
    {
        actor.RequireOversee(Jurisdiction.OfPlace(placeCode), "see the roster here");
        var zone = settings.Value.Zone;
        var week = ShiftRules.WeekOf(day.AtStartOfDayInZone(zone).ToInstant(), zone);
        var shifts = await db.Set<Shift>().AsNoTracking().Where(s => s.PlaceCode.StartsWith(placeCode) && s.Start >= week.Start && s.Start < week.End)
            .OrderBy(s => s.Start).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var views = await ActivityDesk.ViewsAsync(db, shifts, cancellationToken);
        var ids = shifts.Select(s => s.Id).ToArray();
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => ids.Contains(a.ShiftId) && a.State != AssignmentState.Dropped)
            .OrderBy(a => a.CreateTime).ToListAsync(cancellationToken);
        var changes = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.ChangeRequested != null && a.State == AssignmentState.Assigned && db.Set<Shift>().Any(s => s.Id == a.ShiftId && s.PlaceCode.StartsWith(placeCode)))
            .OrderBy(a => a.Start).ToListAsync(cancellationToken);
        var now = clock.GetCurrentInstant();
        var toConfirm = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.State == AssignmentState.Assigned && a.Start <= now && a.Start > now - Duration.FromDays(14)
                        && db.Set<Shift>().Any(s => s.Id == a.ShiftId && s.PlaceCode.StartsWith(placeCode)))
            .OrderBy(a => a.Start).ToListAsync(cancellationToken);
        var names = await VolunteerRegistry.NamesAsync(db, assignments.Concat(changes).Concat(toConfirm).Select(a => a.ResidentId)
            .Concat(changes.Where(c => c.SubstituteId != null).Select(c => c.SubstituteId!)), cancellationToken);
        var byShift = assignments.ToLookup(a => a.ShiftId);
        return new WeekBoard(week, views.Select(v => new BoardRow(v, byShift[v.Shift.Id].ToList())).ToList(), changes, toConfirm, names);
    }

    /// <summary>
    /// Openings in the coming week of the facilities that need volunteers on site (a facility does when
    /// an activity names it) whose hours the activity's shifts do not cover with every place taken.
    /// </summary>
    public async Task<IReadOnlyList<UnstaffedOpening>> UnstaffedOpeningsAsync(Actor actor, string placeCode, CancellationToken cancellationToken)
    {
        actor.RequireOversee(Jurisdiction.OfPlace(placeCode), "see the roster here");
        var now = clock.GetCurrentInstant();
        var staffing = await StaffingAsync(db, placeCode, null, new Interval(now, now + Duration.FromDays(7)), cancellationToken);
        return staffing.Where(o => !o.Staffed).ToList();
    }

    /// <summary>The openings of facilities needing volunteers (under a place, or one facility) in a period, each with whether it is staffed.</summary>
    public static async Task<List<UnstaffedOpening>> StaffingAsync(CommunityShareDb db, string? placeCode, string? facilityId, Interval period,
        CancellationToken cancellationToken)
    {
        var activities = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.FacilityId != null && (placeCode == null || a.PlaceCode.StartsWith(placeCode)) && (facilityId == null || a.FacilityId == facilityId))
            .ToListAsync(cancellationToken);
        var result = new List<UnstaffedOpening>();
        foreach (var group in activities.GroupBy(a => a.FacilityId!))
        {
            var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == group.Key, cancellationToken);
            if (facility is null)
            {
                continue;
            }
            var activityIds = group.Select(a => a.Id).ToArray();
            var shifts = await db.Set<Shift>().AsNoTracking().Where(s => activityIds.Contains(s.ActivityId) && s.End > period.Start && s.Start < period.End)
                .ToListAsync(cancellationToken);
            var views = await ActivityDesk.ViewsAsync(db, shifts, cancellationToken);
            var staffed = views.Where(v => v.Taken >= v.Shift.PlacesNeeded).Select(v => v.Shift.Period).OrderBy(i => i.Start).ToList();
            var understaffed = views.Where(v => v.Taken < v.Shift.PlacesNeeded).Select(v => v.Shift.Period).ToList();
            var zone = facility.Zone;
            for (var date = period.Start.InZone(zone).Date; date <= period.End.InZone(zone).Date; date = date.PlusDays(1))
            {
                foreach (var window in facility.Schedule.WindowsOn(date))
                {
                    var opening = window.On(date, zone);
                    if (opening.End <= period.Start || opening.Start >= period.End)
                    {
                        continue;
                    }
                    // Staffed: the full shifts cover the whole opening, and no shift during it still has places open.
                    var isStaffed = Covers(staffed, opening) && !understaffed.Any(p => p.Start < opening.End && opening.Start < p.End);
                    result.Add(new UnstaffedOpening(facility.Id, facility.Name, opening, isStaffed));
                }
            }
        }
        return result.OrderBy(o => o.Opening.Start).ToList();
    }

    /// <summary>Whether the (start-ordered) staffed shifts cover all of <paramref name="opening"/>.</summary>
    private static bool Covers(List<Interval> staffed, Interval opening)
    {
        var reached = opening.Start;
        foreach (var s in staffed)
        {
            if (s.Start > reached)
            {
                break;
            }
            if (s.End > reached)
            {
                reached = s.End;
            }
        }
        return reached >= opening.End;
    }

    /// <summary>The week's proposal as it stands, for review.</summary>
    public async Task<RosterView> GetProposalAsync(Actor actor, string placeCode, LocalDate day, CancellationToken cancellationToken)
    {
        actor.RequireOversee(Jurisdiction.OfPlace(placeCode), "see the roster here");
        var zone = settings.Value.Zone;
        var week = ShiftRules.WeekOf(day.AtStartOfDayInZone(zone).ToInstant(), zone);
        var proposed = await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.State == AssignmentState.Proposed && a.Start >= week.Start && a.Start < week.End
                        && db.Set<Shift>().Any(s => s.Id == a.ShiftId && s.PlaceCode.StartsWith(placeCode)))
            .OrderBy(a => a.Start).ThenBy(a => a.ShiftId).ToListAsync(cancellationToken);
        return new RosterView(proposed, [], []);
    }

    public async Task<RosterView> PublishAsync(Actor actor, string placeCode, LocalDate day, CancellationToken cancellationToken)
    {
        actor.RequireManage(Jurisdiction.OfPlace(placeCode), "publish a roster here");
        var zone = settings.Value.Zone;
        var week = ShiftRules.WeekOf(day.AtStartOfDayInZone(zone).ToInstant(), zone);
        var now = clock.GetCurrentInstant();
        return await guard.RunAsync(db, async (writeDb, ct) =>
        {
            var proposed = await writeDb.Set<Assignment>()
                .Where(a => a.State == AssignmentState.Proposed && a.Start >= week.Start && a.Start < week.End
                            && writeDb.Set<Shift>().Any(s => s.Id == a.ShiftId && s.PlaceCode.StartsWith(placeCode)))
                .OrderBy(a => a.Start).ThenBy(a => a.ShiftId).ThenBy(a => a.Id).ToListAsync(ct);
            var shiftIds = proposed.Select(p => p.ShiftId).Distinct().ToArray();
            var shifts = await writeDb.Set<Shift>().AsNoTracking().Where(s => shiftIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            var residentIds = proposed.Select(p => p.ResidentId).Distinct().ToArray();
            var volunteers = await writeDb.Set<Volunteer>().AsNoTracking().Where(v => residentIds.Contains(v.ResidentId)).ToDictionaryAsync(v => v.ResidentId, ct);
            var published = new List<Assignment>();
            var skipped = new List<string>();
            foreach (var p in proposed)
            {
                var shift = shifts[p.ShiftId];
                try
                {
                    if (shift.Start <= now)
                    {
                        throw Problem.Broken(Reasons.ShiftStarted, "The shift has already begun.");
                    }
                    if (!volunteers.TryGetValue(p.ResidentId, out var volunteer))
                    {
                        throw Problem.Broken(Reasons.NotAVolunteer, "No longer a volunteer.");
                    }
                    await ShiftPlaces.PlaceAsync(writeDb, shift, volunteer, AssignmentSource.Roster, actor.ResourceName, zone, now, ct, p);
                    published.Add(p);
                }
                catch (Problem problem)
                {
                    p.Drop();
                    skipped.Add($"{ShiftPlaces.AssignmentName(p.Id)}: {problem.Reason}");
                }
                // Each publish is saved before the next is checked, so the next one sees it.
                await writeDb.SaveChangesAsync(ct);
            }
            return new RosterView(published, [], skipped);
        }, cancellationToken);
    }

    private async Task<List<Shift>> WeekShiftsAsync(string placeCode, Interval week, Instant now, CancellationToken cancellationToken) =>
        await db.Set<Shift>().AsNoTracking().Where(s => s.PlaceCode.StartsWith(placeCode) && s.Start >= week.Start && s.Start < week.End && s.Start > now)
            .OrderBy(s => s.Start).ThenBy(s => s.Id).ToListAsync(cancellationToken);
}
