using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Reason = CommunityShare.Contracts.V1.Blackout.Types.Reason;

namespace CommunityShare.Server.Tests.Facilities;

public sealed class BlackoutTests : IAsyncLifetime
{
    private const string Court = "facilities/court-1";

    private readonly ServerFixture _f = new();
    private FacilityService.FacilityServiceClient _facilities = null!;

    public async Task InitializeAsync()
    {
        _facilities = _f.Facilities();
        await Demo.TownAsync(_f);
        await Demo.SchoolAsync(_f);
        await Demo.FacilityAsync(_f, "court-1", Demo.OpenDaily("篮球场", 1));
        await Demo.FacilityAsync(_f, "court-2", Demo.OpenDaily("篮球场2", 1));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> CountAsync() => _f.WithDbAsync(db => db.Blackouts.CountAsync());

    /// <summary>An exam blackout from <paramref name="fromDay"/> days after now, lasting <paramref name="hours"/> hours.</summary>
    private static Blackout Exam(int fromDay, int hours = 4, string note = "期末考试") => new()
    {
        StartTime = Demo.ToTimestamp(ServerFixture.DefaultNow + NodaTime.Duration.FromDays(fromDay)),
        EndTime = Demo.ToTimestamp(ServerFixture.DefaultNow + NodaTime.Duration.FromDays(fromDay) + NodaTime.Duration.FromHours(hours)),
        Reason = Reason.Exam,
        Note = note,
    };

    private Task<Blackout> CreateAsync(Blackout blackout, string parent = Court) =>
        _facilities.CreateBlackoutAsync(new CreateBlackoutRequest { Parent = parent, Blackout = blackout }).ResponseAsync;

    // CreateBlackout

    [Fact]
    public async Task CreateBlackout_stores_it_under_the_facility()
    {
        var created = await CreateAsync(Exam(1));

        Assert.Matches("^facilities/court-1/blackouts/[a-z2-9]{12}$", created.Name);
        Assert.Equal(Exam(1).StartTime, created.StartTime);
        Assert.Equal(Exam(1).EndTime, created.EndTime);
        Assert.Equal(Reason.Exam, created.Reason);
        Assert.Equal("期末考试", created.Note);
        Assert.Equal(Demo.ToTimestamp(ServerFixture.DefaultNow), created.CreateTime);
        Assert.Equal([created], (await _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = Court })).Blackouts);
    }

    [Fact]
    public async Task CreateBlackout_reports_every_problem_at_once_and_writes_nothing()
    {
        var backwards = Exam(1);
        (backwards.StartTime, backwards.EndTime) = (backwards.EndTime, backwards.StartTime);
        backwards.Reason = Reason.Unspecified;
        backwards.Note = new string('n', 201);

        await Rpc.InvalidAsync(() => _facilities.CreateBlackoutAsync(new CreateBlackoutRequest { Parent = Court, Blackout = backwards }),
            ("blackout.end_time", "OUT_OF_RANGE"), ("blackout.reason", "REQUIRED"), ("blackout.note", "TOO_LONG"));
        await Rpc.InvalidAsync(() => _facilities.CreateBlackoutAsync(new CreateBlackoutRequest
            {
                Parent = "court-1",
                Blackout = new Blackout { Reason = Reason.Holiday, EndTime = new Timestamp { Seconds = -70_000_000_000 } },
            }),
            ("parent", "INVALID_FORMAT"), ("blackout.start_time", "REQUIRED"), ("blackout.end_time", "OUT_OF_RANGE"));

        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task CreateBlackout_on_an_unknown_facility_is_not_found()
    {
        await Rpc.NotFoundAsync(() => _facilities.CreateBlackoutAsync(new CreateBlackoutRequest { Parent = "facilities/nope", Blackout = Exam(1) }));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task CreateBlackout_retried_with_its_request_id_returns_the_same_blackout_and_creates_nothing()
    {
        var request = new CreateBlackoutRequest { Parent = Court, Blackout = Exam(1), RequestId = "d1e2f3a4-0000-4000-8000-000000000001" };
        var first = await _facilities.CreateBlackoutAsync(request);

        var retry = await _facilities.CreateBlackoutAsync(request);

        Assert.Equal(first, retry);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task CreateBlackout_refuses_a_request_id_reused_for_another_request()
    {
        await _facilities.CreateBlackoutAsync(new CreateBlackoutRequest { Parent = Court, Blackout = Exam(1), RequestId = "req-1" });

        var e = await Rpc.FailsAsync(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => _facilities.CreateBlackoutAsync(new CreateBlackoutRequest { Parent = Court, Blackout = Exam(2), RequestId = "req-1" }));

        Assert.Equal(["request_id REQUEST_ID_REUSED"], Rpc.Violations(e));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task CreateBlackout_needs_a_staff_caller()
    {
        var request = new CreateBlackoutRequest { Parent = Court, Blackout = Exam(1) };

        await Rpc.UnauthenticatedAsync(() => _f.Facilities(null).CreateBlackoutAsync(request));
        await Rpc.InvalidTokenAsync(() => new FacilityService.FacilityServiceClient(_f.Channel(null)).CreateBlackoutAsync(request, Rpc.GarbageToken));
        await Rpc.NotAllowedAsync(() => _f.Facilities("resident:r1").CreateBlackoutAsync(request));
        Assert.Equal(0, await CountAsync());
    }

    // ListBlackouts

    [Fact]
    public async Task ListBlackouts_lists_one_facility_s_blackouts_by_start_for_anyone()
    {
        var later = await CreateAsync(Exam(3));
        var sooner = await CreateAsync(Exam(1));
        await CreateAsync(Exam(2), "facilities/court-2");

        var list = await _f.Facilities(null).ListBlackoutsAsync(new ListBlackoutsRequest { Parent = Court });

        Assert.Equal([sooner.Name, later.Name], list.Blackouts.Select(b => b.Name));
        Assert.Equal("", list.NextPageToken);
    }

    [Fact]
    public async Task ListBlackouts_pages_walk_every_blackout_exactly_once()
    {
        // Two blackouts share a start, so the page boundary falls between equal keys.
        var made = new List<string>();
        foreach (var day in new[] { 5, 1, 3, 3, 2 })
        {
            made.Add((await CreateAsync(Exam(day))).Name);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = Court, PageSize = 2, PageToken = token });
            Assert.InRange(page.Blackouts.Count, 1, 2);
            seen.AddRange(page.Blackouts.Select(b => b.Name));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(made.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Fact]
    public async Task ListBlackouts_refuses_a_page_token_of_another_facility()
    {
        await CreateAsync(Exam(1));
        await CreateAsync(Exam(2));
        var first = await _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = Court, PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);

        await Rpc.InvalidAsync(
            () => _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = "facilities/court-2", PageSize = 1, PageToken = first.NextPageToken }),
            ("page_token", "INVALID_PAGE_TOKEN"));
    }

    [Fact]
    public async Task ListBlackouts_reports_bad_arguments_and_unknown_facilities()
    {
        await Rpc.InvalidAsync(() => _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = "", PageSize = -1 }),
            ("parent", "REQUIRED"), ("page_size", "OUT_OF_RANGE"));
        await Rpc.NotFoundAsync(() => _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = "facilities/nope" }));
    }

    // DeleteBlackout

    [Fact]
    public async Task DeleteBlackout_removes_it()
    {
        var blackout = await CreateAsync(Exam(1));

        await _facilities.DeleteBlackoutAsync(new DeleteBlackoutRequest { Name = blackout.Name });

        Assert.Empty((await _facilities.ListBlackoutsAsync(new ListBlackoutsRequest { Parent = Court })).Blackouts);
        await Rpc.NotFoundAsync(() => _facilities.DeleteBlackoutAsync(new DeleteBlackoutRequest { Name = blackout.Name }));
    }

    [Fact]
    public async Task DeleteBlackout_under_the_wrong_facility_is_not_found()
    {
        var blackout = await CreateAsync(Exam(1));

        await Rpc.NotFoundAsync(() => _facilities.DeleteBlackoutAsync(new DeleteBlackoutRequest
        {
            Name = blackout.Name.Replace("court-1", "court-2", StringComparison.Ordinal),
        }));
        Assert.Equal(1, await CountAsync());
    }

    [Theory]
    [InlineData("facilities/court-1/bookings/abc", "INVALID_FORMAT")]
    [InlineData("facilities/court-1", "INVALID_FORMAT")]
    [InlineData("blackouts/abc", "INVALID_FORMAT")]
    [InlineData("", "REQUIRED")]
    public async Task DeleteBlackout_with_a_malformed_name_is_invalid_on_name(string name, string reason)
    {
        await Rpc.InvalidAsync(() => _facilities.DeleteBlackoutAsync(new DeleteBlackoutRequest { Name = name }), ("name", reason));
    }

    [Fact]
    public async Task DeleteBlackout_needs_a_staff_caller()
    {
        var blackout = await CreateAsync(Exam(1));

        await Rpc.UnauthenticatedAsync(() => _f.Facilities(null).DeleteBlackoutAsync(new DeleteBlackoutRequest { Name = blackout.Name }));
        await Rpc.NotAllowedAsync(() => _f.Facilities("resident:r1").DeleteBlackoutAsync(new DeleteBlackoutRequest { Name = blackout.Name }));
        Assert.Equal(1, await CountAsync());
    }
}
