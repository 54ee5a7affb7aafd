namespace CommunityShare.Domain.Access;

/// <summary>
/// Where a resource sits: the place it is in (a code of the place tree) and, when it has one, the
/// institution it belongs to and the providers that operate it under contract.
/// </summary>
public sealed record Jurisdiction(string PlaceCode, string? InstitutionId = null, IReadOnlyCollection<string>? ProviderIds = null)
{
    public static Jurisdiction OfPlace(string placeCode) => new(placeCode);
}
