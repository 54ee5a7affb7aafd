using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CommunityShare.Bench;

public sealed record Targets(
    double UncontendedOverCommitCeiling,
    bool UncontendedOverCommitCeilingMet,
    double RaceDrainSeconds,
    bool RaceDrainMet,
    int DoubleBookings,
    bool NoDoubleBookingsMet,
    double PacedBookingP99Ms,
    bool PacedBookingP99Met,
    bool UncontendedWithoutErrorsMet,
    bool RaceWithoutErrorsMet)
{
    public const double MinUncontendedOverCommit = 0.30;
    public const double MaxRaceDrainSeconds = 2.0;
    public const double MaxPacedP99Ms = 25.0;

    public static Targets Of(CommitCeiling commit, UncontendedResult uncontended, RaceResult race, PacedResult paced)
    {
        var ratio = commit.CommitsPerSecond > 0 ? Math.Round(uncontended.BookingsPerSecond / commit.CommitsPerSecond, 3) : 0;
        return new Targets(
            ratio,
            ratio >= MinUncontendedOverCommit,
            race.DrainSeconds,
            race.DrainSeconds <= MaxRaceDrainSeconds,
            race.DoubleBookings,
            race.DoubleBookings == 0,
            paced.Bookings.Latency.P99Ms,
            paced.Bookings.Latency.P99Ms <= MaxPacedP99Ms && paced.Bookings.FailureTotal == 0,
            uncontended.NonOkTotal == 0,
            race.ErrorTotal == 0 && race.MismatchedSlots.Count == 0);
    }
}

public sealed record CeilingFigures(RpcCeiling Rpc, CommitCeiling Commit);

/// <summary>Where the figures came from; the load average shows whether something else was using the cores.</summary>
public sealed record Machine(int ProcessorCount, string Os, string Runtime, string LoadAverageAtStart, string LoadAverageAtEnd)
{
    /// <summary>The first three fields of /proc/loadavg (1, 5 and 15 minutes), or "" where there is none.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
}

public sealed record BenchReport(
    string Commit,
    DateTimeOffset StartedAt,
    string Server,
    Machine Machine,
    CeilingFigures Ceilings,
    string FirstSlotDate,
    UncontendedResult Uncontended,
    RaceResult Race,
    PacedResult Paced,
    Targets Targets)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// The web phase's JSON: added to the gRPC phases' report when there is one (as <c>web</c>, with
/// its targets added to <c>targets</c>), or a report of its own.
/// </summary>
public static class WebReport
{
    public static string ToJson(WebResult web, string? mergeInto, string commit, DateTimeOffset startedAt, Machine machine)
    {
        var report = mergeInto is null
            ? new JsonObject
            {
                ["commit"] = commit,
                ["started_at"] = startedAt,
                ["machine"] = JsonSerializer.SerializeToNode(machine, BenchReport.Json),
            }
            : JsonNode.Parse(File.ReadAllText(mergeInto))?.AsObject()
              ?? throw new InvalidOperationException($"{mergeInto} holds no JSON object.");
        var targets = report["targets"]?.AsObject() ?? [];
        report.Remove("targets");
        report["web"] = JsonSerializer.SerializeToNode(web, BenchReport.Json);
        foreach (var (name, value) in JsonSerializer.SerializeToNode(WebTargets.Of(web), BenchReport.Json)!.AsObject().ToArray())
        {
            targets[name] = value?.DeepClone();
        }
        report["targets"] = targets;
        return report.ToJsonString(BenchReport.Json);
    }
}
