using System.Text.Json;
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
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
