using System.Net;
using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The facility search page, on the demo district; "now" is Wednesday 2026-06-10 09:00 in Shanghai.</summary>
public sealed class SearchPageTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private static AngleSharp.Dom.IElement[] Results(WebPage page) => page.Document.QuerySelectorAll("ol.results > li").ToArray();

    private static Instant FirstSlot(AngleSharp.Dom.IElement result) => InstantPattern.General.Parse(result.GetAttribute("data-first-slot")!).Value;

    [Fact]
    public async Task Anyone_can_search_and_results_come_ten_to_a_page_soonest_first()
    {
        using var web = new WebSession(demo.Server);

        var first = await web.GetAsync("/facilities?Date=2026-06-11");
        var next = first.Document.QuerySelector("a[rel=next]")?.GetAttribute("href");
        var second = await web.GetAsync(next!);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(10, Results(first).Length);
        var starts = Results(first).Concat(Results(second)).Select(FirstSlot).ToArray();
        Assert.Equal(starts.Order(), starts);
        Assert.Empty(Results(first).Select(r => r.GetAttribute("data-facility")).Intersect(Results(second).Select(r => r.GetAttribute("data-facility"))));
        Assert.Contains("PageNumber=2", next, StringComparison.Ordinal);
        Assert.Contains("Date=2026-06-11", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_finds_what_SearchFreeSlots_finds()
    {
        using var web = new WebSession(demo.Server);
        var api = await demo.Server.Facilities(null).SearchFreeSlotsAsync(new SearchFreeSlotsRequest
        {
            Kind = Facility.Types.Kind.Court,
            Place = "places/310112101",
            StartDate = Tomorrow.ToProtoDate(),
            EndDate = Tomorrow.ToProtoDate(),
            EarliestStartTime = new Google.Type.TimeOfDay { Hours = 18 },
            PageSize = 100,
        });

        var page = await web.GetAsync("/facilities?Kind=Court&Place=310112101&Date=2026-06-11&From=18:00");

        Assert.NotEmpty(api.Results);
        Assert.Equal(
            api.Results.Select(r => r.Facility.Name["facilities/".Length..]).Order(StringComparer.Ordinal),
            Results(page).Select(r => r.GetAttribute("data-facility")!).Order(StringComparer.Ordinal));
        Assert.Equal(
            api.Results.Select(r => r.Slots.Count).Sum(),
            Results(page).Select(r => int.Parse(r.GetAttribute("data-free")!, System.Globalization.CultureInfo.InvariantCulture)).Sum());
        Assert.All(Results(page), r => Assert.Equal("Court", r.GetAttribute("data-kind")));
    }

    [Fact]
    public async Task A_booking_and_its_cancellation_show_in_the_next_search()
    {
        // The page keeps the holdings of the days it searched in memory: a booking (committed by
        // the group writer) and a cancellation (a plain save) must each drop them.
        using var web = new WebSession(demo.Server);
        const string Facility = "centre-310112106-meeting";
        const string Search = "/facilities?Kind=MeetingRoom&Place=310112106&Date=2026-06-15";
        AngleSharp.Dom.IElement Of(WebPage page) => Results(page).Single(r => r.GetAttribute("data-facility") == Facility);
        static int Free(AngleSharp.Dom.IElement result) =>
            int.Parse(result.GetAttribute("data-free")!, System.Globalization.CultureInfo.InvariantCulture);
        var bookings = demo.Server.Bookings("resident:search-watcher");

        var before = Of(await web.GetAsync(Search));
        var start = FirstSlot(before);
        var booking = await bookings.CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/" + Facility,
            Booking = new Booking
            {
                StartTime = start.ToTimestamp(),
                EndTime = (start + CommunityShare.Domain.Facilities.BookingRules.Default.SlotLength).ToTimestamp(),
                PartySize = 1,
            },
        });
        var booked = Of(await web.GetAsync(Search));
        await bookings.CancelBookingAsync(new CancelBookingRequest { Name = booking.Name });
        var cancelled = Of(await web.GetAsync(Search));

        Assert.Equal(Free(before) - 1, Free(booked));
        Assert.True(FirstSlot(booked) > start);
        Assert.Equal(Free(before), Free(cancelled));
        Assert.Equal(start, FirstSlot(cancelled));
    }

    [Fact]
    public async Task Within_a_fifteen_minute_walk_keeps_only_what_is_near_and_sorts_by_distance()
    {
        using var web = new WebSession(demo.Server);

        var near = await web.GetAsync($"/facilities?Date=2026-06-13&Near={DemoDistrictFixture.Xinzhuang1}&Walk=true&Sort=distance");
        var town = await web.GetAsync($"/facilities?Date=2026-06-13&Near={DemoDistrictFixture.Xinzhuang1}&Sort=distance&Place=310112101");

        var distances = Results(near).Select(r => double.Parse(r.QuerySelector("[data-distance]")!.GetAttribute("data-distance")!,
            System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.NotEmpty(distances);
        Assert.All(distances, d => Assert.True(d <= 1200, $"{d} m is not within a 15-minute walk"));
        Assert.Equal(distances.Order(), distances);
        var townDistances = Results(town).Select(r => double.Parse(r.QuerySelector("[data-distance]")!.GetAttribute("data-distance")!,
            System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Contains(townDistances, d => d > 1200);
    }

    [Fact]
    public async Task Step_free_and_party_size_narrow_the_results()
    {
        using var web = new WebSession(demo.Server);

        var all = await web.GetAsync("/facilities?Date=2026-06-11&Place=310112101");
        var stepFree = await web.GetAsync("/facilities?Date=2026-06-11&Place=310112101&StepFree=true");
        var big = await web.GetAsync("/facilities?Date=2026-06-11&Place=310112101&Party=25");

        var allIds = Results(all).Select(r => r.GetAttribute("data-facility")).ToHashSet();
        Assert.NotEmpty(Results(stepFree));
        Assert.True(Results(stepFree).Length < allIds.Count);
        foreach (var id in Results(stepFree).Select(r => r.GetAttribute("data-facility")))
        {
            var facility = await demo.Server.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = "facilities/" + id });
            Assert.True(facility.Accessibility.StepFreeAccess, id);
        }
        // The 25-person party fits the football pitch (30) but not the courts (12) or meeting rooms (20).
        Assert.NotEmpty(Results(big));
        Assert.DoesNotContain(Results(big), r => r.GetAttribute("data-kind") is "Court" or "MeetingRoom");
    }

    [Fact]
    public async Task Every_problem_with_the_search_shows_at_once_on_its_field_and_what_was_typed_stays()
    {
        using var web = new WebSession(demo.Server);

        var page = await web.GetAsync("/facilities?Date=next-friday&Party=0&From=19:00&To=18:00&Sort=distance&Kind=Spaceport");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("格式不正确。", page.FieldError("Date"));
        Assert.Equal("超出允许的范围。", page.FieldError("Party"));
        Assert.Equal("超出允许的范围。", page.FieldError("To"));
        Assert.Equal("此项必填。", page.FieldError("Near"));
        Assert.Equal("格式不正确。", page.FieldError("Kind"));
        Assert.Equal("next-friday", page.Value("Date"));
        Assert.Equal("0", page.Value("Party"));
        Assert.Empty(Results(page));
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_in_the_past_is_refused_on_its_field()
    {
        using var web = new WebSession(demo.Server);

        var page = await web.GetAsync("/facilities?Date=2026-06-01");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.NotNull(page.FieldError("Date"));
    }
}
