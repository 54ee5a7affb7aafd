using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Institutions;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// Seeds Minhang District on an empty database: its real towns and subdistricts (official codes),
/// three neighbourhoods each (synthetic names), 40 institutions, about 150 facilities with varied
/// windows, rules, parts and blackouts, and bookings around today. Deterministic apart from "today";
/// does nothing when any place exists.
/// </summary>
public static class DemoDistrict
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record PlaceFile(PlaceRow District, PlaceRow[] Places);

    private sealed record PlaceRow(
        string Code, string? Kind, [property: JsonPropertyName("name_zh")] string NameZh, [property: JsonPropertyName("name_en")] string NameEn,
        double Lat, double Lon);

    public static async Task SeedAsync(CommunityShareDb db, IClock clock, string? placesFile, CancellationToken cancellationToken)
    {
        if (await db.Places.AnyAsync(cancellationToken))
        {
            return;
        }
        var file = await ReadPlacesAsync(placesFile, cancellationToken);
        var now = clock.GetCurrentInstant();
        var random = new Random(20261125);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var district = new Place(file.District.Code, null, PlaceKind.District, file.District.NameZh, file.District.NameEn,
            new GeoPoint(file.District.Lat, file.District.Lon), now);
        db.Places.Add(district);
        var places = file.Places.Select(p => new Place(p.Code, district.Code, p.Kind switch
        {
            "town" => PlaceKind.Town,
            "subdistrict" => PlaceKind.Subdistrict,
            _ => PlaceKind.IndustrialZone,
        }, p.NameZh, p.NameEn, new GeoPoint(p.Lat, p.Lon), now)).ToArray();
        db.Places.AddRange(places);
        foreach (var place in places)
        {
            for (var n = 1; n <= 3; n++)
            {
                var shortName = place.Name.TrimEnd('镇', '区').Replace("街道", "", StringComparison.Ordinal);
                db.Places.Add(new Place($"{place.Code}{n:000}", place.Code, PlaceKind.Neighborhood,
                    $"{shortName}{Ordinal(n)}居委会", $"{place.NameEn.Split(' ')[0]} Neighbourhood {n}",
                    Near(place.Location!.Value, random, 0.01), now));
            }
        }

        var facilities = new List<Facility>();
        var sportsBaseTowns = new HashSet<string> { "310112101", "310112102", "310112114", "310112001" };
        var hospitalPlaces = places.Take(8).Select(p => p.Code).ToHashSet();
        var schoolsWithHall = places.Where((_, i) => i % 3 == 0).Select(p => p.Code).ToHashSet();
        foreach (var place in places)
        {
            var shortName = place.Name.Replace("街道", "", StringComparison.Ordinal).TrimEnd('镇');
            var school = AddInstitution(db, $"school-{place.Code}", $"{shortName}实验学校", InstitutionKind.School, place, random, now,
                $"{shortName}路{random.Next(10, 900)}号");
            facilities.AddRange(SchoolFacilities(school, schoolsWithHall.Contains(place.Code), random, now));
            var centre = AddInstitution(db, $"centre-{place.Code}", $"{shortName}社区文化活动中心", InstitutionKind.CommunityCentre, place, random, now,
                $"{shortName}路{random.Next(10, 900)}号");
            facilities.AddRange(CommunityCentreFacilities(centre, random, now));
            if (hospitalPlaces.Contains(place.Code))
            {
                var clinic = AddInstitution(db, $"health-{place.Code}", $"{shortName}社区卫生服务中心", InstitutionKind.Hospital, place, random, now,
                    $"{shortName}路{random.Next(10, 900)}号");
                facilities.AddRange(HealthFacilities(clinic, now));
            }
            if (sportsBaseTowns.Contains(place.Code))
            {
                var sports = AddInstitution(db, $"sports-{place.Code}", $"闵行区{shortName}体育训练基地", InstitutionKind.SportsTrainingBase, place, random, now,
                    $"{shortName}路{random.Next(10, 900)}号");
                facilities.AddRange(SportsBaseFacilities(sports, random, now));
            }
        }
        db.Facilities.AddRange(facilities);
        AddBlackouts(db, facilities, now);
        AddBookings(db, facilities, random, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<PlaceFile> ReadPlacesAsync(string? path, CancellationToken cancellationToken)
    {
        await using var stream = string.IsNullOrWhiteSpace(path)
            ? typeof(DemoDistrict).Assembly.GetManifestResourceStream("minhang-places.json")!
            : File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<PlaceFile>(stream, JsonOptions, cancellationToken)
               ?? throw new InvalidDataException("The places file is empty.");
    }

    private static Institution AddInstitution(CommunityShareDb db, string id, string name, InstitutionKind kind, Place place, Random random,
        Instant now, string address)
    {
        var institution = new Institution(id, name, kind, $"{place.Code}{random.Next(1, 4):000}", $"上海市闵行区{address}",
            Near(place.Location!.Value, random, 0.015), now);
        db.Institutions.Add(institution);
        return institution;
    }

    private static IEnumerable<Facility> SchoolFacilities(Institution school, bool withHall, Random random, Instant now)
    {
        // Schools open after lessons on weekdays and during the day at weekends.
        var schedule = Schedule(Weekdays(18, 0, 21, 0).Concat(Weekend(8, 0, 12, 0)).Concat(Weekend(14, 0, 18, 0)));
        // Evening football and basketball are where demand outruns supply: high-demand (热门), so bars apply.
        var popular = BookingRules.Default with { MaxActiveBookings = 2, MaxBookingsPerWeek = 2, MinimumNotice = Duration.FromHours(2), HighDemand = true };
        yield return Make(school, "track", "田径场（400米跑道）", FacilityKind.Track, 80, schedule,
            BookingRules.Default with { SlotLength = Duration.FromHours(1), MaxSlotsPerBooking = 2, MaxPartySize = 4 }, now,
            "塑胶跑道，晨练、夜跑均可。", new Accessibility(true, true, false, "无障碍通道位于东门。"));
        var field = Make(school, "field", "足球场（11人制）", FacilityKind.SportsField, 1, schedule,
            popular with { SlotLength = Duration.FromMinutes(90), MaxSlotsPerBooking = 1, MaxPartySize = 30 }, now, "人造草坪，可分为两个半场。");
        yield return field;
        yield return Make(school, "field-a", "足球场A半场", FacilityKind.SportsField, 1, field.Schedule, field.Rules with { MaxPartySize = 16 }, now,
            "可单独预订的半场。", parent: field);
        yield return Make(school, "field-b", "足球场B半场", FacilityKind.SportsField, 1, field.Schedule, field.Rules with { MaxPartySize = 16 }, now,
            "可单独预订的半场。", parent: field);
        yield return Make(school, "court", "篮球场", FacilityKind.Court, 1, schedule, popular with { MaxPartySize = 12 }, now, "室外标准篮球场。");
        if (withHall)
        {
            var hall = Make(school, "hall", "室内体育馆", FacilityKind.Hall, 1, schedule,
                popular with { ApprovalRequired = true, CommitmentAdmission = true, MaxPartySize = 60, BookingHorizonDays = 14 }, now, "可整体或分半场预订，需学校审核；信用良好的居民承诺遵守规则即可直接确认。",
                new Accessibility(true, true, true, "设无障碍卫生间与助听环路。"));
            yield return hall;
            yield return Make(school, "hall-east", "体育馆东半场", FacilityKind.Hall, 1, schedule, hall.Rules with { MaxPartySize = 30 }, now, "", parent: hall);
            yield return Make(school, "hall-west", "体育馆西半场", FacilityKind.Hall, 1, schedule, hall.Rules with { MaxPartySize = 30 }, now, "", parent: hall);
        }
        _ = random;
    }

    private static IEnumerable<Facility> CommunityCentreFacilities(Institution centre, Random random, Instant now)
    {
        var daily = Schedule(Enumerable.Range(1, 7).Select(d => Window((IsoDayOfWeek)d, 9, 0, 21, 0)));
        var step = new Accessibility(true, true, false, "电梯直达，轮椅可通行。");
        yield return Make(centre, "multi-hall", "多功能厅", FacilityKind.Hall, 1, daily,
            BookingRules.Default with { SlotLength = Duration.FromHours(2), MaxSlotsPerBooking = 2, ApprovalRequired = true, MaxPartySize = 80 }, now,
            "适合讲座、排练、社区活动。", step);
        yield return Make(centre, "meeting", "会议室", FacilityKind.MeetingRoom, 1, daily,
            BookingRules.Default with { MaxSlotsPerBooking = 3, MaxPartySize = 20, CancellationDeadline = Duration.FromHours(4) }, now, "配投影仪。", step);
        yield return Make(centre, "gym", "健身房", FacilityKind.Gym, 20 + random.Next(0, 3) * 5, daily,
            BookingRules.Default with { MaxSlotsPerBooking = 2, MaxPartySize = 2, MinimumNotice = Duration.FromMinutes(30) }, now,
            "器械区与有氧区，按人次预约。", step);
    }

    private static IEnumerable<Facility> HealthFacilities(Institution clinic, Instant now)
    {
        var mornings = Schedule(Weekdays(8, 30, 11, 30));
        yield return Make(clinic, "health-check", "健康检查室", FacilityKind.HealthCheckRoom, 6, mornings,
            BookingRules.Default with
            {
                SlotLength = Duration.FromMinutes(30),
                MaxSlotsPerBooking = 1,
                MaxPartySize = 2,
                BookingHorizonDays = 14,
                MaxActiveBookings = 1,
                MinimumNotice = Duration.FromHours(12),
            },
            now, "老年人免费健康体检，请空腹前来。", new Accessibility(true, true, true, "一楼，轮椅可达。"));
    }

    private static IEnumerable<Facility> SportsBaseFacilities(Institution sports, Random random, Instant now)
    {
        var long_ = Schedule(Enumerable.Range(1, 7).Select(d => Window((IsoDayOfWeek)d, 7, 0, 22, 0)));
        var evenings = Schedule(Weekdays(17, 0, 22, 0).Concat(Weekend(8, 0, 22, 0)));
        yield return Make(sports, "pool", "游泳池", FacilityKind.Pool, 60, long_,
            BookingRules.Default with { SlotLength = Duration.FromMinutes(90), MaxSlotsPerBooking = 1, MaxPartySize = 3, MaxBookingsPerWeek = 3 }, now,
            "50米标准泳池，需自备泳帽。", new Accessibility(true, true, false, ""));
        var arena = Make(sports, "arena", "综合训练馆", FacilityKind.Hall, 1, evenings,
            BookingRules.Default with { ApprovalRequired = true, MaxPartySize = 100, BookingHorizonDays = 14 }, now, "可分为两块场地。",
            new Accessibility(true, true, true, ""));
        yield return arena;
        yield return Make(sports, "arena-1", "训练馆1号场", FacilityKind.Hall, 1, evenings, arena.Rules with { ApprovalRequired = false, MaxPartySize = 40 }, now, "", parent: arena);
        yield return Make(sports, "arena-2", "训练馆2号场", FacilityKind.Hall, 1, evenings, arena.Rules with { ApprovalRequired = false, MaxPartySize = 40 }, now, "", parent: arena);
        yield return Make(sports, "tennis", "网球场", FacilityKind.Court, 1, evenings,
            BookingRules.Default with { MaxSlotsPerBooking = 2, MaxPartySize = 4, MaxActiveBookings = 2, ReleaseTime = new LocalTime(8, 0), HighDemand = true }, now,
            "硬地网球场，夜间有照明。");
        _ = random;
    }

    private static Facility Make(Institution owner, string suffix, string name, FacilityKind kind, int capacity, OpeningSchedule schedule,
        BookingRules rules, Instant now, string description, Accessibility? accessibility = null, Facility? parent = null) =>
        new($"{owner.Id}-{suffix}", owner.Id, parent?.Id, owner.PlaceCode, name, kind, description, capacity, accessibility ?? Accessibility.None,
            owner.Location, Shanghai, schedule, rules, now);

    private static void AddBlackouts(CommunityShareDb db, List<Facility> facilities, Instant now)
    {
        var today = now.InZone(Shanghai).Date;
        var n = 0;
        foreach (var facility in facilities.Where(f => f.ParentFacilityId is null))
        {
            n++;
            if (facility.InstitutionId.StartsWith("school-", StringComparison.Ordinal) && n % 2 == 0)
            {
                // The school's own sports day on the coming Saturday.
                var saturday = today.Next(IsoDayOfWeek.Saturday);
                db.Blackouts.Add(new Blackout(Ids.New(), facility.Id,
                    new Interval(saturday.AtStartOfDayInZone(Shanghai).ToInstant(), saturday.PlusDays(1).AtStartOfDayInZone(Shanghai).ToInstant()),
                    BlackoutReason.InstitutionEvent, "学校运动会", now));
            }
            else if (n % 5 == 0)
            {
                var day = today.PlusDays(3 + n % 4);
                db.Blackouts.Add(new Blackout(Ids.New(), facility.Id,
                    new Interval(day.At(new LocalTime(9, 0)).InZoneLeniently(Shanghai).ToInstant(), day.At(new LocalTime(13, 0)).InZoneLeniently(Shanghai).ToInstant()),
                    BlackoutReason.Maintenance, "设备检修", now));
            }
        }
    }

    /// <summary>Bookings on stand-alone facilities only, one per slot, so no invariant is touched by seeding.</summary>
    private static void AddBookings(CommunityShareDb db, List<Facility> facilities, Random random, Instant now)
    {
        var today = now.InZone(Shanghai).Date;
        var standalone = facilities.Where(f => f.ParentFacilityId is null && !facilities.Any(p => p.ParentFacilityId == f.Id)).ToArray();
        var residentNumber = 0;
        foreach (var facility in standalone.Where((_, i) => i % 2 == 0))
        {
            var slots = SlotGrid.SlotsBetween(new DateInterval(today.PlusDays(-7), today.PlusDays(6)), facility.Schedule, Shanghai, facility.Rules.SlotLength)
                .Where((_, i) => i % 4 == 1).Take(6).ToArray();
            foreach (var slot in slots)
            {
                residentNumber++;
                var resident = $"demo-resident-{residentNumber % 60 + 1:00}";
                var past = slot.Interval.End <= now;
                var state = past
                    ? (residentNumber % 7 == 0 ? BookingState.NoShow : residentNumber % 5 == 0 ? BookingState.Cancelled : BookingState.CheckedIn)
                    : facility.Rules.ApprovalRequired && residentNumber % 2 == 0 ? BookingState.PendingApproval : BookingState.Confirmed;
                var party = facility.IsExclusive ? Math.Max(1, Math.Min(facility.Rules.MaxPartySize, 2 + random.Next(0, 8))) : 1 + random.Next(0, 2);
                db.Bookings.Add(new Booking(Ids.New(), facility.Id, resident, slot.Interval, party, state, Ids.CheckInCode(),
                    "residents/" + resident, slot.Interval.Start - facility.Rules.CancellationDeadline, now));
            }
        }
    }

    private static OpeningSchedule Schedule(IEnumerable<WeeklyWindow> windows) => new(windows.ToArray(), []);

    private static WeeklyWindow Window(IsoDayOfWeek day, int h1, int m1, int h2, int m2) =>
        new(day, new TimeRange(new LocalTime(h1, m1), h2 == 24 ? LocalTime.Midnight : new LocalTime(h2, m2)));

    private static IEnumerable<WeeklyWindow> Weekdays(int h1, int m1, int h2, int m2) =>
        Enumerable.Range(1, 5).Select(d => Window((IsoDayOfWeek)d, h1, m1, h2, m2));

    private static IEnumerable<WeeklyWindow> Weekend(int h1, int m1, int h2, int m2) =>
        new[] { IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday }.Select(d => Window(d, h1, m1, h2, m2));

    private static GeoPoint Near(GeoPoint centre, Random random, double spread) =>
        new(centre.Latitude + (random.NextDouble() - 0.5) * spread * 2, centre.Longitude + (random.NextDouble() - 0.5) * spread * 2);

    private static string Ordinal(int n) => n switch { 1 => "一", 2 => "二", _ => "三" } + "村";
}
