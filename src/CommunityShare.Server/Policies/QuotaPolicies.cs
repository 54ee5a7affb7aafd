using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityShare.Domain;
using CommunityShare.Domain.Quotas;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Policies;

/// <summary>The district's fairness quotas (<see cref="QuotaPolicy.Default"/> until changed), stored as JSON with local times and the zone's id.</summary>
public sealed class QuotaPolicies(IClock clock) : PolicyStore<QuotaPolicy>(clock)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private sealed record PeakDocument(IsoDayOfWeek[] Days, string Start, string End);

    private sealed record Document(PeakDocument[] Peak, QuotaRule[] Rules, string Zone);

    protected override string Key => "quotaPolicy";

    protected override QuotaPolicy Default => QuotaPolicy.Default;

    protected override string Write(QuotaPolicy policy) => JsonSerializer.Serialize(new Document(
        policy.Peak.Select(p => new PeakDocument([.. p.Days], Time(p.Start), Time(p.End))).ToArray(), [.. policy.Rules], policy.Zone.Id), Json);

    protected override QuotaPolicy Read(string json)
    {
        var doc = JsonSerializer.Deserialize<Document>(json, Json)!;
        return new QuotaPolicy(doc.Peak.Select(p => new PeakWindow(p.Days, Parse(p.Start), Parse(p.End))).ToArray(), doc.Rules,
            DateTimeZoneProviders.Tzdb[doc.Zone]);
    }

    protected override void Validate(QuotaPolicy policy, Violations violations) => policy.Validate(violations, "quota_policy");

    private static string Time(LocalTime time) => LocalTimePattern.ExtendedIso.Format(time);

    private static LocalTime Parse(string text) => LocalTimePattern.ExtendedIso.Parse(text).Value;
}
