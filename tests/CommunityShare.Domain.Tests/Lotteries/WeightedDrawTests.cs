using CommunityShare.Domain.Lotteries;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Lotteries;

/// <summary>
/// The published draw (<see cref="WeightedDraw"/>): a seed from the facility, slot and close; a number per
/// ticket from the seed; Efraimidis–Spirakis keys u^(1/w); drawn by key. Pure, so the same inputs
/// always give the same order, whatever order the applicants come in.
/// </summary>
public class WeightedDrawTests
{
    private static readonly Instant Slot = At("2026-06-13 09:00", Shanghai);
    private static readonly Instant Close = At("2026-06-06 08:00", Shanghai);
    private static readonly string[] Tickets = [WeightedDraw.Ticket("residents/r0", "facilities/court-1", Slot), WeightedDraw.Ticket("residents/r1", "facilities/court-1", Slot)];
    private static readonly string Seed = WeightedDraw.Seed("facilities/court-1", Slot, Close, Tickets);

    private static DrawEntrant[] Entrants(int count, int weight = 100) =>
        Enumerable.Range(0, count).Select(i => new DrawEntrant(WeightedDraw.Ticket($"residents/r{i}", "facilities/court-1", Slot), weight, 1, null)).ToArray();

    [Fact]
    public void The_published_algorithm_gives_these_exact_values()
    {
        // Pinned: if the seed, number or key were computed any other way, a draw published before
        // could no longer be re-run to the same result.
        Assert.Equal("efraimidis-spirakis/sha256/v1", WeightedDraw.Algorithm);
        Assert.Equal(64, Seed.Length);
        Assert.Equal(Seed, WeightedDraw.Seed("facilities/court-1", Slot, Close, Tickets.AsEnumerable().Reverse()));
        Assert.Equal(GoldenSeed, Seed);
        var ticket = WeightedDraw.Ticket("residents/r0", "facilities/court-1", Slot);
        Assert.Equal(GoldenTicket, ticket);
        Assert.Equal(GoldenNumber, WeightedDraw.Number(Seed, ticket));
    }

    // Computed independently (Python's hashlib and struct) from the description in WeightedDraw's documentation.
    private const string GoldenSeed = "eb6294f7f1e715827be6af1652537651a91783d4717796dc14408aeec9369cad";
    private const string GoldenTicket = "8b9d06fbbb5203ad";
    private const double GoldenNumber = 0.48549580091620076;

    [Fact]
    public void Every_input_of_the_seed_changes_it()
    {
        Assert.NotEqual(Seed, WeightedDraw.Seed("facilities/court-2", Slot, Close, Tickets));
        Assert.NotEqual(Seed, WeightedDraw.Seed("facilities/court-1", Slot + Duration.FromHours(1), Close, Tickets));
        Assert.NotEqual(Seed, WeightedDraw.Seed("facilities/court-1", Slot, Close + Duration.FromSeconds(1), Tickets));
        // Another applicant changes every number: nobody can know theirs before the close.
        Assert.NotEqual(Seed, WeightedDraw.Seed("facilities/court-1", Slot, Close, [.. Tickets, WeightedDraw.Ticket("residents/r2", "facilities/court-1", Slot)]));
    }

    [Fact]
    public void A_ticket_is_the_same_each_time_a_resident_applies_for_a_slot_and_differs_between_slots()
    {
        var ticket = WeightedDraw.Ticket("residents/r1", "facilities/court-1", Slot);

        Assert.Equal(16, ticket.Length);
        Assert.Equal(ticket, WeightedDraw.Ticket("residents/r1", "facilities/court-1", Slot));
        Assert.NotEqual(ticket, WeightedDraw.Ticket("residents/r1", "facilities/court-1", Slot + Duration.FromHours(1)));
        Assert.NotEqual(ticket, WeightedDraw.Ticket("residents/r2", "facilities/court-1", Slot));
    }

    [Fact]
    public void Numbers_lie_strictly_between_zero_and_one_and_keys_are_u_to_the_one_over_w()
    {
        foreach (var entrant in Entrants(500))
        {
            var u = WeightedDraw.Number(Seed, entrant.Ticket);
            Assert.InRange(u, double.Epsilon, 1 - 1e-17);
            Assert.True(u is > 0 and < 1);
            Assert.Equal(u, WeightedDraw.Key(u, 100));
            Assert.Equal(Math.Pow(u, 0.5), WeightedDraw.Key(u, 200));
            Assert.True(WeightedDraw.Key(u, 300) > u);
        }
    }

    [Fact]
    public void The_order_does_not_depend_on_the_order_applicants_arrived_in()
    {
        var entrants = Entrants(50);

        var first = WeightedDraw.Order(Seed, entrants);
        var reversed = WeightedDraw.Order(Seed, entrants.Reverse());
        var shuffled = WeightedDraw.Order(Seed, entrants.OrderBy(e => e.Ticket, StringComparer.Ordinal));

        Assert.Equal(first.Select(r => r.Entrant.Ticket), reversed.Select(r => r.Entrant.Ticket));
        Assert.Equal(first.Select(r => r.Entrant.Ticket), shuffled.Select(r => r.Entrant.Ticket));
        Assert.Equal(Enumerable.Range(1, 50), first.Select(r => r.Rank));
        Assert.True(first.Zip(first.Skip(1)).All(p => p.First.Key >= p.Second.Key));
    }

    [Fact]
    public void Another_seed_gives_another_order()
    {
        var entrants = Entrants(20);

        var one = WeightedDraw.Order(Seed, entrants).Select(r => r.Entrant.Ticket).ToArray();
        var other = WeightedDraw.Order(WeightedDraw.Seed("facilities/court-1", Slot + Duration.FromHours(1), Close, Tickets), entrants)
            .Select(r => r.Entrant.Ticket).ToArray();

        Assert.NotEqual(one, other);
    }

    [Fact]
    public void A_weight_of_two_is_drawn_first_about_twice_as_often_as_a_weight_of_one()
    {
        // Over 3000 slots' seeds, A (weight 2) against B (weight 1): A first with probability 2/3.
        var firsts = 0;
        const int draws = 3000;
        for (var i = 0; i < draws; i++)
        {
            var slot = Slot + Duration.FromMinutes(30 * i);
            var seed = WeightedDraw.Seed("facilities/court-1", slot, Close, []);
            var a = new DrawEntrant(WeightedDraw.Ticket("residents/a", "facilities/court-1", slot), 200, 1, null);
            var b = new DrawEntrant(WeightedDraw.Ticket("residents/b", "facilities/court-1", slot), 100, 1, null);
            firsts += WeightedDraw.Order(seed, [a, b])[0].Entrant == a ? 1 : 0;
        }

        Assert.InRange(firsts / (double)draws, 0.63, 0.70);
    }

    [Fact]
    public void Equal_weights_give_everyone_an_even_chance_of_being_drawn_first()
    {
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            var slot = Slot + Duration.FromMinutes(30 * i);
            var seed = WeightedDraw.Seed("facilities/court-1", slot, Close, []);
            var entrants = Enumerable.Range(0, 4).Select(n => new DrawEntrant(WeightedDraw.Ticket($"residents/{n}", "facilities/court-1", slot), 100, 1, n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            counts[int.Parse(WeightedDraw.Order(seed, entrants)[0].Entrant.Household!, System.Globalization.CultureInfo.InvariantCulture)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 880, 1120));
    }

    [Fact]
    public void A_household_wins_at_most_its_cap()
    {
        var cap = new HouseholdCap(1);

        Assert.Null(cap.Check("h1"));
        cap.Won("h1");
        var refused = cap.Check("h1");

        Assert.Equal(Reasons.HouseholdCapReached, refused?.Reason);
        Assert.Equal("1", refused?.Metadata["household_cap"]);
        Assert.Null(cap.Check("h2"));
        cap.Won(null);
        Assert.Null(cap.Check(null));
    }

    [Fact]
    public void Without_a_cap_a_household_wins_as_often_as_it_is_drawn()
    {
        var cap = new HouseholdCap(0);
        cap.Won("h1");
        cap.Won("h1");

        Assert.Null(cap.Check("h1"));
    }

    [Fact]
    public void Household_labels_are_shared_within_a_draw_and_differ_between_draws()
    {
        var other = WeightedDraw.Seed("facilities/court-1", Slot + Duration.FromHours(1), Close, Tickets);

        Assert.Equal(WeightedDraw.HouseholdLabel(Seed, "hh-1"), WeightedDraw.HouseholdLabel(Seed, "hh-1"));
        Assert.NotEqual(WeightedDraw.HouseholdLabel(Seed, "hh-1"), WeightedDraw.HouseholdLabel(Seed, "hh-2"));
        Assert.NotEqual(WeightedDraw.HouseholdLabel(Seed, "hh-1"), WeightedDraw.HouseholdLabel(other, "hh-1"));
    }
}
