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
