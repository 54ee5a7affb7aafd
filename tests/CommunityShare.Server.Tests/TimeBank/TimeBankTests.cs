using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.Rpc;

namespace CommunityShare.Server.Tests.TimeBank;

/// <summary>
/// The time bank through the API: deposits by the office where the service was given (once per
/// service record), gifts to family with a text to the recipient, redemptions from the district's
/// catalogue, reversals with a reason, and every reason code.
/// </summary>
public sealed class TimeBankTests : IAsyncLifetime
{
    public const string Xinzhuang = "staff:li:office=310112101";
    public const string Qibao = "staff:wang:office=310112102";
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        await _f.AddResidentAsync("son", "310112101001", "李晓明");
        await _f.AddResidentAsync("mum", "310112101001", "王秀英", new LocalDate(1950, 3, 1));
        await _f.AddResidentAsync("kid", "310112101001", "李小宝", new LocalDate(2015, 5, 1), guardianId: "son");
        await _f.AddResidentAsync("stranger", "310112102001", "赵六");
        await HouseholdAsync(_f, "son", "h-001");
        await HouseholdAsync(_f, "mum", "h-001");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static async Task HouseholdAsync(ServerFixture f, string resident, string household) =>
        await new ResidentService.ResidentServiceClient(f.Channel()).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = "residents/" + resident, Household = household },
            UpdateMask = new FieldMask { Paths = { "household" } },
        });

    private TimeBankService.TimeBankServiceClient Bank(string actor) => TimeBankCalls.Bank(_f, actor);

    private Task<TimeEntry> DepositAsync(string resident, long minutes, string? source = null) => TimeBankCalls.DepositAsync(_f, resident, minutes, source);

    private async Task<long> BalanceAsync(string resident) =>
        (await Bank("staff:admin").GetTimeAccountAsync(new GetTimeAccountRequest { Name = $"residents/{resident}/timeAccount" })).BalanceMinutes;

    private AsyncUnaryCall<TimeEntry> Gift(string from, string to, long minutes, string requestId = "") =>
        Bank("resident:" + from).GiftTimeAsync(new GiftTimeRequest
        {
            Account = $"residents/{from}/timeAccount",
            Recipient = "residents/" + to,
            Minutes = minutes,
            Note = "给家里人",
            RequestId = requestId,
        });

    private AsyncUnaryCall<Redemption> Redeem(string resident, string item, string actor = "", string requestId = "") =>
        Bank(actor == "" ? "resident:" + resident : actor).CreateRedemptionAsync(new CreateRedemptionRequest
        {
            Parent = "residents/" + resident,
            Redemption = new Redemption { Item = item },
            RequestId = requestId,
        });

    [Fact]
    public async Task Confirmed_service_credits_the_account_district_wide_once_per_service_record()
    {
        var first = await DepositAsync("son", 90, "volunteers/v1/serviceRecords/s1");
        var again = await DepositAsync("son", 90, "volunteers/v1/serviceRecords/s1");
        await DepositAsync("son", 60);

        Assert.Equal(first.Name, again.Name);
        Assert.Equal((TimeEntry.Types.Kind.Deposit, 90, 90, 1), (first.Kind, first.Minutes, first.BalanceAfterMinutes, first.Sequence));
        Assert.Equal("staff/li", first.RecordedBy);
        Assert.Equal("places/310112101001", first.Place);
        var account = await Bank("resident:son").GetTimeAccountAsync(new GetTimeAccountRequest { Name = "residents/son/timeAccount" });
        Assert.Equal((150, 150, 2), (account.BalanceMinutes, account.DepositedMinutes, account.EntryCount));
        // The household and the ward are whom the holder may give to.
        Assert.Equal(["residents/kid", "residents/mum"], account.Family.Select(m => m.Resident).Order());
        Assert.Equal("王**", account.Family.Single(m => m.Resident == "residents/mum").DisplayName);
    }

    [Fact]
    public async Task The_same_service_record_for_another_amount_is_refused()
    {
        await DepositAsync("son", 90, "volunteers/v1/serviceRecords/s2");

        var e = await FailsAsync(StatusCode.FailedPrecondition, "SOURCE_ALREADY_DEPOSITED", () => Bank(Xinzhuang).DepositTimeAsync(new DepositTimeRequest
        {
            Account = "residents/mum/timeAccount",
            Minutes = 90,
            Source = "volunteers/v1/serviceRecords/s2",
            Place = "places/310112101001",
        }));
        Assert.Equal(0, await BalanceAsync("mum"));
    }

    [Fact]
    public async Task A_deposit_with_everything_wrong_is_told_at_once()
    {
        await InvalidAsync(() => Bank(Xinzhuang).DepositTimeAsync(new DepositTimeRequest
        {
            Account = "residents/son/timeAccount",
            Minutes = 0,
            Place = "places/999999",
            OccurTime = ToTimestamp(_f.Clock.GetCurrentInstant() + NodaTime.Duration.FromHours(1)),
        }), ("minutes", "OUT_OF_RANGE"), ("source", "REQUIRED"), ("occur_time", "OUT_OF_RANGE"), ("place", "NOT_FOUND"));
    }

    [Fact]
    public async Task An_office_records_service_only_where_it_manages()
    {
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Bank(Qibao).DepositTimeAsync(new DepositTimeRequest
        {
            Account = "residents/stranger/timeAccount",
            Minutes = 60,
            Source = "volunteers/x/serviceRecords/1",
            Place = "places/310112101001",
        }));
        // Its own town, for a volunteer living elsewhere: coins travel district-wide.
        var entry = await Bank(Qibao).DepositTimeAsync(new DepositTimeRequest
        {
            Account = "residents/son/timeAccount",
            Minutes = 60,
            Source = "volunteers/son/serviceRecords/qibao-1",
            Place = "places/310112102001",
        });
        Assert.Equal(60, entry.BalanceAfterMinutes);
    }

    [Fact]
    public async Task A_gift_to_a_household_member_moves_the_coins_and_texts_the_recipient()
    {
        await DepositAsync("son", 180);

        var given = await Gift("son", "mum", 120);

        Assert.Equal((TimeEntry.Types.Kind.GiftOut, -120, 60, "residents/mum"), (given.Kind, given.Minutes, given.BalanceAfterMinutes, given.Counterparty));
        Assert.Equal(120, await BalanceAsync("mum"));
        var received = (await Bank("resident:mum").ListTimeEntriesAsync(new ListTimeEntriesRequest { Parent = "residents/mum/timeAccount" })).TimeEntries.Single();
        Assert.Equal((TimeEntry.Types.Kind.GiftIn, 120, "residents/son", given.Name), (received.Kind, received.Minutes, received.Counterparty, received.Source));
        var messages = await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/mum" });
        var text = Assert.Single(messages.OutboxMessages, m => m.Template == "timebank.gift_received");
        Assert.Contains("李**", text.Text);
        Assert.Contains("2个时间币", text.Text);
    }

    [Fact]
    public async Task A_guardian_and_ward_are_family()
    {
        await DepositAsync("son", 60);

        await Gift("son", "kid", 30);

        Assert.Equal(30, await BalanceAsync("kid"));
    }

    [Fact]
    public async Task A_gift_outside_the_family_and_beyond_the_balance_gives_both_reasons_and_moves_nothing()
    {
        await DepositAsync("son", 30);

        var e = await FailsAsync(StatusCode.FailedPrecondition, "NOT_FAMILY", () => Gift("son", "stranger", 60));

        Assert.Equal(["NOT_FAMILY", "INSUFFICIENT_COINS"], RuleReasons(e));
        Assert.Equal((30, 0), (await BalanceAsync("son"), await BalanceAsync("stranger")));
        Assert.Empty((await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/stranger" })).OutboxMessages);
    }

    [Fact]
    public async Task Gifts_to_oneself_of_nothing_or_from_someone_elses_account_are_refused()
    {
        await DepositAsync("son", 60);

        await FailsAsync(StatusCode.FailedPrecondition, "GIFT_TO_SELF", () => Gift("son", "son", 30));
        await InvalidAsync(() => Gift("son", "mum", 0), ("minutes", "OUT_OF_RANGE"));
        await NotAllowedAsync(() => Bank("resident:mum").GiftTimeAsync(new GiftTimeRequest
        {
            Account = "residents/son/timeAccount",
            Recipient = "residents/mum",
            Minutes = 30,
        }));
        await NotFoundAsync(() => Gift("son", "nobody", 30));
    }

    [Fact]
    public async Task A_retried_gift_moves_the_coins_once()
    {
        await DepositAsync("son", 120);

        var first = await Gift("son", "mum", 60, "gift-1");
        var retry = await Gift("son", "mum", 60, "gift-1");

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal((60, 60), (await BalanceAsync("son"), await BalanceAsync("mum")));
    }

    [Fact]
    public async Task Redeeming_spends_the_price_and_gives_a_pass_with_a_code()
    {
        await DepositAsync("son", 200);

        var pass = await Redeem("son", "tcm-consultation");

        Assert.Equal((Redemption.Types.Kind.Service, Redemption.Types.State.Available, 180), (pass.Kind, pass.State, pass.CostMinutes));
        Assert.Equal(8, pass.Code.Length);
        Assert.Equal(_f.Clock.GetCurrentInstant() + NodaTime.Duration.FromDays(90), global::CommunityShare.Contracts.ProtoTime.ToInstant(pass.ExpireTime));
        Assert.Equal(20, await BalanceAsync("son"));
        var passes = await Bank("resident:son").ListRedemptionsAsync(new ListRedemptionsRequest { Parent = "residents/son" });
        Assert.Equal(pass.Name, Assert.Single(passes.Redemptions).Name);
        var e = await FailsAsync(StatusCode.FailedPrecondition, "INSUFFICIENT_COINS", () => Redeem("son", "extra-booking"));
        Assert.Equal("20", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["balance_minutes"]);
    }

    [Fact]
    public async Task A_retried_redemption_spends_once()
    {
        await DepositAsync("son", 120);

        var first = await Redeem("son", "extra-booking", requestId: "r-1");
        var retry = await Redeem("son", "extra-booking", requestId: "r-1");

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal(60, await BalanceAsync("son"));
    }

    [Fact]
    public async Task Unknown_and_withdrawn_items_cannot_be_redeemed()
    {
        await DepositAsync("son", 600);
        await NotFoundAsync(() => Redeem("son", "no-such-item"));
        await InvalidAsync(() => Redeem("son", ""), ("redemption.item", "REQUIRED"));

        var catalogue = await Bank("resident:son").GetRedemptionCatalogueAsync(new GetRedemptionCatalogueRequest());
        catalogue.Items.Single(i => i.Id == "tcm-consultation").Offered = false;
        await Bank("staff:admin").UpdateRedemptionCatalogueAsync(new UpdateRedemptionCatalogueRequest { RedemptionCatalogue = catalogue });

        await FailsAsync(StatusCode.FailedPrecondition, "ITEM_UNAVAILABLE", () => Redeem("son", "tcm-consultation"));
        Assert.Equal(600, await BalanceAsync("son"));
    }

    [Fact]
    public async Task A_proxy_redeems_for_the_elderly_parent_who_gave_consent()
    {
        await DepositAsync("mum", 60);
        await new ResidentService.ResidentServiceClient(_f.Channel("resident:mum")).CreateProxyGrantAsync(new CreateProxyGrantRequest
        {
            Parent = "residents/mum",
            ProxyGrant = new ProxyGrant { Proxy = "residents/son", Relationship = "子女" },
        });

        var pass = await Redeem("mum", "extra-booking", actor: "resident:son");

        Assert.Equal("residents/son", pass.RedeemedBy);
        Assert.Equal(0, await BalanceAsync("mum"));
        await NotAllowedAsync(() => Redeem("son", "extra-booking", actor: "resident:mum"));
    }

    [Fact]
    public async Task The_district_sets_the_catalogue_every_problem_told_at_once_and_a_stale_etag_refused()
    {
        var catalogue = await Bank("staff:admin").GetRedemptionCatalogueAsync(new GetRedemptionCatalogueRequest());
        Assert.Equal(["priority-window", "extra-booking", "tcm-consultation"], catalogue.Items.Select(i => i.Id));

        await InvalidAsync(() => Bank("staff:admin").UpdateRedemptionCatalogueAsync(new UpdateRedemptionCatalogueRequest
        {
            RedemptionCatalogue = new RedemptionCatalogue
            {
                Items =
                {
                    new RedemptionCatalogue.Types.Item { Id = "X", Kind = Redemption.Types.Kind.PriorityBookingWindow, Title = "", CostMinutes = 0, ValidDays = 30 },
                    new RedemptionCatalogue.Types.Item { Id = "film", Title = "电影票", CostMinutes = 60, ValidDays = 30 },
                },
            },
        }), ("redemption_catalogue.items[0].id", "INVALID_FORMAT"), ("redemption_catalogue.items[0].title", "REQUIRED"),
            ("redemption_catalogue.items[0].cost_minutes", "OUT_OF_RANGE"), ("redemption_catalogue.items[0].lead_hours", "OUT_OF_RANGE"),
            ("redemption_catalogue.items[1].kind", "REQUIRED"));

        catalogue.Items.Add(new RedemptionCatalogue.Types.Item { Id = "film", Kind = Redemption.Types.Kind.Service, Title = "社区电影一场", CostMinutes = 60, ValidDays = 30, Offered = true });
        var saved = await Bank("staff:admin").UpdateRedemptionCatalogueAsync(new UpdateRedemptionCatalogueRequest { RedemptionCatalogue = catalogue });
        Assert.Equal(4, saved.Items.Count);
        Assert.NotEqual(catalogue.Etag, saved.Etag);
        await StaleEtagAsync(() => Bank("staff:admin").UpdateRedemptionCatalogueAsync(new UpdateRedemptionCatalogueRequest { RedemptionCatalogue = catalogue }));
        var audit = await new AuditService.AuditServiceClient(_f.Channel()).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = "timeBankCatalogue" });
        Assert.Contains(audit.AuditEntries, a => a.Action == "time_bank_catalogue.update" && a.Actor == "staff/admin");
    }

    [Fact]
    public async Task Staff_reverse_an_unused_redemption_once_and_the_coins_come_back()
    {
        await DepositAsync("son", 60);
        var pass = await Redeem("son", "extra-booking");

        var reversal = await Bank(Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = pass.Entry, Reason = "服务暂停，退回" });

        Assert.Equal((TimeEntry.Types.Kind.Reversal, 60, 60, pass.Entry), (reversal.Kind, reversal.Minutes, reversal.BalanceAfterMinutes, reversal.Source));
        var passes = await Bank("resident:son").ListRedemptionsAsync(new ListRedemptionsRequest { Parent = "residents/son" });
        Assert.Equal((Redemption.Types.State.Reversed, "服务暂停，退回"), (passes.Redemptions[0].State, passes.Redemptions[0].ReverseReason));
        await FailsAsync(StatusCode.FailedPrecondition, "ALREADY_REVERSED", () => Bank(Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = pass.Entry, Reason = "再退" }));
        await FailsAsync(StatusCode.FailedPrecondition, "NOT_REVERSIBLE", () => Bank(Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = reversal.Name, Reason = "再退" }));
        await InvalidAsync(() => Bank(Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = pass.Entry }), ("reason", "REQUIRED"));
        await NotFoundAsync(() => Bank(Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = "residents/son/timeAccount/entries/nope", Reason = "x" }));
        var audit = await new AuditService.AuditServiceClient(_f.Channel()).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = "residents/son/redemptions" });
        Assert.Contains(audit.AuditEntries, a => a.Action == "redemption.update" && a.Actor == "staff/li");
    }

    [Fact]
    public async Task A_deposit_already_spent_cannot_be_reversed()
    {
        var deposit = await DepositAsync("son", 120);
        await Redeem("son", "extra-booking");

        var e = await FailsAsync(StatusCode.FailedPrecondition, "INSUFFICIENT_COINS", () =>
            Bank(Xinzhuang).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = deposit.Name, Reason = "录入错误" }));

        Assert.Equal(60, await BalanceAsync("son"));
        await FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            Bank(Qibao).ReverseTimeEntryAsync(new ReverseTimeEntryRequest { Name = deposit.Name, Reason = "录入错误" }));
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_and_sums_to_the_balance()
    {
        for (var i = 1; i <= 7; i++)
        {
            await DepositAsync("son", 10 * i);
        }
        await Gift("son", "mum", 25);
        await Redeem("son", "extra-booking");

        var entries = new List<TimeEntry>();
        var token = "";
        do
        {
            var page = await Bank("resident:son").ListTimeEntriesAsync(new ListTimeEntriesRequest { Parent = "residents/son/timeAccount", PageSize = 4, PageToken = token });
            entries.AddRange(page.TimeEntries);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(Enumerable.Range(1, 9).Reverse(), entries.Select(e => e.Sequence));
        Assert.Equal(await BalanceAsync("son"), entries.Sum(e => e.Minutes));
        Assert.Equal(280 - 25 - 60, entries[0].BalanceAfterMinutes);
        await InvalidAsync(() => Bank("resident:son").ListTimeEntriesAsync(new ListTimeEntriesRequest { Parent = "residents/mum/timeAccount", PageToken = "garbage" }),
            ("page_token", "INVALID_PAGE_TOKEN"));
    }
}
