using CommunityShare.Domain.Residents;
using CommunityShare.Domain.TimeBank;
using NodaTime;
using NodaTime.Testing;

namespace CommunityShare.Domain.Tests.TimeBank;

/// <summary>The time account: 60 minutes of service = 1 coin, gifts to family, redemptions, reversals; never below zero.</summary>
public class TimeAccountTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 10, 1, 0));
    private int _next;

    private string Id() => $"e{++_next}";

    private Instant Now => _clock.GetCurrentInstant();

    private TimeEntry Deposit(TimeAccount account, int minutes, string? source = null) =>
        account.Deposit(Id(), minutes, source ?? $"volunteers/v1/serviceRecords/{_next}", "310112101001", "社区活动", Now - Duration.FromHours(2),
            "staff/li", Now);

    private static RedemptionItem Item(RedemptionKind kind = RedemptionKind.ExtraBooking, int cost = 60, bool offered = true, int lead = 0) =>
        new("item", kind, "额外预约", cost, lead, 30, offered);

    private static Problem Broken(Action act) => Assert.Throws<Problem>(act);

    [Fact]
    public void A_new_account_is_empty_and_deposits_add_up_entry_by_entry()
    {
        var account = new TimeAccount("r1", null);
        Assert.Equal(0, account.Balance);

        var first = Deposit(account, 90);
        var second = Deposit(account, 60);

        Assert.Equal((1, 90), (first.Sequence, first.BalanceAfter));
        Assert.Equal((2, 150), (second.Sequence, second.BalanceAfter));
        Assert.Equal(150, account.Balance);
        // An account read back from its last entry carries on from it.
        var again = new TimeAccount("r1", second);
        Assert.Equal((150, 2), (again.Balance, again.LastSequence));
    }

    [Fact]
    public void A_deposit_needs_minutes_in_range_a_source_and_a_past_service_all_told_at_once()
    {
        var account = new TimeAccount("r1", null);

        var problem = Broken(() => account.Deposit(Id(), 0, "", "310112101001", "", Now + Duration.FromHours(1), "staff/li", Now));

        Assert.Equal(ProblemKind.InvalidArgument, problem.Kind);
        Assert.Equal(["minutes", "source", "occur_time"], problem.FieldViolations.Select(v => v.Field));
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void A_gift_to_family_moves_coins_and_each_entry_names_the_other()
    {
        var parent = new TimeAccount("mum", null);
        var child = new TimeAccount("son", null);
        Deposit(child, 180);

        var (given, received) = child.Gift(parent, family: true, 120, "给妈妈", Id(), Id(), "residents/son", "310112101001", "310112101001", Now);

        Assert.Equal((60, 120), (child.Balance, parent.Balance));
        Assert.Equal((TimeEntryKind.GiftOut, -120, "mum"), (given.Kind, given.Minutes, given.Counterparty));
        Assert.Equal((TimeEntryKind.GiftIn, 120, "son"), (received.Kind, received.Minutes, received.Counterparty));
        Assert.Equal($"residents/mum/timeAccount/entries/{received.Id}", given.Source);
        Assert.Equal($"residents/son/timeAccount/entries/{given.Id}", received.Source);
    }

    [Fact]
    public void A_gift_outside_the_family_and_beyond_the_balance_is_refused_with_both_reasons()
    {
        var giver = new TimeAccount("a", null);
        Deposit(giver, 30);

        var problem = Broken(() => giver.Gift(new TimeAccount("b", null), family: false, 60, "", Id(), Id(), "residents/a", "p", "p", Now));

        Assert.Equal([Reasons.NotFamily, Reasons.InsufficientCoins], problem.RuleViolations.Select(r => r.Reason));
        Assert.Equal("30", problem.RuleViolations[1].Metadata["balance_minutes"]);
        Assert.Equal("60", problem.RuleViolations[1].Metadata["needed_minutes"]);
        Assert.Equal(30, giver.Balance);
    }

    [Fact]
    public void Coins_are_not_given_to_oneself()
    {
        var account = new TimeAccount("a", null);
        Deposit(account, 60);

        var problem = Broken(() => account.Gift(account, family: true, 30, "", Id(), Id(), "residents/a", "p", "p", Now));

        Assert.Equal(Reasons.GiftToSelf, problem.Reason);
    }

    [Fact]
    public void A_gift_of_no_minutes_is_bad_input()
    {
        var problem = Broken(() => new TimeAccount("a", null).Gift(new TimeAccount("b", null), true, 0, "", Id(), Id(), "residents/a", "p", "p", Now));

        Assert.Equal("minutes", Assert.Single(problem.FieldViolations).Field);
    }

    [Fact]
    public void Redeeming_spends_the_price_and_gives_a_pass_valid_for_the_items_days()
    {
        var account = new TimeAccount("r1", null);
        Deposit(account, 120);

        var (pass, entry) = account.Redeem(Item(cost: 60), "p1", Id(), "CODE2345", "310112101001", "residents/r1", Now);

        Assert.Equal(60, account.Balance);
        Assert.Equal((TimeEntryKind.Redemption, -60), (entry.Kind, entry.Minutes));
        Assert.Equal("residents/r1/redemptions/p1", entry.Source);
        Assert.Equal(RedemptionState.Available, pass.State);
        Assert.Equal(Now + Duration.FromDays(30), pass.ExpireTime);
        Assert.True(pass.UsableAt(Now));
        _clock.Advance(Duration.FromDays(30));
        Assert.False(pass.UsableAt(_clock.GetCurrentInstant()));
    }

    [Fact]
    public void An_item_not_offered_and_too_dear_is_refused_with_both_reasons_and_nothing_spent()
    {
        var account = new TimeAccount("r1", null);
        Deposit(account, 59);

        var problem = Broken(() => account.Redeem(Item(cost: 60, offered: false), "p1", Id(), "C", "p", "residents/r1", Now));

        Assert.Equal([Reasons.ItemUnavailable, Reasons.InsufficientCoins], problem.RuleViolations.Select(r => r.Reason));
        Assert.Equal((59, 1), (account.Balance, account.LastSequence));
    }

    [Fact]
    public void The_last_coin_can_be_spent_but_not_one_more()
    {
        var account = new TimeAccount("r1", null);
        Deposit(account, 60);

        account.Redeem(Item(cost: 60), "p1", Id(), "C", "p", "residents/r1", Now);
        var problem = Broken(() => account.Redeem(Item(cost: 60), "p2", Id(), "C", "p", "residents/r1", Now));

        Assert.Equal(Reasons.InsufficientCoins, problem.Reason);
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void Reversing_a_redemption_returns_its_coins_once()
    {
        var account = new TimeAccount("r1", null);
        Deposit(account, 60);
        var (pass, entry) = account.Redeem(Item(cost: 60), "p1", Id(), "C", "p", "residents/r1", Now);

        var reversal = account.Reverse(entry, pass, alreadyReversed: false, "服务暂停", Id(), "staff/li", Now);

        Assert.Equal((TimeEntryKind.Reversal, 60, 60), (reversal.Kind, reversal.Minutes, account.Balance));
        Assert.Equal(RedemptionState.Reversed, pass.State);
        Assert.Equal("服务暂停", pass.ReverseReason);
        Assert.Equal(Reasons.AlreadyReversed, Broken(() => account.Reverse(entry, pass, false, "again", Id(), "staff/li", Now)).Reason);
    }

    [Fact]
    public void A_used_pass_cannot_be_reversed()
    {
        var account = new TimeAccount("r1", null);
        Deposit(account, 60);
        var (pass, entry) = account.Redeem(Item(cost: 60), "p1", Id(), "C", "p", "residents/r1", Now);
        pass.Use("facilities/f/bookings/b", Now);

        var problem = Broken(() => account.Reverse(entry, pass, false, "退回", Id(), "staff/li", Now));

        Assert.Equal(Reasons.RedemptionUsed, problem.Reason);
        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void Reversing_a_deposit_takes_its_coins_back_only_while_the_account_holds_them()
    {
        var account = new TimeAccount("r1", null);
        var deposit = Deposit(account, 120);
        account.Redeem(Item(cost: 60), "p1", Id(), "C", "p", "residents/r1", Now);

        var problem = Broken(() => account.Reverse(deposit, null, false, "录入错误", Id(), "staff/li", Now));
        Assert.Equal(Reasons.InsufficientCoins, problem.Reason);

        var other = new TimeAccount("r2", null);
        var ok = Deposit(other, 120);
        var reversal = other.Reverse(ok, null, false, "录入错误", Id(), "staff/li", Now);
        Assert.Equal((-120, 0), (reversal.Minutes, other.Balance));
    }

    [Fact]
    public void Gifts_and_reversals_are_not_reversible_and_a_reason_is_required()
    {
        var a = new TimeAccount("a", null);
        Deposit(a, 60);
        var (given, _) = a.Gift(new TimeAccount("b", null), true, 30, "", Id(), Id(), "residents/a", "p", "p", Now);

        Assert.Equal(Reasons.NotReversible, Broken(() => a.Reverse(given, null, false, "错", Id(), "staff/li", Now)).Reason);
        Assert.Equal("reason", Assert.Single(Broken(() => a.Reverse(given, null, false, " ", Id(), "staff/li", Now)).FieldViolations).Field);
    }

    [Fact]
    public void A_priority_pass_covers_a_booking_whose_release_is_within_its_lead_and_is_used_once()
    {
        var account = new TimeAccount("r1", null);
        Deposit(account, 120);
        var (pass, _) = account.Redeem(Item(RedemptionKind.PriorityBookingWindow, 120, lead: 24), "p1", Id(), "C", "p", "residents/r1", Now);

        Assert.True(pass.CoversEarlyBooking(Now + Duration.FromHours(24), Now));
        Assert.False(pass.CoversEarlyBooking(Now + Duration.FromHours(25), Now));
        pass.Use("facilities/f/bookings/b", Now);
        Assert.False(pass.CoversEarlyBooking(Now + Duration.FromHours(1), Now));
        Assert.Equal(Reasons.StateDoesNotAllow, Broken(() => pass.Use("facilities/f/bookings/c", Now)).Reason);
    }

    [Fact]
    public void Family_is_the_household_or_a_guardian_and_ward()
    {
        Resident Person(string id, string? household, string? guardian = null) => new(id, "张三", "13900000000",
            IdentityNumber.TryParse(IdentityNumber.WithCheckCharacter("31011219500101001"), out var n) ? n! : throw new InvalidOperationException(),
            "310112101001", guardian, Now, Now, 1, household);

        Assert.True(TimeAccount.AreFamily(Person("son", "h1"), Person("mum", "h1")));
        Assert.False(TimeAccount.AreFamily(Person("a", "h1"), Person("b", "h2")));
        Assert.False(TimeAccount.AreFamily(Person("a", null), Person("b", null)));
        Assert.True(TimeAccount.AreFamily(Person("dad", null), Person("kid", null, guardian: "dad")));
        Assert.True(TimeAccount.AreFamily(Person("kid", null, guardian: "dad"), Person("dad", null)));
        Assert.False(TimeAccount.AreFamily(Person("a", "h1"), Person("a", "h1")));
    }

    [Fact]
    public void The_ledger_always_sums_to_the_balance()
    {
        var a = new TimeAccount("a", null);
        var b = new TimeAccount("b", null);
        var entries = new List<TimeEntry> { Deposit(a, 300), Deposit(a, 45) };
        var (o, i) = a.Gift(b, true, 100, "", Id(), Id(), "residents/a", "p", "p", Now);
        entries.Add(o);
        var (pass, r) = a.Redeem(Item(cost: 60), "p1", Id(), "C", "p", "residents/a", Now);
        entries.Add(r);
        entries.Add(a.Reverse(r, pass, false, "退回", Id(), "staff/li", Now));

        Assert.Equal(a.Balance, entries.Sum(e => e.Minutes));
        Assert.Equal(entries[^1].BalanceAfter, a.Balance);
        Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.Sequence));
        Assert.Equal(100, i.BalanceAfter);
    }

    [Fact]
    public void The_default_catalogue_is_valid_and_bad_items_are_all_reported()
    {
        var ok = new Violations();
        RedemptionCatalogue.Default.Validate(ok, "catalogue");
        Assert.False(ok.Any);

        var bad = new RedemptionCatalogue(
        [
            new RedemptionItem("x", RedemptionKind.PriorityBookingWindow, "", 0, 0, 0, true),
            new RedemptionItem("x", RedemptionKind.Service, "服务", 60, 5, 30, true),
        ]);
        var violations = new Violations();
        bad.Validate(violations, "catalogue");

        Assert.Equal(
            ["catalogue.items[0].title", "catalogue.items[0].cost_minutes", "catalogue.items[0].valid_days", "catalogue.items[0].lead_hours",
             "catalogue.items[1].lead_hours", "catalogue.items"],
            violations.Items.Select(v => v.Field));
    }
}
