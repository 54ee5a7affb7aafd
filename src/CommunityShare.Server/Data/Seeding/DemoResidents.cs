using CommunityShare.Domain.Places;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Data.Seeding;

/// <summary>
/// Real-name records for the demo residents demo-resident-01 … -60 who hold the demo bookings:
/// synthetic names, mobile numbers 1390000xxxx and valid-looking identity numbers, living in the
/// district's neighbourhoods (01 and 02 in Xinzhuang). -03 is an elderly resident who has given
/// -01 standing consent to book for her (代办); -04 is -02's child (a minor, -02 the guardian).
/// Seeded with the demo data, only when no resident exists yet.
/// </summary>
public static class DemoResidents
{
    public const int Count = 60;

    private static readonly string[] FamilyNames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭"];
    private static readonly string[] GivenNames = ["秀英", "建国", "丽娟", "志强", "海燕", "伟", "静", "敏", "磊", "洋", "婷", "晨", "宇轩", "佳怡", "桂兰", "国平"];

    public static string Id(int number) => $"demo-resident-{number:00}";

    public static async Task SeedAsync(CommunityShareDb db, PersonalDataProtection protection, IClock clock, CancellationToken cancellationToken)
    {
        if (await db.Set<ResidentRecord>().AnyAsync(cancellationToken))
        {
            return;
        }
        var neighbourhoods = await db.Places.AsNoTracking().Where(p => p.Kind == PlaceKind.Neighborhood)
            .OrderBy(p => p.Code).Select(p => p.Code).ToListAsync(cancellationToken);
        if (neighbourhoods.Count == 0)
        {
            return;
        }
        var xinzhuang = neighbourhoods.FirstOrDefault(c => c.StartsWith("310112101", StringComparison.Ordinal)) ?? neighbourhoods[0];
        var now = clock.GetCurrentInstant();
        var thisYear = now.InUtc().Year;
        for (var n = 1; n <= Count; n++)
        {
            var birthYear = n switch
            {
                3 => 1944,
                4 => thisYear - 12,
                _ => 1950 + n * 7 % 50,
            };
            var birth = new LocalDate(birthYear, n % 12 + 1, n % 27 + 1);
            var number = IdentityNumber.WithCheckCharacter("310112" + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + n.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
            if (!IdentityNumber.TryParse(number, out var identity))
            {
                throw new InvalidOperationException($"Demo identity number {n} does not parse.");
            }
            var home = n <= 4 ? xinzhuang : neighbourhoods[n * 7 % neighbourhoods.Count];
            db.Set<ResidentRecord>().Add(new ResidentRecord
            {
                Id = Id(n),
                Name = FamilyNames[n % FamilyNames.Length] + GivenNames[n * 5 % GivenNames.Length],
                Mobile = $"1390000{n:0000}",
                ProtectedIdentityNumber = protection.Protect(identity!.Value),
                IdentityNumberHash = protection.Hash(identity.Value),
                HomePlaceCode = home,
                GuardianId = n == 4 ? Id(2) : null,
                // 01 lives with his mother 03; 02 with her child 04: their households share the household quotas.
                HouseholdId = n is 1 or 3 ? "310112101001-h001" : n is 2 or 4 ? "310112101001-h002" : null,
                CreateTime = now,
                UpdateTime = now,
                Version = 1,
            });
        }
        db.Set<ProxyGrant>().Add(new ProxyGrant("demo-proxy-1", Id(3), Id(1), "子女", "本人到场签字同意", "system", now));
        await db.SaveChangesAsync(cancellationToken);
    }
}
