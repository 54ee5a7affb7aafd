using CommunityShare.Contracts.V1;
using AssignmentState = CommunityShare.Domain.Volunteers.AssignmentState;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Server.Tests.Volunteers;

/// <summary>
/// Many volunteers and staff race for places through the real gRPC server on a real port. With the
/// write queue, no shift is overfilled, no volunteer is on two overlapping shifts and nobody goes
/// over their weekly maximum; without it (the test-only switch), the same race breaks them.
/// </summary>
public sealed class VolunteerRaceTests
{
    private sealed record Race(List<(string Who, string Shift, RpcException? Error)> Outcomes);

    private static async Task<Race> RunAsync(ServerFixture f)
    {
        await SetUpAsync(f);
        var activity = await ActivityAsync(f);
        var day = Today.PlusDays(2);
        // A hot shift of 5 places for 40 volunteers.
        var hot = await ShiftAsync(f, activity, day, 8, 10, places: 5);
        // 8 overlapping shifts (one volunteer may hold one of them) and 8 separate 2-hour shifts for a
        // volunteer whose week allows 4 hours.
        var overlapping = new List<Shift>();
        for (var i = 0; i < 8; i++)
        {
            overlapping.Add(await ShiftAsync(f, activity, day, 12, 14, places: 10));
        }
        var separate = new List<Shift>();
        for (var i = 0; i < 8; i++)
        {
            separate.Add(await ShiftAsync(f, activity, day.PlusDays(i % 2), 14 + i / 2 * 2, 16 + i / 2 * 2, places: 10));
        }
        for (var i = 0; i < 40; i++)
        {
            await VolunteerAsync(f, $"v{i:D2}");
        }
        await VolunteerAsync(f, "busy", maxHours: 40);
        await VolunteerAsync(f, "limited", maxHours: 4);

        var calls = new List<Func<Task<(string, string, RpcException?)>>>();
        foreach (var i in Enumerable.Range(0, 40))
        {
            var who = $"v{i:D2}";
            calls.Add(() => TryAsync(who, hot.Name, () => Client(f, "resident:" + who).SignUpForShiftAsync(new SignUpForShiftRequest { Shift = hot.Name }).ResponseAsync));
        }
        foreach (var s in overlapping)
        {
            calls.Add(() => TryAsync("busy", s.Name, () => Client(f, "resident:busy").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = s.Name }).ResponseAsync));
            calls.Add(() => TryAsync("busy", s.Name, () => Client(f, Office).AssignVolunteerAsync(new AssignVolunteerRequest { Shift = s.Name, Volunteer = "residents/busy/volunteer" }).ResponseAsync));
        }
        foreach (var s in separate)
        {
            calls.Add(() => TryAsync("limited", s.Name, () => Client(f, "resident:limited").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = s.Name }).ResponseAsync));
        }
        using var start = new SemaphoreSlim(0);
        var tasks = calls.Select(async c =>
        {
            await start.WaitAsync();
            return await c();
        }).ToList();
        start.Release(calls.Count);
        return new Race([.. await Task.WhenAll(tasks)]);
    }

    private static async Task<(string, string, RpcException?)> TryAsync(string who, string shift, Func<Task> call)
    {
        try
        {
            await call();
            return (who, shift, null);
        }
        catch (RpcException e)
        {
            return (who, shift, e);
        }
    }

    /// <summary>Every broken invariant in the database after the race.</summary>
    private static async Task<List<string>> BrokenAsync(ServerFixture f) => await f.WithDbAsync(async db =>
    {
        var broken = new List<string>();
        var shifts = await db.Set<CommunityShare.Domain.Volunteers.Shift>().AsNoTracking().ToListAsync();
        var held = await db.Set<CommunityShare.Domain.Volunteers.Assignment>().AsNoTracking().Where(a => a.State == AssignmentState.Assigned).ToListAsync();
        foreach (var s in shifts)
        {
            var n = held.Count(a => a.ShiftId == s.Id);
            if (n > s.PlacesNeeded)
            {
                broken.Add($"shift {s.Id}: {n} > {s.PlacesNeeded}");
            }
        }
        foreach (var mine in held.GroupBy(a => a.ResidentId))
        {
            var list = mine.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (list[i].Start < list[j].End && list[j].Start < list[i].End)
                    {
                        broken.Add($"{mine.Key}: overlapping {list[i].ShiftId} and {list[j].ShiftId}");
                    }
                }
            }
        }
        var limited = held.Where(a => a.ResidentId == "limited").Sum(a => (a.End - a.Start).TotalHours);
        if (limited > 4)
        {
            broken.Add($"limited: {limited} h > 4 h");
        }
        return broken;
    });

    [Fact]
    public async Task With_the_write_queue_no_shift_is_overfilled_no_volunteer_double_booked_nobody_over_the_weekly_maximum()
    {
        await using var f = new ServerFixture(realPort: true);

        var race = await RunAsync(f);

        Assert.Empty(await BrokenAsync(f));
        Assert.Equal(5, race.Outcomes.Count(o => o.Who.StartsWith('v') && o.Error is null));
        Assert.Equal(1, race.Outcomes.Count(o => o.Who == "busy" && o.Error is null));
        Assert.Equal(2, race.Outcomes.Count(o => o.Who == "limited" && o.Error is null));
        Assert.All(race.Outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, o.Error!.StatusCode);
            Assert.Contains(Reason(o.Error), new[] { "SHIFT_FULL", "SHIFT_OVERLAP", "WEEKLY_HOURS_EXCEEDED", "ALREADY_ON_SHIFT" });
        });
    }

    [Fact]
    public async Task Without_the_write_queue_the_same_race_breaks_the_rules()
    {
        await using var f = new ServerFixture(realPort: true, unguarded: true);

        await RunAsync(f);

        Assert.NotEmpty(await BrokenAsync(f));
    }
}
