using CommunityShare.Server.Data.Seeding;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// The host with the whole Minhang demo district seeded (places, institutions, ~155 facilities,
/// bookings around "now", demo accounts), shared by the tests of one class. Tests that book pick
/// slots no other test of the class uses.
/// </summary>
public sealed class DemoDistrictFixture : IAsyncLifetime
{
    public const string Password = DemoAccounts.Password;

    /// <summary>莘庄一村居委会, a neighbourhood of Xinzhuang Town.</summary>
    public const string Xinzhuang1 = "310112101001";

    /// <summary>Many sign-ins from one test address within a minute: the limits are lifted (their own tests set them).</summary>
    public ServerFixture Server { get; } = new(seedDemoData: true, settings: new Dictionary<string, string?>
    {
        ["RateLimits:SignIn:PermitLimit"] = "10000",
        ["RateLimits:SignInPerAccount:PermitLimit"] = "10000",
    });

    public Task InitializeAsync()
    {
        // Starting the host seeds the district.
        using var client = Server.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
