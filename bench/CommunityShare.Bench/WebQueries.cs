using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;

namespace CommunityShare.Bench;

/// <summary>How many searches of a category were made up, how many found something, and how often it is picked.</summary>
public sealed record QueryCategory(int Weight, int Candidates, int Kept, IReadOnlyList<string> DroppedExamples);

/// <summary>
/// The searches the web phase sends: realistic, varied queries of the facility search page, made
/// up from the choices its own form offers (kinds, towns and subdistricts, neighbourhoods) and
/// the dates around today in the district's zone. Every candidate is sent once before the load;
/// one that finds nothing (e.g. "today" late in the evening, or a kind a town does not have) is
/// left out and counted in <see cref="Categories"/>, so that during the load an empty page is an
/// error. A candidate that is not 200 fails the run: it is a mistake of this tool.
/// </summary>
public sealed partial class WebQueries
{
    /// <summary>The demo district's zone, in which the page decides what "today" is.</summary>
    public const string Zone = "Asia/Shanghai";

    /// <summary>Category → share of requests (out of 100) and a maker of its candidates.</summary>
    private static readonly (string Name, int Weight)[] Mix =
    [
        ("no_filter", 12),
        ("date", 12),
        ("kind", 10),
        ("town", 10),
        ("kind_town", 8),
        ("party_size", 6),
        ("step_free", 6),
        ("time_of_day", 6),
        ("walk_15min", 14),
        ("sort_distance", 8),
        ("sort_earliest", 8),
    ];

    private readonly (string Name, int Weight, string[] Paths)[] kept;
    private readonly int totalWeight;

    public LocalDate Today { get; }

    public SortedDictionary<string, QueryCategory> Categories { get; }

    public int Count => kept.Sum(k => k.Paths.Length);

    private WebQueries(LocalDate today, (string Name, int Weight, string[] Paths)[] kept, SortedDictionary<string, QueryCategory> categories)
    {
        Today = today;
        this.kept = kept;
        totalWeight = kept.Sum(k => k.Weight);
        Categories = categories;
    }

    /// <summary>Picks each user's next search from its own seeded sequence: the same sequence in every run.</summary>
    public Func<int, int, (string Path, string Category)> Picker(int users)
    {
        var randoms = Enumerable.Range(0, users).Select(u => new Random(1000 + u)).ToArray();
        return (user, _) =>
        {
            var random = randoms[user];
            var roll = random.Next(totalWeight);
            foreach (var (name, weight, paths) in kept)
            {
                if (roll < weight)
                {
                    return (paths[random.Next(paths.Length)], name);
                }
                roll -= weight;
            }
            throw new InvalidOperationException("unreachable");
        };
    }

    /// <summary>A search page is good when it is 200 (checked before) and lists at least one facility.</summary>
    public static string? CheckResults(byte[] body) =>
        WebLoad.Contains(body, "data-facility=\"") && !WebLoad.Contains(body, "data-state=\"none\"") ? null : WebLoad.EmptyResults;

    public static async Task<WebQueries> DiscoverAsync(IReadOnlyList<WebUser> users, IClock clock)
    {
        var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb[Zone]).Date;
        var form = await users[0].GetAsync("/facilities");
        if (form.Failure is not null)
        {
            throw new InvalidOperationException($"GET /facilities gave {form.Failure}.");
        }
        var html = Encoding.UTF8.GetString(form.Body);
        var kinds = OptionsOf(html, "Kind");
        var towns = OptionsOf(html, "Place");
        var hoods = OptionsOf(html, "Near");
        if (kinds.Length == 0 || towns.Length == 0 || hoods.Length == 0)
        {
            throw new InvalidOperationException("The search form offers no kinds, towns or neighbourhoods: is the server on the demo data?");
        }

        var candidates = Candidates(today, kinds, towns, hoods);
        // Each candidate once, a few at a time.
        var results = new Dictionary<string, string?>(StringComparer.Ordinal);
        var all = candidates.SelectMany(c => c.Value).Distinct().ToArray();
        var next = -1;
        await Task.WhenAll(users.Take(4).Select(user => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < all.Length)
            {
                var outcome = await user.GetAsync(all[i]);
                if (outcome.Failure is not null)
                {
                    throw new InvalidOperationException($"The bench's own query {all[i]} gave {outcome.Failure}; fix the query.");
                }
                var verdict = CheckResults(outcome.Body);
                lock (results)
                {
                    results[all[i]] = verdict;
                }
            }
        })));

        var categories = new SortedDictionary<string, QueryCategory>(StringComparer.Ordinal);
        var keep = new List<(string Name, int Weight, string[] Paths)>();
        foreach (var (name, weight) in Mix)
        {
            var paths = candidates[name];
            var good = paths.Where(p => results[p] is null).ToArray();
            categories[name] = new QueryCategory(weight, paths.Count, good.Length, paths.Where(p => results[p] is not null).Take(5).ToArray());
            if (good.Length > 0)
            {
                keep.Add((name, weight, good));
            }
        }
        if (keep.Count == 0)
        {
            throw new InvalidOperationException("No search found anything: is the server on the demo data?");
        }
        return new WebQueries(today, keep.ToArray(), categories);
    }

    private static Dictionary<string, List<string>> Candidates(LocalDate today, string[] kinds, string[] towns, string[] hoods)
    {
        // A fixed seed: the same queries in every run (for the same day of the week).
        var random = new Random(20261202);
        var tomorrow = today.PlusDays(1);
        var saturday = today.DayOfWeek == IsoDayOfWeek.Sunday ? today : today.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Saturday));
        var sunday = today.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Sunday));
        // null is "no date": the page's default, today.
        LocalDate?[] dates = [null, tomorrow, saturday, sunday, today.PlusDays(3)];
        LocalDate? AnyDate() => dates[random.Next(dates.Length)];
        T Any<T>(T[] items) => items[random.Next(items.Length)];

        var c = Mix.ToDictionary(m => m.Name, _ => new List<string>(), StringComparer.Ordinal);
        c["no_filter"].Add(Path());
        c["no_filter"].Add(Path(("PageNumber", "2")));
        foreach (var date in new[] { tomorrow, saturday, sunday }.Concat(Enumerable.Range(2, 5).Select(today.PlusDays)).Distinct())
        {
            c["date"].Add(Path(("Date", Iso(date))));
        }
        c["date"].Add(Path(("Date", Iso(tomorrow)), ("PageNumber", "2")));
        foreach (var kind in kinds)
        {
            foreach (var date in new LocalDate?[] { null, tomorrow, saturday })
            {
                c["kind"].Add(Path(("Kind", kind), ("Date", Iso(date))));
            }
        }
        foreach (var town in towns)
        {
            foreach (var date in new LocalDate?[] { null, tomorrow, sunday })
            {
                c["town"].Add(Path(("Place", town), ("Date", Iso(date))));
            }
        }
        for (var i = 0; i < 30; i++)
        {
            c["kind_town"].Add(Path(("Kind", Any(kinds)), ("Place", Any(towns)), ("Date", Iso(AnyDate()))));
        }
        foreach (var party in new[] { "2", "4", "6", "10", "20" })
        {
            foreach (var date in new LocalDate?[] { null, tomorrow, saturday })
            {
                c["party_size"].Add(Path(("Party", party), ("Date", Iso(date))));
            }
        }
        foreach (var date in new LocalDate?[] { null, tomorrow, saturday, sunday })
        {
            c["step_free"].Add(Path(("StepFree", "true"), ("Date", Iso(date))));
            c["step_free"].Add(Path(("Kind", Any(kinds)), ("StepFree", "true"), ("Date", Iso(date))));
        }
        foreach (var (from, to) in new[] { ("08:00", "12:00"), ("18:00", "21:00"), ("14:00", "") })
        {
            foreach (var date in new LocalDate?[] { null, tomorrow, saturday })
            {
                c["time_of_day"].Add(Path(("Date", Iso(date)), ("From", from), ("To", to)));
            }
        }
        foreach (var hood in hoods)
        {
            c["walk_15min"].Add(Path(("Near", hood), ("Walk", "true"), ("Date", Iso(AnyDate()))));
        }
        for (var i = 0; i < 20; i++)
        {
            c["sort_distance"].Add(Path(("Near", Any(hoods)), ("Sort", "distance"), ("Date", Iso(AnyDate()))));
            c["sort_earliest"].Add(random.Next(2) == 0
                ? Path(("Near", Any(hoods)), ("Sort", "earliest"), ("Date", Iso(AnyDate())))
                : Path(("Kind", Any(kinds)), ("Near", Any(hoods)), ("Sort", "earliest"), ("Date", Iso(AnyDate()))));
        }
        return c.ToDictionary(kv => kv.Key, kv => kv.Value.Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    private static string? Iso(LocalDate? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>/facilities with the parameters that have a value, in the form's names.</summary>
    private static string Path(params (string Name, string? Value)[] parameters)
    {
        var query = string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
        return query.Length == 0 ? "/facilities" : "/facilities?" + query;
    }

    private static string[] OptionsOf(string html, string select)
    {
        var match = Regex.Match(html, $"<select[^>]*name=\"{select}\"[^>]*>(.*?)</select>", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        return match.Success
            ? OptionValue().Matches(match.Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray()
            : [];
    }

    [GeneratedRegex("<option value=\"([^\"]+)\"")]
    private static partial Regex OptionValue();
}
