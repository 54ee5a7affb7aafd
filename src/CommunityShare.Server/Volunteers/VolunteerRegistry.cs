using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

/// <summary>A profile as it is sent: every field replaced at once.</summary>
public sealed record VolunteerDraft(Skills Skills, IReadOnlyList<string> Languages, IReadOnlyList<AvailabilityWindow> Availability,
    IReadOnlyList<LocalDate> Unavailable, string? HomePlaceCode, int MaxHoursPerWeek);

/// <summary>A volunteer with what is computed about them: the name (for them and staff), confirmed hours and stars.</summary>
public sealed record VolunteerView(Volunteer Volunteer, string Name, int ConfirmedMinutes, int Stars, int? NextStarHours);

public sealed record TeamView(Team Team, IReadOnlyList<(TeamMember Member, string Name)> Members);

/// <summary>
/// Volunteers and teams. A resident registers and updates their own profile, or the office over
/// their home does it for them; staff who oversee a place list the volunteers living there. Teams
/// belong to a town or subdistrict, whose staff manage them and their members.
/// </summary>
public sealed class VolunteerRegistry(CommunityShareDb db, IClock clock, RequestLedger ledger, IOptions<VolunteerSettings> settings)
{
    public async Task<VolunteerView> RegisterAsync(Actor actor, string residentId, VolunteerDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        var resident = await db.Set<Residents.ResidentRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Resident(residentId));
        RequireSelfOrManager(actor, residentId, resident.HomePlaceCode, "register a volunteer");
        Validate(draft, violations);
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return await GetAsync(actor, residentId, cancellationToken);
        }
        if (await db.Set<Volunteer>().AnyAsync(v => v.ResidentId == residentId, cancellationToken))
        {
            throw Problem.AlreadyExists(Name(residentId));
        }
        var now = clock.GetCurrentInstant();
        var volunteer = new Volunteer(residentId, resident.HomePlaceCode, now);
        volunteer.Set(draft.Skills, draft.Languages, draft.Availability, draft.Unavailable, draft.HomePlaceCode ?? resident.HomePlaceCode, draft.MaxHoursPerWeek, now);
        db.Add(volunteer);
        ledger.Record(requestKey, Name(residentId), now);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(volunteer, resident.Name, cancellationToken);
    }

    public async Task<VolunteerView> GetAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        var volunteer = await LoadAsync(residentId, cancellationToken);
        RequireSelfOrOverseer(actor, residentId, volunteer.HomePlaceCode, "see this volunteer");
        return await ViewAsync(volunteer, await NameOfAsync(residentId, cancellationToken), cancellationToken);
    }

    public async Task<VolunteerView> UpdateAsync(Actor actor, string residentId, VolunteerDraft draft, string? etag, Violations violations,
        CancellationToken cancellationToken)
    {
        var volunteer = await db.Set<Volunteer>().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken)
                        ?? throw Problem.NotFound(Name(residentId));
        RequireSelfOrManager(actor, residentId, volunteer.HomePlaceCode, "change this volunteer");
        Validate(draft, violations);
        violations.ThrowIfAny();
        if (!string.IsNullOrEmpty(etag))
        {
            Etags.Require(Name(residentId), etag, volunteer.Version);
        }
        volunteer.Set(draft.Skills, draft.Languages, draft.Availability, draft.Unavailable, draft.HomePlaceCode ?? volunteer.HomePlaceCode, draft.MaxHoursPerWeek,
            clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(volunteer, await NameOfAsync(residentId, cancellationToken), cancellationToken);
    }

    public async Task<(IReadOnlyList<VolunteerView> Items, string Next)> ListAsync(Actor actor, string placeCode, Skills? skill, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var filter = $"{placeCode}|{skill}";
        var after = PageToken.Decode(pageToken, filter, violations)?[0];
        violations.ThrowIfAny();
        actor.RequireOversee(Jurisdiction.OfPlace(placeCode), "list the volunteers here");
        var query = db.Set<Volunteer>().AsNoTracking().Where(v => v.HomePlaceCode.StartsWith(placeCode));
        if (skill is { } s)
        {
            query = query.Where(v => (v.Skills & s) == s);
        }
        if (after is not null)
        {
            query = query.Where(v => string.Compare(v.ResidentId, after) > 0);
        }
        var page = await query.OrderBy(v => v.ResidentId).Take(pageSize + 1).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, page.Select(v => v.ResidentId), cancellationToken);
        var minutes = await ConfirmedMinutesAsync(db, page.Select(v => v.ResidentId), cancellationToken);
        var stars = settings.Value.Stars;
        var views = page.Take(pageSize).Select(v =>
        {
            var m = minutes.GetValueOrDefault(v.ResidentId);
            return new VolunteerView(v, names.GetValueOrDefault(v.ResidentId, ""), m, stars.For(m), stars.NextThreshold(m));
        }).ToList();
        return (views, page.Count > pageSize ? PageToken.Encode(filter, page[pageSize - 1].ResidentId) : "");
    }

    public async Task<TeamView> CreateTeamAsync(Actor actor, string? placeCode, string? name, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        if (violations.Required(name, "team.display_name"))
        {
            violations.MaxLength(name!.Trim(), Team.MaxNameLength, "team.display_name");
        }
        violations.Check(placeCode is null, "team.place", Reasons.Required, "is required, as places/{town or subdistrict}.");
        violations.ThrowIfAny();
        var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == placeCode, cancellationToken)
                    ?? throw Problem.NotFound(ResourceNames.Place(placeCode!));
        actor.RequireManage(Jurisdiction.OfPlace(place.Code), "create a volunteer team here");
        if (place.Kind is not (Domain.Places.PlaceKind.Town or Domain.Places.PlaceKind.Subdistrict))
        {
            throw Problem.Broken(Reasons.PlaceKindNotAllowed, "A team belongs to a town or a subdistrict.",
                new Dictionary<string, string> { ["field"] = "team.place", ["kind"] = place.Kind.ToString() });
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            return await TeamAsync(made.Split('/')[1], cancellationToken);
        }
        var now = clock.GetCurrentInstant();
        var team = new Team(Ids.New(), place.Code, name!.Trim(), now);
        db.Add(team);
        ledger.Record(requestKey, TeamName(team.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        return new TeamView(team, []);
    }

    public async Task<(IReadOnlyList<TeamView> Items, string Next)> ListTeamsAsync(Actor actor, string placeCode, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, placeCode, violations)?[0];
        violations.ThrowIfAny();
        actor.RequireOversee(Jurisdiction.OfPlace(placeCode), "list the volunteer teams here");
        var query = db.Set<Team>().AsNoTracking().Where(t => t.PlaceCode.StartsWith(placeCode));
        if (after is not null)
        {
            query = query.Where(t => string.Compare(t.Id, after) > 0);
        }
        var page = await query.OrderBy(t => t.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var views = new List<TeamView>();
        foreach (var team in page.Take(pageSize))
        {
            views.Add(await TeamAsync(team, cancellationToken));
        }
        return (views, page.Count > pageSize ? PageToken.Encode(placeCode, page[pageSize - 1].Id) : "");
    }

    public async Task<TeamView> SetMemberAsync(Actor actor, string teamId, string residentId, bool member, bool leader, CancellationToken cancellationToken)
    {
        var team = await db.Set<Team>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken) ?? throw Problem.NotFound(TeamName(teamId));
        actor.RequireManage(Jurisdiction.OfPlace(team.PlaceCode), "change this team");
        var existing = await db.Set<TeamMember>().FirstOrDefaultAsync(m => m.TeamId == teamId && m.ResidentId == residentId, cancellationToken);
        if (member)
        {
            if (!await db.Set<Volunteer>().AnyAsync(v => v.ResidentId == residentId, cancellationToken))
            {
                throw Problem.Broken(Reasons.NotAVolunteer, "Only a registered volunteer can join a team.",
                    new Dictionary<string, string> { ["field"] = "volunteer" });
            }
            if (existing is null)
            {
                db.Add(new TeamMember(teamId, residentId, leader, clock.GetCurrentInstant()));
            }
            else
            {
                existing.Leader = leader;
            }
        }
        else if (existing is null)
        {
            throw Problem.NotFound(TeamName(teamId) + "/members/" + residentId);
        }
        else
        {
            db.Remove(existing);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await TeamAsync(team, cancellationToken);
    }

    public async Task<Volunteer> LoadAsync(string residentId, CancellationToken cancellationToken) =>
        await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken)
        ?? throw Problem.NotFound(Name(residentId));

    public static string Name(string residentId) => $"residents/{residentId}/volunteer";

    public static string TeamName(string id) => "teams/" + id;

    /// <summary>The volunteer themselves, or staff who manage their home.</summary>
    public static void RequireSelfOrManager(Actor actor, string residentId, string homePlaceCode, string action)
    {
        if (actor.ResidentId != residentId)
        {
            actor.RequireManage(Jurisdiction.OfPlace(homePlaceCode), action);
        }
    }

    /// <summary>The volunteer themselves, or staff who oversee their home.</summary>
    public static void RequireSelfOrOverseer(Actor actor, string residentId, string homePlaceCode, string action)
    {
        if (actor.ResidentId != residentId)
        {
            actor.RequireOversee(Jurisdiction.OfPlace(homePlaceCode), action);
        }
    }

    public static async Task<Dictionary<string, string>> NamesAsync(CommunityShareDb db, IEnumerable<string> residentIds, CancellationToken cancellationToken)
    {
        var ids = residentIds.Distinct().ToArray();
        return await db.Set<Residents.ResidentRecord>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
    }

    public static async Task<Dictionary<string, int>> ConfirmedMinutesAsync(CommunityShareDb db, IEnumerable<string> residentIds, CancellationToken cancellationToken)
    {
        var ids = residentIds.Distinct().ToArray();
        return await db.Set<ServiceRecord>().AsNoTracking().Where(r => ids.Contains(r.ResidentId)).GroupBy(r => r.ResidentId)
            .Select(g => new { g.Key, Minutes = g.Sum(r => r.Minutes) }).ToDictionaryAsync(x => x.Key, x => x.Minutes, cancellationToken);
    }

    private async Task<string> NameOfAsync(string residentId, CancellationToken cancellationToken) =>
        (await NamesAsync(db, [residentId], cancellationToken)).GetValueOrDefault(residentId, "");

    private async Task<VolunteerView> ViewAsync(Volunteer volunteer, string name, CancellationToken cancellationToken)
    {
        var minutes = (await ConfirmedMinutesAsync(db, [volunteer.ResidentId], cancellationToken)).GetValueOrDefault(volunteer.ResidentId);
        var stars = settings.Value.Stars;
        return new VolunteerView(volunteer, name, minutes, stars.For(minutes), stars.NextThreshold(minutes));
    }

    private async Task<TeamView> TeamAsync(string teamId, CancellationToken cancellationToken) =>
        await TeamAsync(await db.Set<Team>().AsNoTracking().FirstAsync(t => t.Id == teamId, cancellationToken), cancellationToken);

    private async Task<TeamView> TeamAsync(Team team, CancellationToken cancellationToken)
    {
        var members = await db.Set<TeamMember>().AsNoTracking().Where(m => m.TeamId == team.Id).OrderBy(m => m.ResidentId).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, members.Select(m => m.ResidentId), cancellationToken);
        return new TeamView(team, members.Select(m => (m, names.GetValueOrDefault(m.ResidentId, ""))).ToList());
    }

    private static void Validate(VolunteerDraft draft, Violations violations) =>
        Volunteer.Validate(violations, "volunteer", draft.Skills, draft.Languages, draft.Availability, draft.Unavailable, draft.MaxHoursPerWeek);
}
