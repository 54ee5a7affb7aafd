using CommunityShare.Contracts.V1;
using CommunityShare.Server.Data;
using CommunityShare.Server.Notifications;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace CommunityShare.Server.Tests;

/// <summary>
/// The real host on a fresh SQLite file in a temp directory, with a <see cref="FakeClock"/>.
/// By default it is served in memory (TestServer); <see cref="UseRealPort"/> serves it on real
/// loopback ports through Kestrel, with the gRPC endpoint on HTTP/2 as in production.
/// </summary>
public sealed class ServerFixture : WebApplicationFactory<Program>
{
    /// <summary>Wednesday 2026-06-10 09:00 in Shanghai: a fixed "now" for every test.</summary>
    public static readonly Instant DefaultNow = Instant.FromUtc(2026, 6, 10, 1, 0);

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _realPort;
    private int _residentSerial;

    /// <param name="settings">Configuration on top of the test defaults, e.g. <c>RateLimits:Bookings:PermitLimit</c>.</param>
    public ServerFixture(bool seedDemoData = false, bool unguarded = false, bool realPort = false,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("communityshare-test-").FullName;
        DatabasePath = Path.Combine(DataDirectory, "test.db");
        _realPort = realPort;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Path"] = DatabasePath,
            ["Seed:DemoData"] = seedDemoData ? "true" : "false",
            ["Bookings:UnguardedForRaceTests"] = unguarded ? "true" : "false",
            // Tests move the clock and run draws and series releases themselves (ReleaseSweep.RunAsync).
            ["Releases:SweepSeconds"] = "3600",
            ["Kestrel:Endpoints:Web:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{FreePort()}",
            // Tests fire many bookings as one caller (25 concurrent retries, races); the rate limit
            // tests set their own small limits.
            ["RateLimits:Bookings:PermitLimit"] = "100000",
            // Tests move the clock and run the waitlist sweep themselves (WaitlistSweep.RunAsync); a
            // timer tick in between would expire offers a test is still looking at.
            ["Waitlist:SweepSeconds"] = "3600",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        if (realPort)
        {
            UseKestrel();
        }
    }

    public FakeClock Clock { get; } = new(DefaultNow);

    public string DataDirectory { get; }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the host is built.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        // A rule for this provider beats the configuration's LogLevel rules: it sees every level.
        builder.ConfigureLogging(logging => logging.AddProvider(CapturedLogs.Instance).AddFilter<CapturedLogs>(null, LogLevel.Trace));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    /// <summary>
    /// A channel whose calls are signed in as <paramref name="actor"/> (null: anonymous) with real
    /// bearer tokens from the server's own issuer, minted per call so that moving the FakeClock
    /// never leaves a stale token. Actors are "resident:{id}" or "staff:{id}[:{role}={scope},…]";
    /// staff without roles are district staff of the demo district, 310112.
    /// </summary>
    public GrpcChannel Channel(string? actor = "staff:admin")
    {
        Func<string?> token = actor is null ? () => null : () => TokenFor(actor);
        if (_realPort)
        {
            var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
            return GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { HttpHandler = new BearerToken(token, handler) });
        }
        return GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = new BearerToken(token, Server.CreateHandler()) });
    }

    /// <summary>An access token for an actor spec, issued now (by the FakeClock).</summary>
    public string TokenFor(string actor)
    {
        var parts = actor.Split(':');
        var roles = parts[0] == "staff"
            ? (parts.Length > 2 ? parts[2] : "district=310112").Split(',')
                .Select(r => CommunityShare.Domain.Access.RoleAssignment.TryParse(r, out var a) ? a! : throw new ArgumentException(actor)).ToArray()
            : [];
        var issuer = Services.GetRequiredService<CommunityShare.Server.Identity.TokenIssuer>();
        return issuer.Issue(parts[1], parts[0] == "resident" ? parts[1] : null, roles).Token;
    }

    /// <summary>Headers that sign a single call in as <paramref name="actor"/>.</summary>
    public global::Grpc.Core.Metadata As(string actor) => new() { { "authorization", "Bearer " + TokenFor(actor) } };

    /// <summary>The real h2c address (only with <c>realPort</c>).</summary>
    public Uri GrpcAddress
    {
        get
        {
            StartServer();
            return new Uri(_settings["Kestrel:Endpoints:Grpc:Url"]!);
        }
    }

    /// <summary>The real HTTP/1.1 address of the pages (only with <c>realPort</c>), e.g. for a browser.</summary>
    public Uri WebAddress
    {
        get
        {
            StartServer();
            return new Uri(_settings["Kestrel:Endpoints:Web:Url"]!);
        }
    }

    public PlaceService.PlaceServiceClient Places(string? actor = "staff:admin") => new(Channel(actor));

    public InstitutionService.InstitutionServiceClient Institutions(string? actor = "staff:admin") => new(Channel(actor));

    public FacilityService.FacilityServiceClient Facilities(string? actor = "staff:admin") => new(Channel(actor));

    public BookingService.BookingServiceClient Bookings(string? actor = "resident:r1") => new(Channel(actor));

    public NotificationService.NotificationServiceClient Notifications(string? actor = "staff:admin") => new(Channel(actor));

    public WaitlistService.WaitlistServiceClient Waitlists(string? actor = "resident:r1") => new(Channel(actor));

    /// <summary>Sends a message through the host's <see cref="INotificationChannel"/>, stamped with the fake clock.</summary>
    public async Task SendAsync(string recipient, string address, string template, string text)
    {
        await using var scope = Services.CreateAsyncScope();
        var channel = scope.ServiceProvider.GetRequiredService<INotificationChannel>();
        await channel.SendAsync(new OutgoingMessage(new MessageRecipient(recipient, address), template, text,
            Clock.GetCurrentInstant()), CancellationToken.None);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DbContext on the test's database.</summary>
    public async Task<T> WithDbAsync<T>(Func<CommunityShareDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CommunityShareDb>());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Creates a sign-in account with the given roles, as an administrator would.</summary>
    public async Task CreateAccountAsync(string userName, string password, string? residentId, params CommunityShare.Domain.Access.RoleAssignment[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CommunityShare.Server.Identity.Account>>();
        var account = new CommunityShare.Server.Identity.Account { UserName = userName, DisplayName = userName, ResidentId = residentId };
        var result = await users.CreateAsync(account, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        var db = scope.ServiceProvider.GetRequiredService<CommunityShareDb>();
        db.Set<CommunityShare.Server.Identity.AccountRole>().AddRange(roles.Select(r => new CommunityShare.Server.Identity.AccountRole { AccountId = account.Id, Role = r.Role, ScopeId = r.ScopeId }));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Records a real-name resident directly (as registration would, without an account): born on
    /// <paramref name="birthDate"/> (default 1980-01-01), living at <paramref name="homePlaceCode"/>.
    /// </summary>
    public async Task AddResidentAsync(string id, string homePlaceCode, string name = "测试居民", LocalDate? birthDate = null, string? guardianId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var protection = scope.ServiceProvider.GetRequiredService<CommunityShare.Server.Residents.PersonalDataProtection>();
        var birth = (birthDate ?? new LocalDate(1980, 1, 1)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var serial = Interlocked.Increment(ref _residentSerial);
        var number = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter(
            "310112" + birth + serial.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
        var now = Clock.GetCurrentInstant();
        var db = scope.ServiceProvider.GetRequiredService<CommunityShareDb>();
        db.Set<CommunityShare.Server.Residents.ResidentRecord>().Add(new CommunityShare.Server.Residents.ResidentRecord
        {
            Id = id,
            Name = name,
            Mobile = "137" + serial.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture),
            ProtectedIdentityNumber = protection.Protect(number),
            IdentityNumberHash = protection.Hash(number),
            HomePlaceCode = homePlaceCode,
            GuardianId = guardianId,
            CreateTime = now,
            UpdateTime = now,
            Version = 1,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Stops the host as a clean shutdown would, keeping the files for inspection.</summary>
    public async Task StopAsync()
    {
        foreach (var service in Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing connection; the OS temp cleaner takes it.
        }
    }

    private sealed class BearerToken(Func<string?> token, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token() is { } value && !request.Headers.Contains("authorization"))
            {
                request.Headers.TryAddWithoutValidation("authorization", "Bearer " + value);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
