using CommunityShare.Domain.Credit;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Volunteers;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// Demo volunteers of Xinzhuang: demo-resident-01 … -12 registered (01 a first-aider with 120 confirmed
/// hours, one star), a team with a leader, and two activities for the coming weekend — the Saturday
/// public opening of the Xinzhuang school's football field (which so needs volunteers on site) and a
/// health-check day — with shifts, some places taken and some open. Seeded once, with the demo data.
/// </summary>
public static class DemoVolunteers
{
    public static async Task SeedAsync(CommunityShareDb db, IClock clock, CancellationToken cancellationToken)
    {
        if (await db.Set<Volunteer>().AnyAsync(cancellationToken) || !await db.Set<Residents.ResidentRecord>().AnyAsync(cancellationToken))
        {
            return;
        }
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var now = clock.GetCurrentInstant();
        var residents = await db.Set<Residents.ResidentRecord>().AsNoTracking().Where(r => string.Compare(r.Id, DemoResidents.Id(12)) <= 0)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var everyDay = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new AvailabilityWindow(d, new TimeRange(new LocalTime(8, 0), new LocalTime(20, 0)))).ToArray();
        Skills[] skillsOf = [Skills.FirstAid, Skills.ElderlyCare, Skills.None, Skills.Medical, Skills.SportsCoaching, Skills.FirstAid | Skills.Medical,
            Skills.Legal, Skills.None, Skills.SignLanguage, Skills.ElderlyCare, Skills.FirstAid, Skills.Counselling];
        var volunteers = new List<Volunteer>();
        for (var i = 0; i < residents.Count; i++)
        {
            var v = new Volunteer(residents[i].Id, residents[i].HomePlaceCode, now);
            v.Set(skillsOf[i % skillsOf.Length], i % 3 == 0 ? ["普通话", "上海话"] : ["普通话"], everyDay, [], residents[i].HomePlaceCode, 8 + i % 3 * 4, now);
            volunteers.Add(v);
        }
        db.AddRange(volunteers);

        const string xinzhuang = "310112101";
        var team = new Team("team-xinzhuang", xinzhuang, "莘庄镇志愿服务队", now);
        db.Add(team);
        db.AddRange(volunteers.Take(8).Select((v, i) => new TeamMember(team.Id, v.ResidentId, i == 0, now)));

        var neighbourhood = await db.Places.AsNoTracking().Where(p => p.ParentCode == xinzhuang).OrderBy(p => p.Code).Select(p => p.Code)
            .FirstOrDefaultAsync(cancellationToken) ?? xinzhuang;
        var field = await db.Facilities.AsNoTracking().Where(f => f.PlaceCode.StartsWith(xinzhuang) && f.Kind == FacilityKind.SportsField && f.ParentFacilityId == null)
            .OrderBy(f => f.Id).Select(f => f.Id).FirstOrDefaultAsync(cancellationToken);
        var opening = new Activity("demo-field-opening", neighbourhood, "学校操场周末开放", "周六上午向居民开放学校足球场，志愿者负责入口引导、秩序和安全。", field,
            "莘庄实验学校东门", now);
        var health = new Activity("demo-health-day", neighbourhood, "社区健康体检日", "社区卫生服务中心组织老人体检，志愿者协助登记和引导。", null, "莘庄社区卫生服务中心一楼", now);
        db.AddRange(opening, health);

        var today = now.InZone(zone).Date;
        var untilSaturday = ((int)IsoDayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7;
        var saturday = today.PlusDays(untilSaturday == 0 ? 7 : untilSaturday);
        Interval On(LocalDate d, int from, int to) => new(d.At(new LocalTime(from, 0)).InZoneLeniently(zone).ToInstant(), d.At(new LocalTime(to, 0)).InZoneLeniently(zone).ToInstant());
        var shifts = new[]
        {
            new Shift("demo-shift-1", opening.Id, opening.PlaceCode, On(saturday, 8, 12), 3, Skills.None, now),
            new Shift("demo-shift-2", opening.Id, opening.PlaceCode, On(saturday, 8, 12), 1, Skills.FirstAid, now),
            new Shift("demo-shift-3", opening.Id, opening.PlaceCode, On(saturday, 13, 17), 2, Skills.None, now),
            new Shift("demo-shift-4", health.Id, health.PlaceCode, On(saturday.PlusDays(1), 8, 11), 2, Skills.Medical, now),
        };
        db.AddRange(shifts);
        db.Add(new Assignment("demo-assignment-1", shifts[1], volunteers[0].ResidentId, AssignmentState.Assigned, AssignmentSource.SignUp, "residents/" + volunteers[0].ResidentId, now));
        db.Add(new Assignment("demo-assignment-2", shifts[0], volunteers[1].ResidentId, AssignmentState.Assigned, AssignmentSource.Staff, "staff/demo", now));

        // demo-resident-01's past service: 120 confirmed hours, one star.
        var past = new Shift("demo-shift-past", health.Id, health.PlaceCode, On(today.PlusDays(-30), 8, 12), 1, Skills.None, now - Duration.FromDays(40));
        db.Add(past);
        var served = new Assignment("demo-assignment-past", past, volunteers[0].ResidentId, AssignmentState.Assigned, AssignmentSource.SignUp,
            "residents/" + volunteers[0].ResidentId, now - Duration.FromDays(40));
        served.Confirm();
        db.Add(served);
        var record = new ServiceRecord("demo-record-1", served, 120 * 60, "社区健康体检日（本年度累计）", health.Location, health.PlaceCode, "staff/demo", now - Duration.FromDays(29));
        db.Add(record);
        Credit.CreditRecords.Append(db, CreditEventKind.VolunteerService, served.ResidentId, served.Start, ServiceHoursDesk.RecordName(record.ResidentId, record.Id),
            health.PlaceCode, "志愿服务 120 小时：社区健康体检日", "staff/demo", now - Duration.FromDays(29));
        await db.SaveChangesAsync(cancellationToken);
    }
}
