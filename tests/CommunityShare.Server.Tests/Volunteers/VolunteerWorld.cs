using CommunityShare.Contracts.V1;
using Google.Type;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using DayOfWeek = Google.Type.DayOfWeek;

namespace CommunityShare.Server.Tests.Volunteers;

/// <summary>
/// Two towns (Xinzhuang 310112101, Qibao 310112102), volunteers registered through the API and
/// activities with shifts made by the Xinzhuang office. "Now" is Wednesday 2026-06-10 09:00.
/// </summary>
public static class VolunteerWorld
{
    public const string Office = "staff:li:office=310112101";
    public const string OtherOffice = "staff:wang:office=310112102";
    public static readonly LocalDate Today = ServerFixture.DefaultNow.InZone(Shanghai).Date;

    public static VolunteerService.VolunteerServiceClient Client(ServerFixture f, string? actor) => new(f.Channel(actor));

    public static async Task SetUpAsync(ServerFixture f) => await TwoTownsAsync(f);

    /// <summary>A resident of <paramref name="home"/> registered as a volunteer by themselves, available every day 06:00–24:00.</summary>
    public static async Task<Volunteer> VolunteerAsync(ServerFixture f, string id, int maxHours = 20, string home = "310112101001", params Skill[] skills)
    {
        await f.AddResidentAsync(id, home, "志愿者" + id);
        return await Client(f, "resident:" + id).RegisterVolunteerAsync(new RegisterVolunteerRequest
        {
            Parent = "residents/" + id,
            Volunteer = Profile(maxHours, skills),
        });
    }

    public static Volunteer Profile(int maxHours, params Skill[] skills) => new()
    {
        Skills = { skills },
        Languages = { "普通话" },
        MaxHoursPerWeek = maxHours,
        Availability =
        {
            Enumerable.Range(1, 7).Select(d => new WeeklyWindow
            {
                DayOfWeek = (DayOfWeek)d,
                StartTime = new TimeOfDay { Hours = 6 },
                EndTime = new TimeOfDay { Hours = 24 },
            }),
        },
    };

    public static async Task<Activity> ActivityAsync(ServerFixture f, string place = "places/310112101001", string actor = Office) =>
        await Client(f, actor).CreateActivityAsync(new CreateActivityRequest
        {
            Activity = new Activity { Place = place, Title = "学校操场周末开放", Location = "莘庄实验学校东门" },
        });

    /// <summary>A shift of <paramref name="activity"/> on <paramref name="date"/> from one hour to another, Shanghai time.</summary>
    public static async Task<Shift> ShiftAsync(ServerFixture f, Activity activity, LocalDate date, int from, int to, int places = 1, string actor = Office,
        params Skill[] skills) =>
        await Client(f, actor).CreateShiftAsync(new CreateShiftRequest { Parent = activity.Name, Shift = ShiftOn(date, from, to, places, skills) });

    public static Shift ShiftOn(LocalDate date, int from, int to, int places = 1, params Skill[] skills) => new()
    {
        StartTime = ToTimestamp(date.At(new LocalTime(from, 0)).InZoneStrictly(Shanghai).ToInstant()),
        EndTime = ToTimestamp(date.At(new LocalTime(0, 0)).PlusHours(to).InZoneStrictly(Shanghai).ToInstant()),
        PlacesNeeded = places,
        RequiredSkills = { skills },
    };

    public static Google.Type.Date Date(LocalDate d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
