using CommunityShare.Domain.Complaints;
using CommunityShare.Server.Complaints;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// Demo complaints in Xinzhuang, in each state: one just filed (with the institution), one answered,
/// one closed as upheld and rated, an anonymous one about staff conduct with the town office, and one
/// left unanswered past every deadline (escalated to the district, overdue). Plus one spot inspection.
/// Seeded once, with the demo data.
/// </summary>
public static class DemoComplaints
{
    public static async Task SeedAsync(CommunityShareDb db, IClock clock, CancellationToken cancellationToken)
    {
        const string xinzhuang = "310112101";
        if (await db.Complaints.AnyAsync(cancellationToken) || !await db.Set<Residents.ResidentRecord>().AnyAsync(cancellationToken))
        {
            return;
        }
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == "school-310112101" && f.ParentFacilityId == null)
            .OrderBy(f => f.Id).Take(3).ToListAsync(cancellationToken);
        if (facilities.Count == 0)
        {
            return;
        }
        var calendar = new WorkingCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(cancellationToken));
        var now = clock.GetCurrentInstant();
        const int days = 5;
        Instant Due(Instant from) => WorkingDays.DueAfter(calendar, from, days);
        var steps = new List<ComplaintStep>();

        Complaint Facility(int n, int facility, int resident, bool anonymous, string text, Instant filed)
        {
            var f = facilities[facility % facilities.Count];
            var c = new Complaint($"demo-complaint-{n}", "residents/" + DemoResidents.Id(resident),
                anonymous, ComplaintTarget.Facility, f.Id, f.Id, f.InstitutionId, null, f.PlaceCode, xinzhuang, text, ComplaintLevel.Operator, filed, Due(filed));
            steps.Add(c.Filed(anonymous ? Complaint.AnonymousName : c.FiledBy, ""));
            steps.Add(c.Routed("institutions/" + f.InstitutionId, filed));
            return c;
        }

        var justFiled = Facility(1, 0, 5, false, "篮球场东侧两盏灯不亮，晚上打球看不清。", now - Duration.FromHours(3));

        var answered = Facility(2, 1, 6, false, "开放时间公示为 18:00 开门，实际 18:30 才开。", now - Duration.FromDays(2));
        steps.Add(answered.Respond("已提醒门卫按公示时间开门，并调整了排班。", "staff/xinzhuang.school", now - Duration.FromDays(1)));

        var closed = Facility(3, 2, 7, false, "更衣室地面湿滑，有老人差点摔倒。", now - Duration.FromDays(10));
        steps.Add(closed.Respond("已铺设防滑垫并增加保洁频次。", "staff/xinzhuang.school", now - Duration.FromDays(8)));
        steps.Add(closed.Close(ComplaintOutcome.Upheld, "情况属实，已整改，镇里回访确认。", "staff/xinzhuang.office", now - Duration.FromDays(6)));
        steps.Add(closed.Rate(4, "处理及时。", now - Duration.FromDays(5)));

        var conductFiled = now - Duration.FromDays(1);
        var conduct = new Complaint("demo-complaint-4", "residents/" + DemoResidents.Id(8), true, ComplaintTarget.StaffConduct, "前台值班人员（工号 0231）",
            facilities[0].Id, null, null, facilities[0].PlaceCode, xinzhuang, "登记时态度生硬，不让老人找人代签。", ComplaintLevel.Office, conductFiled, Due(conductFiled));
        steps.Add(conduct.Filed(Complaint.AnonymousName, ""));
        steps.Add(conduct.Routed("places/" + xinzhuang, conductFiled));

        // Unanswered through both deadlines: with the district now, and overdue there too.
        var lostFiled = now - Duration.FromDays(30);
        var lost = Facility(5, 0, 9, false, "预约后到场发现场地被其他单位占用，无人解释。", lostFiled);
        var toOffice = lost.DueTime + Duration.FromMinutes(1);
        steps.Add(lost.Escalate(toOffice, Due(toOffice), "places/" + xinzhuang)!);
        var toDistrict = lost.DueTime + Duration.FromMinutes(1);
        steps.Add(lost.Escalate(toDistrict, Due(toDistrict), "district")!);

        db.Complaints.AddRange(justFiled, answered, closed, conduct, lost);
        db.ComplaintSteps.AddRange(steps);
        db.Inspections.Add(new Inspection("demo-inspection-1", facilities[0].Id, facilities[0].InstitutionId, facilities[0].PlaceCode, now - Duration.FromDays(3),
            "莘庄镇社区管理办 王敏",
            [
                new InspectionFinding("安全出口与消防设施", true, ""),
                new InspectionFinding("开放时间公示并按时开放", false, "公示牌未更新暑期时间"),
                new InspectionFinding("场地卫生与设备完好", true, ""),
            ], InspectionResult.PassedWithRemarks, "要求一周内更新公示牌。", "staff/xinzhuang.office", now - Duration.FromDays(3)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
