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

public sealed record WebLoadResult(
    string Path,
    int Users,
    double WarmupSeconds,
    double Seconds,
    long Pages,
    double PagesPerSecond,
    WebLatency Latency,
    double MeanBytes,
    SortedDictionary<string, long> Errors,
    long ErrorTotal);

/// <summary>
/// N users, each sending one request after another on its own connection; requests that end
/// inside the measurement window (after the warm-up) count; nothing starts after it.
/// </summary>
public static class WebLoad
{
    /// <param name="pick">The request user <c>u</c> makes as its <c>n</c>-th: its path and the category it is counted under.</param>
    /// <param name="check">Whether a 200 page is a good answer; returns a failure label otherwise.</param>
    public static async Task<(WebLoadResult All, SortedDictionary<string, WebLatency> ByCategory)> RunAsync(
        IReadOnlyList<WebUser> users, TimeSpan warmup, TimeSpan window, string label,
        Func<int, int, (string Path, string Category)> pick, Func<byte[], string?> check)
    {
        var origin = Stopwatch.GetTimestamp();
        var measureFrom = origin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var n = users.Count;
        var latencies = Enumerable.Range(0, n).Select(_ => new Latency()).ToArray();
        var byCategory = Enumerable.Range(0, n).Select(_ => new Dictionary<string, Latency>(StringComparer.Ordinal)).ToArray();
        var errors = Enumerable.Range(0, n).Select(_ => new StatusTally()).ToArray();
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
                    errors[u].Add($"{category}:{failure}");
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

        await Task.WhenAll(Enumerable.Range(0, n).Select(u => Task.Run(() => UserAsync(u))));
        var end = Math.Min(Stopwatch.GetTimestamp(), measureTo);
        var seconds = Math.Max(0, (end - measureFrom) / (double)Stopwatch.Frequency);
        var total = pages.Sum();
        var errorCounts = StatusTally.Merge(errors);
        var all = new WebLoadResult(label, n, warmup.TotalSeconds, Math.Round(seconds, 3), total,
            seconds > 0 ? Math.Round(total / seconds, 1) : 0, Latency.Merge(latencies).WebSummary(),
            total > 0 ? Math.Round(bytes.Sum() / (double)total) : 0, errorCounts, errorCounts.Values.Sum());
        var categories = new SortedDictionary<string, WebLatency>(StringComparer.Ordinal);
        foreach (var name in byCategory.SelectMany(c => c.Keys).Distinct())
        {
            categories[name] = Latency.Merge(byCategory.Where(c => c.ContainsKey(name)).Select(c => c[name])).WebSummary();
        }
        return (all, categories);
    }

    /// <summary>Whether a body contains <paramref name="marker"/> (UTF-8).</summary>
    public static bool Contains(byte[] body, string marker) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;
}
