using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CommunityShare.Bench;
using NodaTime;

// Prints exactly one JSON document on stdout; progress goes to stderr.
var options = BenchOptions.Parse(args);
var startedAt = DateTimeOffset.UtcNow;
var loadAtStart = Machine.LoadAverage();

if (options.Phases == "web")
{
    var web = await new WebSearch(options).RunAsync(Progress);
    Console.WriteLine(WebReport.ToJson(web, options.MergeInto, options.Commit ?? GitCommit(), startedAt,
        new Machine(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            loadAtStart, Machine.LoadAverage())));
    return 0;
}

if (options.Phases == "evaluation")
{
    Console.WriteLine(EvaluationPhase.Run(Progress).ToJson());
    return 0;
}

if (options.Phases == "roster")
{
    Console.WriteLine(RosterProposalPhase.Run(Progress).ToJson());
    return 0;
}

var plan = new SlotPlan(SystemClock.Instance);

await Ceilings.PreflightAsync(options);

Progress("C_rpc: Ping ceiling");
var rpc = await Ceilings.RpcAsync(options);
Progress($"  {rpc.CallsPerSecond} calls/s, p99 {rpc.Latency.P99Ms} ms");

Progress("C_commit: raw SQLite commit ceiling");
var commit = Ceilings.Commit(options);
Progress($"  {commit.CommitsPerSecond} commits/s");

Progress("setup: places, institution, facilities");
BenchFacility[] uncontendedFacilities, pacedFacilities, exclusiveHot, sharedHot;
using (var setupPool = new ClientPool(options.Grpc, 1, options.CallDeadline))
{
    var catalogue = new Catalogue(setupPool);
    await catalogue.CreatePlacesAndInstitutionAsync();
    uncontendedFacilities = await catalogue.CreateFacilitiesAsync("u", 16, 1);
    pacedFacilities = await catalogue.CreateFacilitiesAsync("p", 16, 1);
    exclusiveHot = await catalogue.CreateFacilitiesAsync("race", 50, 1);
    sharedHot = await catalogue.CreateFacilitiesAsync("race-shared", 10, 3);
}

Progress("uncontended bookings");
var uncontended = await new UncontendedBookings(options, plan, uncontendedFacilities).RunAsync();
Progress($"  {uncontended.BookingsPerSecond} bookings/s, p99 {uncontended.Latency.P99Ms} ms, non-OK {uncontended.NonOkTotal}");

Progress("hot race");
var race = await new HotRace(options, plan, [.. exclusiveHot, .. sharedHot]).RunAsync();
Progress($"  drained in {race.DrainSeconds} s, winners {race.Winners}/{race.ExpectedWinners}, double bookings {race.DoubleBookings}, errors {race.ErrorTotal}");

Progress("paced latency at half the uncontended rate");
var paced = await new PacedLatency(options, plan, pacedFacilities).RunAsync(uncontended.BookingsPerSecond, rpc);
Progress($"  p99 {paced.Bookings.Latency.P99Ms} ms at {paced.Bookings.TargetPerSecond}/s");

var report = new BenchReport(
    options.Commit ?? GitCommit(),
    startedAt,
    options.Grpc.ToString(),
    new Machine(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
        loadAtStart, Machine.LoadAverage()),
    new CeilingFigures(rpc, commit),
    plan.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    uncontended,
    race,
    paced,
    Targets.Of(commit, uncontended, race, paced));
Console.WriteLine(report.ToJson());
return 0;

static void Progress(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

static string GitCommit()
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (git is null || !git.WaitForExit(5000) || git.ExitCode != 0)
        {
            return "unknown";
        }
        return git.StandardOutput.ReadToEnd().Trim();
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}
