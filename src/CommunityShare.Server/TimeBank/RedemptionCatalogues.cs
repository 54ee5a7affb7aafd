using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityShare.Domain;
using CommunityShare.Domain.TimeBank;
using CommunityShare.Server.Policies;
using NodaTime;

namespace CommunityShare.Server.TimeBank;

/// <summary>The district's redemption catalogue (<see cref="RedemptionCatalogue.Default"/> until changed), with an etag.</summary>
public sealed class RedemptionCatalogues(IClock clock) : PolicyStore<RedemptionCatalogue>(clock)
{
    public const string Name = "timeBankCatalogue";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    protected override string Key => Name;

    protected override RedemptionCatalogue Default => RedemptionCatalogue.Default;

    protected override string Write(RedemptionCatalogue catalogue) => JsonSerializer.Serialize(catalogue, Json);

    protected override RedemptionCatalogue Read(string json) => JsonSerializer.Deserialize<RedemptionCatalogue>(json, Json)!;

    protected override void Validate(RedemptionCatalogue catalogue, Violations violations)
    {
        for (var i = 0; i < catalogue.Items.Count; i++)
        {
            violations.Check(!Grpc.ResourceNames.ClientIdPattern().IsMatch(catalogue.Items[i].Id), $"redemption_catalogue.items[{i}].id",
                Reasons.InvalidFormat, "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
        }
        catalogue.Validate(violations, "redemption_catalogue");
    }
}
