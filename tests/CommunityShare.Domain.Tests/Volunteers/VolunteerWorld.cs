using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Volunteers;
using NodaTime;
using NodaTime.Testing;

namespace CommunityShare.Domain.Tests.Volunteers;

/// <summary>A week in Shanghai (Monday 2026-06-08 to Monday 2026-06-15), volunteers and shifts to fill it with.</summary>
internal static class VolunteerWorld
{
    public static readonly DateTimeZone Zone = Given.Shanghai;

    public static readonly FakeClock Clock = new(Given.At("2026-06-05 09:00", Given.Shanghai));

    public static readonly Interval Week = ShiftRules.WeekOf(Given.At("2026-06-10 12:00", Zone), Zone);

    /// <summary>Xinzhuang town 310112101 with neighbourhoods …001 and …002; Qibao 310112102.</summary>
    public const string Xinzhuang1 = "310112101001";
    public const string Xinzhuang2 = "310112101002";
    public const string Qibao1 = "310112102001";

    public static Volunteer Volunteer(string id, Skills skills = Skills.None, string home = Xinzhuang1, int maxHours = 8, params AvailabilityWindow[] availability)
    {
        var v = new Volunteer(id, home, Clock.GetCurrentInstant());
        v.Set(skills, ["普通话"], availability.Length > 0 ? availability : EveryDay(8, 22), [], home, maxHours, Clock.GetCurrentInstant());
        return v;
    }

    public static AvailabilityWindow[] EveryDay(int from, int to) =>
        Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => new AvailabilityWindow(d, Given.Hours(from, to))).ToArray();

    /// <summary>A shift on a day of the week (2026-06-08 is Monday) from one hour to another.</summary>
    public static Shift Shift(string id, string day, int from, int to, int places = 1, Skills skills = Skills.None, string place = Xinzhuang1) =>
        new(id, "a1", place, Given.Between($"{day} {from:D2}:00", $"{day} {to:D2}:00", Zone), places, skills, Clock.GetCurrentInstant());

    public static OpenShift Open(Shift s, int? open = null) => new(s.Id, s.Period, s.PlaceCode, s.RequiredSkills, open ?? s.PlacesNeeded);

    public static RosterCandidate Candidate(Volunteer v, double recentHours = 0, params Interval[] held) =>
        RosterCandidate.Of(v, Week, Zone, Duration.FromMinutes(recentHours * 60), held);
}
