using System.Diagnostics;
using System.Text.Json;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Volunteers;
using NodaTime;

namespace CommunityShare.Bench;

public sealed record RosterProposalResult(int Shifts, int Volunteers, int Runs, double MedianSeconds, double WorstSeconds, int Assigned, int OpenPlacesLeft,
    double CeilingSeconds, double MedianOverCeiling, bool Met)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(new { roster = this }, Json);
}

/// <summary>
/// Issue 6's target: a week's roster proposal with 500 shifts and 2,000 volunteers in under 2 s.
/// Pure domain work, so it runs in process; the figure includes building each volunteer's week
/// (availability from the pattern and exceptions), as the server does before proposing.
/// </summary>
public static class RosterProposalPhase
{
    public const double CeilingSeconds = 2.0;

    public static RosterProposalResult Run(Action<string> progress, int shiftCount = 500, int volunteerCount = 2000, int runs = 5)
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var monday = new LocalDate(2026, 6, 8);
        var week = new Interval(zone.AtStartOfDay(monday).ToInstant(), zone.AtStartOfDay(monday.PlusWeeks(1)).ToInstant());
        var random = new Random(6);
        var neighbourhoods = Enumerable.Range(0, 40).Select(i => $"310112{101 + i / 8:D3}{1 + i % 8:D3}").ToArray();
        var now = week.Start;
        var skillPool = SkillSet.All;

        var volunteers = new List<(Volunteer Volunteer, double RecentHours)>();
        for (var i = 0; i < volunteerCount; i++)
        {
            var skills = Skills.None;
            for (var k = random.Next(0, 3); k > 0; k--)
            {
                skills |= skillPool[random.Next(skillPool.Length)];
            }
            var days = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None && random.NextDouble() < 0.6).ToArray();
            var from = random.Next(7, 14);
            var availability = days.Select(d => new AvailabilityWindow(d, new TimeRange(new LocalTime(from, 0), new LocalTime(from + random.Next(4, 9), 0)))).ToArray();
            var home = neighbourhoods[random.Next(neighbourhoods.Length)];
            var v = new Volunteer($"v{i:D5}", home, now);
            var unavailable = random.NextDouble() < 0.2 ? new[] { monday.PlusDays(random.Next(7)) } : [];
            v.Set(skills, ["普通话"], availability, unavailable, home, random.Next(4, 16), now);
            volunteers.Add((v, random.Next(0, 200)));
        }
        var shifts = new List<OpenShift>();
        for (var i = 0; i < shiftCount; i++)
        {
            var day = monday.PlusDays(random.Next(7));
            var start = day.At(new LocalTime(random.Next(8, 18), 0)).InZoneLeniently(zone).ToInstant();
            var required = random.NextDouble() < 0.4 ? skillPool[random.Next(skillPool.Length)] : Skills.None;
            shifts.Add(new OpenShift($"s{i:D4}", new Interval(start, start + Duration.FromHours(random.Next(2, 5))), neighbourhoods[random.Next(neighbourhoods.Length)],
                required, random.Next(1, 6)));
        }

        RosterProposal Propose()
        {
            var candidates = volunteers.Select(v => RosterCandidate.Of(v.Volunteer, week, zone, Duration.FromHours(v.RecentHours), [])).ToArray();
            return RosterPlanner.Propose(shifts, candidates, week);
        }

        progress($"roster: {shiftCount} shifts × {volunteerCount} volunteers, warm-up");
        var proposal = Propose();
        var seconds = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            proposal = Propose();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        var median = seconds[seconds.Count / 2];
        var result = new RosterProposalResult(shiftCount, volunteerCount, runs, Math.Round(median, 4), Math.Round(seconds[^1], 4), proposal.Assignments.Count,
            proposal.Gaps.Sum(g => g.Missing), CeilingSeconds, Math.Round(median / CeilingSeconds, 4), seconds[^1] < CeilingSeconds);
        progress($"  median {result.MedianSeconds} s (ratio {result.MedianOverCeiling} of the 2 s ceiling), worst {result.WorstSeconds} s, "
                 + $"{result.Assigned} assigned, {result.OpenPlacesLeft} places left open");
        return result;
    }
}
