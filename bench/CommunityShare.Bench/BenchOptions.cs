using System.Globalization;

namespace CommunityShare.Bench;

/// <summary>Command line: where the server is, where scratch files go, and how long each phase runs.</summary>
public sealed record BenchOptions
{
    public Uri Grpc { get; init; } = new("http://127.0.0.1:5181");

    /// <summary>A directory on the same disk as the server's database, for the commit ceiling.</summary>
    public string DataDir { get; init; } = Path.GetTempPath();

    public string? Commit { get; init; }

    public int Workers { get; init; } = 64;

    public int Channels { get; init; } = 4;

    public int Racers { get; init; } = 600;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan PingDuration { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommitDuration { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan BookingDuration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PacedDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Which phases to run: <c>grpc</c> (the ceilings and booking phases, on an empty database), <c>web</c> (the search page, on the demo data) or <c>roster</c> (the volunteer roster proposal, in process).</summary>
    public string Phases { get; init; } = "grpc";

    /// <summary>The web endpoint of a server holding the full demo data, for the web phase.</summary>
    public Uri Web { get; init; } = new("http://127.0.0.1:5182");

    /// <summary>A JSON report of the gRPC phases to add the web phase to (run.sh runs the two against two servers).</summary>
    public string? MergeInto { get; init; }

    /// <summary>Concurrent closed-loop users of the web phase, each on its own keep-alive HTTP/1.1 connection.</summary>
    public int WebUsers { get; init; } = 20;

    /// <summary>The web server's process id, for its CPU time per page (run.sh passes it).</summary>
    public int? ServerPid { get; init; }

    public TimeSpan WebWarmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WebDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan WebCeilingDuration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan WebSignedInDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every call gets this deadline, so no phase can hang.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(30);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--grpc" => options with { Grpc = RequireLoopback(new Uri(value)) },
                "--data-dir" => options with { DataDir = value },
                "--commit" => options with { Commit = value },
                "--workers" => options with { Workers = AtLeast(value, 64, "--workers") },
                "--channels" => options with { Channels = AtLeast(value, 1, "--channels") },
                "--racers" => options with { Racers = AtLeast(value, 500, "--racers") },
                "--booking-seconds" => options with { BookingDuration = Seconds(value) },
                "--paced-seconds" => options with { PacedDuration = Seconds(value) },
                "--phases" => options with { Phases = value is "grpc" or "web" or "roster" or "evaluation" ? value : throw new ArgumentException("--phases is grpc, web, roster or evaluation.") },
                "--web" => options with { Web = RequireLoopback(new Uri(value)) },
                "--merge-into" => options with { MergeInto = value },
                "--server-pid" => options with { ServerPid = AtLeast(value, 1, "--server-pid") },
                "--web-users" => options with { WebUsers = AtLeast(value, 1, "--web-users") },
                "--web-warmup-seconds" => options with { WebWarmup = Seconds(value) },
                "--web-seconds" => options with { WebDuration = Seconds(value) },
                "--web-ceiling-seconds" => options with { WebCeilingDuration = Seconds(value) },
                "--web-signed-in-seconds" => options with { WebSignedInDuration = Seconds(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }
        if (!Directory.Exists(options.DataDir))
        {
            throw new ArgumentException($"--data-dir {options.DataDir} does not exist.");
        }
        return options;
    }

    /// <summary>The benchmark only ever talks to this machine.</summary>
    private static Uri RequireLoopback(Uri uri) =>
        uri.IsLoopback ? uri : throw new ArgumentException($"--grpc and --web must be loopback addresses, not {uri}.");

    private static int AtLeast(string value, int minimum, string name)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n >= minimum ? n : throw new ArgumentException($"{name} must be at least {minimum}.");
    }

    private static TimeSpan Seconds(string value)
    {
        var s = double.Parse(value, CultureInfo.InvariantCulture);
        return s is > 0 and <= 120 ? TimeSpan.FromSeconds(s) : throw new ArgumentException("Phase lengths are 0–120 s.");
    }
}
