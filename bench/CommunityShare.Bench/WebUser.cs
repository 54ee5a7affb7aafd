using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CommunityShare.Bench;

/// <summary>What one page request came back with.</summary>
public readonly record struct PageOutcome(HttpStatusCode? Status, byte[] Body, string? Failure);

/// <summary>
/// One browser-like user of the web endpoint: its own HttpClient on one keep-alive HTTP/1.1
/// connection (SocketsHttpHandler, no redirects, no compression, cookies sent by hand so that a
/// signed-in session can be shared without a cookie container).
/// </summary>
public sealed partial class WebUser : IDisposable
{
    private readonly HttpClient client;

    public WebUser(Uri baseAddress, TimeSpan timeout, string? cookie = null)
    {
        client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,*/*");
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }
    }

    /// <summary>GET <paramref name="path"/> and read the whole body; never throws for a failed request.</summary>
    public async Task<PageOutcome> GetAsync(string path)
    {
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            return new PageOutcome(response.StatusCode, body, response.StatusCode == HttpStatusCode.OK ? null : $"http_{(int)response.StatusCode}");
        }
        catch (TaskCanceledException)
        {
            return new PageOutcome(null, [], "timeout");
        }
        catch (HttpRequestException e)
        {
            return new PageOutcome(null, [], "http_request_exception:" + (e.HttpRequestError.ToString()));
        }
    }

    /// <summary>
    /// Signs in through the sign-in form as a person would (antiforgery token from the form) and
    /// returns the Cookie header of the session.
    /// </summary>
    public static async Task<string> SignInAsync(Uri baseAddress, string userName, string password)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var form = await client.GetAsync("/account/sign-in");
        form.EnsureSuccessStatusCode();
        var html = await form.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in form carries no antiforgery token.");
        }
        var cookies = CookiesOf(form);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtilityDecode(token.Groups[1].Value),
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", Join(cookies));
        using var signedIn = await client.SendAsync(post);
        if (signedIn.StatusCode != HttpStatusCode.Redirect && signedIn.StatusCode != HttpStatusCode.Found
                                                          && signedIn.StatusCode != HttpStatusCode.SeeOther)
        {
            throw new InvalidOperationException($"Signing in as {userName} gave {(int)signedIn.StatusCode}, not a redirect.");
        }
        foreach (var (name, value) in CookiesOf(signedIn))
        {
            cookies[name] = value;
        }
        return Join(cookies);
    }

    private static Dictionary<string, string> CookiesOf(HttpResponseMessage response)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var header in values)
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    cookies[pair[..eq]] = pair[(eq + 1)..];
                }
            }
        }
        return cookies;
    }

    private static string Join(Dictionary<string, string> cookies) =>
        string.Join("; ", cookies.Where(c => c.Value.Length > 0).Select(c => $"{c.Key}={c.Value}"));

    private static string WebUtilityDecode(string value) => WebUtility.HtmlDecode(value);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public void Dispose() => client.Dispose();
}

/// <summary>Closed-loop figures of one web phase, with p95 (the web target's percentile).</summary>
public sealed record WebLatency(long Count, double P50Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);

/// <summary>
/// One web phase's figures. <c>became_empty</c>: searches that found something when the queries
/// were chosen and nothing during the load, and still nothing when asked again afterwards: their
/// free slots passed their booking deadline while the phase ran (late in the day, "today"), which
/// is time passing, not the server failing; they count neither as pages nor as errors. An empty
/// page that has results again when asked afterwards is an error. CPU per page is the server
/// process's user + system time over the measurement window (from /proc) divided by the pages:
/// on a shared machine the least noisy figure of the cost of a page.
/// </summary>
public sealed record WebLoadResult(
    string Path,
    int Users,
    double WarmupSeconds,
    double Seconds,
    long Pages,
    double PagesPerSecond,
    WebLatency Latency,
    double MeanBytes,
    double? ServerCpuMsPerPage,
    double? ServerCpuCores,
    double ClientCpuMsPerPage,
    SortedDictionary<string, long> Errors,
    long ErrorTotal,
    SortedDictionary<string, long> BecameEmpty);

/// <summary>
/// N users, each sending one request after another on its own connection; requests that end
/// inside the measurement window (after the warm-up) count; nothing starts after it.
/// </summary>
public static class WebLoad
{
    public const string EmptyResults = "empty_results";

    /// <param name="pick">The request user <c>u</c> makes as its <c>n</c>-th: its path and the category it is counted under.</param>
    /// <param name="check">Whether a 200 page is a good answer; returns a failure label otherwise (<see cref="EmptyResults"/> for a search that found nothing).</param>
    /// <param name="serverPid">The server's process id, for its CPU time (Linux only).</param>
    public static async Task<(WebLoadResult All, SortedDictionary<string, WebLatency> ByCategory)> RunAsync(
        IReadOnlyList<WebUser> users, TimeSpan warmup, TimeSpan window, string label,
        Func<int, int, (string Path, string Category)> pick, Func<byte[], string?> check, int? serverPid)
    {
        var origin = Stopwatch.GetTimestamp();
        var measureFrom = origin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var n = users.Count;
        var latencies = Enumerable.Range(0, n).Select(_ => new Latency()).ToArray();
        var byCategory = Enumerable.Range(0, n).Select(_ => new Dictionary<string, Latency>(StringComparer.Ordinal)).ToArray();
        var failures = Enumerable.Range(0, n).Select(_ => new List<(string Path, string Category, string Failure)>()).ToArray();
        var pages = new long[n];
        var bytes = new long[n];

        async Task UserAsync(int u)
        {
            for (var i = 0; Stopwatch.GetTimestamp() < measureTo; i++)
            {
                var (path, category) = pick(u, i);
                var sent = Stopwatch.GetTimestamp();
                var outcome = await users[u].GetAsync(path);
                var done = Stopwatch.GetTimestamp();
                if (done < measureFrom || done >= measureTo)
                {
                    continue;
                }
                var failure = outcome.Failure ?? check(outcome.Body);
                if (failure is not null)
                {
                    failures[u].Add((path, category, failure));
                    continue;
                }
                var elapsed = Stopwatch.GetElapsedTime(sent, done);
                latencies[u].Record(elapsed);
                if (!byCategory[u].TryGetValue(category, out var own))
                {
                    byCategory[u][category] = own = new Latency();
                }
                own.Record(elapsed);
                pages[u]++;
                bytes[u] += outcome.Body.Length;
            }
        }

        async Task<(TimeSpan? Server, TimeSpan Client)> CpuOverWindowAsync()
        {
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom));
            var (server0, client0) = (ProcessCpu(serverPid), Process.GetCurrentProcess().TotalProcessorTime);
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureTo));
            var (server1, client1) = (ProcessCpu(serverPid), Process.GetCurrentProcess().TotalProcessorTime);
            return (server1 - server0, client1 - client0);
        }

        var cpu = CpuOverWindowAsync();
        await Task.WhenAll(Enumerable.Range(0, n).Select(u => Task.Run(() => UserAsync(u))));
        var (serverCpu, clientCpu) = await cpu;
        var end = Math.Min(Stopwatch.GetTimestamp(), measureTo);
        var seconds = Math.Max(0, (end - measureFrom) / (double)Stopwatch.Frequency);
        var total = pages.Sum();

        // An empty search that is still empty when asked again: its slots have passed (see WebLoadResult).
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var becameEmpty = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var stillEmpty = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (path, category, failure) in failures.SelectMany(f => f))
        {
            if (failure == EmptyResults)
            {
                if (!stillEmpty.TryGetValue(path, out var empty))
                {
                    var again = await users[0].GetAsync(path);
                    stillEmpty[path] = empty = again.Failure is null && check(again.Body) == EmptyResults;
                }
                if (empty)
                {
                    becameEmpty[path] = becameEmpty.GetValueOrDefault(path) + 1;
                    continue;
                }
            }
            var key = $"{category}:{failure}";
            errors[key] = errors.GetValueOrDefault(key) + 1;
        }

        var all = new WebLoadResult(label, n, warmup.TotalSeconds, Math.Round(seconds, 3), total,
            seconds > 0 ? Math.Round(total / seconds, 1) : 0, Latency.Merge(latencies).WebSummary(),
            total > 0 ? Math.Round(bytes.Sum() / (double)total) : 0,
            serverCpu is { } s && total > 0 ? Math.Round(s.TotalMilliseconds / total, 3) : null,
            serverCpu is { } c && seconds > 0 ? Math.Round(c.TotalSeconds / seconds, 2) : null,
            total > 0 ? Math.Round(clientCpu.TotalMilliseconds / total, 3) : 0,
            errors, errors.Values.Sum(), becameEmpty);
        var categories = new SortedDictionary<string, WebLatency>(StringComparer.Ordinal);
        foreach (var name in byCategory.SelectMany(c => c.Keys).Distinct())
        {
            categories[name] = Latency.Merge(byCategory.Where(c => c.ContainsKey(name)).Select(c => c[name])).WebSummary();
        }
        return (all, categories);
    }

    /// <summary>Whether a body contains <paramref name="marker"/> (UTF-8).</summary>
    public static bool Contains(byte[] body, string marker) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;

    /// <summary>User + system CPU time of a process from /proc/PID/stat (clock ticks of 10 ms), or null where there is none.</summary>
    private static TimeSpan? ProcessCpu(int? pid)
    {
        if (pid is null)
        {
            return null;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count from after it.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 from field 3 on.
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                        + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
