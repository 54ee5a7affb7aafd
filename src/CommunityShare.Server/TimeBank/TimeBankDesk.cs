using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Residents;
using CommunityShare.Domain.TimeBank;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.TimeBank;

/// <summary>A family member the holder may give coins to, masked.</summary>
public sealed record FamilyMember(string ResidentId, string MaskedName);

/// <summary>A time account as one caller sees it: the balance and what made it, per kind of entry.</summary>
public sealed record TimeAccountView(string ResidentId, int Balance, int Deposited, int Received, int Given, int Redeemed, int Reversed, int EntryCount,
    IReadOnlyList<FamilyMember> Family);

public sealed record TimeEntryPage(IReadOnlyList<TimeEntry> Entries, string NextPageToken);

public sealed record RedemptionPage(IReadOnlyList<Redemption> Redemptions, string NextPageToken);

/// <summary>
/// The time bank's use cases. Every write that can take coins out (a gift, a redemption, a reversal)
/// reads the account and appends to it inside the booking guard (one writer, write-locked), so two at
/// once cannot both spend the last coin; the ledger's unique sequence and CHECK on the balance stand
/// behind it in the database.
/// </summary>
public sealed class TimeBankDesk(CommunityShareDb db, IClock clock, IBookingGuard guard, ResidentRegistry residents, RedemptionCatalogues catalogues,
    NotificationChannelOn channelOn)
{
    public const string GiftTemplate = "timebank.gift_received";
    public const int MaxMinutes = TimeAccount.MaxMinutesPerEntry;

    public async Task<TimeAccountView> GetAccountAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        var resident = await RequireReadAsync(actor, residentId, "see this resident's time account", cancellationToken);
        var sums = await db.Set<TimeEntry>().AsNoTracking().Where(e => e.ResidentId == residentId)
            .GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Minutes = g.Sum(e => e.Minutes), Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Sum(TimeEntryKind kind) => sums.Where(s => s.Kind == kind).Sum(s => s.Minutes);
        var account = await TimeLedger.AccountAsync(db, residentId, cancellationToken);
        var family = actor.ResidentId == residentId ? await FamilyAsync(resident, cancellationToken) : [];
        return new TimeAccountView(residentId, account.Balance, Sum(TimeEntryKind.Deposit), Sum(TimeEntryKind.GiftIn), -Sum(TimeEntryKind.GiftOut),
            -Sum(TimeEntryKind.Redemption), Sum(TimeEntryKind.Reversal), sums.Sum(s => s.Count), family);
    }

    public async Task<TimeEntryPage> ListEntriesAsync(Actor actor, string residentId, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, residentId, violations);
        violations.ThrowIfAny();
        await RequireReadAsync(actor, residentId, "see this resident's time account", cancellationToken);
        var query = db.Set<TimeEntry>().AsNoTracking().Where(e => e.ResidentId == residentId);
        if (after is not null && int.TryParse(after[0], CultureInfo.InvariantCulture, out var last))
        {
            query = query.Where(e => e.Sequence < last);
        }
        var rows = await query.OrderByDescending(e => e.Sequence).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize ? PageToken.Encode(residentId, shown[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : "";
        return new TimeEntryPage(shown, next);
    }

    public async Task<RedemptionPage> ListRedemptionsAsync(Actor actor, string residentId, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, residentId, violations);
        violations.ThrowIfAny();
        await RequireReadAsync(actor, residentId, "see this resident's passes", cancellationToken);
        var query = db.Set<Redemption>().AsNoTracking().Where(r => r.ResidentId == residentId);
        if (after is not null)
        {
            var (time, id) = (Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture)), after[1]);
            query = query.Where(r => r.RedeemTime < time || (r.RedeemTime == time && string.Compare(r.Id, id) < 0));
        }
        var rows = await query.OrderByDescending(r => r.RedeemTime).ThenByDescending(r => r.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(residentId, shown[^1].RedeemTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new RedemptionPage(shown, next);
    }

    /// <summary>The account holder gives coins to a family member, who is told by text message.</summary>
    public async Task<TimeEntry> GiftAsync(Actor actor, string giverId, string? recipientId, long minutes, string? note, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        violations.Check(recipientId is null, "recipient", Reasons.Required, "is required, as residents/{id}.");
        violations.Check(minutes is < 1 or > MaxMinutes, "minutes", Reasons.OutOfRange, $"must be 1 to {MaxMinutes} minutes (60 minutes = 1 coin).");
        violations.MaxLength(note?.Trim(), TimeEntry.MaxNoteLength, "note");
        violations.ThrowIfAny();
        if (actor.ResidentId != giverId)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only the account holder gives their coins.");
        }
        if (await FindMadeAsync(requestKey, db, cancellationToken) is { } done)
        {
            return done;
        }
        var giver = await residents.LoadAsync(giverId, cancellationToken);
        var recipient = await residents.LoadAsync(recipientId!, cancellationToken);
        var family = TimeAccount.AreFamily(giver, recipient);
        var now = clock.GetCurrentInstant();
        return await GuardedAsync(async (writeDb, ct) =>
        {
            if (await FindMadeAsync(requestKey, writeDb, ct) is { } raced)
            {
                return raced;
            }
            var from = await TimeLedger.AccountAsync(writeDb, giverId, ct);
            var to = await TimeLedger.AccountAsync(writeDb, recipient.Id, ct);
            var (given, received) = from.Gift(to, family, (int)minutes, note?.Trim() ?? "", Ids.New(), Ids.New(), actor.ResourceName,
                giver.HomePlaceCode, recipient.HomePlaceCode, now);
            writeDb.Set<TimeEntry>().AddRange(given, received);
            new RequestLedger(writeDb).Record(requestKey, TimeLedger.EntryName(giverId, given.Id), now);
            // The text commits with the gift, or not at all.
            await channelOn(writeDb).SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(recipient.Id), recipient.Mobile),
                GiftTemplate,
                $"【社区共享】家人{giver.MaskedName}赠送给您{Coins(received.Minutes)}个时间币，现有{Coins(received.BalanceAfter)}个，可在“我的时间银行”兑换。",
                now), ct);
            return given;
        }, cancellationToken);
    }

    /// <summary>The resident (or their guardian or proxy) spends coins on an item the district offers.</summary>
    public async Task<Redemption> RedeemAsync(Actor actor, string residentId, string? itemId, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.Check(string.IsNullOrEmpty(itemId), "redemption.item", Reasons.Required, "is required: the id of an item of the catalogue.");
        violations.ThrowIfAny();
        if (actor.ResidentId != residentId && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only the resident, their guardian or their proxy redeems their coins.");
        }
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        if (await FindRedemptionAsync(requestKey, db, cancellationToken) is { } done)
        {
            return done;
        }
        var (catalogue, _) = await catalogues.GetAsync(db, cancellationToken);
        var item = catalogue.Find(itemId!) ?? throw new Problem(ProblemKind.NotFound, Reasons.NotFound,
            $"{RedemptionCatalogues.Name}/items/{itemId} does not exist.", new Dictionary<string, string> { ["resource"] = $"{RedemptionCatalogues.Name}/items/{itemId}" },
            [new FieldViolation("redemption.item", Reasons.NotFound, "is not an item of the catalogue.")]);
        var now = clock.GetCurrentInstant();
        return await GuardedAsync(async (writeDb, ct) =>
        {
            if (await FindRedemptionAsync(requestKey, writeDb, ct) is { } raced)
            {
                return raced;
            }
            var account = await TimeLedger.AccountAsync(writeDb, residentId, ct);
            var (pass, entry) = account.Redeem(item, Ids.New(), Ids.New(), Ids.CheckInCode(), resident.HomePlaceCode, actor.ResourceName, now);
            writeDb.Set<TimeEntry>().Add(entry);
            writeDb.Set<Redemption>().Add(pass);
            new RequestLedger(writeDb).Record(requestKey, TimeLedger.RedemptionName(residentId, pass.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return pass;
        }, cancellationToken);
    }

    /// <summary>Staff who manage the place of the service credit confirmed service (one deposit per source).</summary>
    public async Task<TimeEntry> DepositAsync(Actor actor, string residentId, long minutes, string? source, string? placeCode, Instant? occurTime,
        string? note, RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("record volunteer service in a time account");
        violations.Check(minutes is < 1 or > MaxMinutes, "minutes", Reasons.OutOfRange, $"must be 1 to {MaxMinutes} minutes (60 minutes = 1 coin).");
        if (violations.Required(source, "source"))
        {
            violations.MaxLength(source!.Trim(), TimeEntry.MaxSourceLength, "source");
        }
        violations.MaxLength(note?.Trim(), TimeEntry.MaxNoteLength, "note");
        var now = clock.GetCurrentInstant();
        violations.Check(occurTime > now, "occur_time", Reasons.OutOfRange, "must not be in the future: coins are for service given.");
        if (placeCode is not null)
        {
            violations.Check(!await db.Places.AsNoTracking().AnyAsync(p => p.Code == placeCode, cancellationToken), "place", Reasons.NotFound,
                $"{ResourceNames.Place(placeCode)} does not exist.");
        }
        violations.ThrowIfAny();
        actor.RequireManage(Jurisdiction.OfPlace(placeCode!), "record service given here");
        await residents.LoadAsync(residentId, cancellationToken);
        if (await FindMadeAsync(requestKey, db, cancellationToken) is { } done)
        {
            return done;
        }
        return await GuardedAsync(async (writeDb, ct) =>
        {
            if (await FindMadeAsync(requestKey, writeDb, ct) is { } raced)
            {
                return raced;
            }
            var entry = await TimeLedger.DepositAsync(writeDb, residentId, (int)minutes, source!.Trim(), occurTime ?? now, actor.ResourceName, now, ct,
                placeCode, note?.Trim() ?? "");
            new RequestLedger(writeDb).Record(requestKey, TimeLedger.EntryName(residentId, entry.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return entry;
        }, cancellationToken);
    }

    /// <summary>Staff who manage the entry's place take back a deposit or a redemption, with the reason.</summary>
    public async Task<TimeEntry> ReverseAsync(Actor actor, string residentId, string entryId, string? reason, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("reverse a time account entry");
        if (violations.Required(reason, "reason"))
        {
            violations.MaxLength(reason!.Trim(), Redemption.MaxReasonLength, "reason");
        }
        violations.ThrowIfAny();
        var entry = await db.Set<TimeEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId && e.ResidentId == residentId, cancellationToken)
                    ?? throw Problem.NotFound(TimeLedger.EntryName(residentId, entryId));
        actor.RequireManage(Jurisdiction.OfPlace(entry.PlaceCode), "reverse this entry");
        if (await FindMadeAsync(requestKey, db, cancellationToken) is { } done)
        {
            return done;
        }
        var now = clock.GetCurrentInstant();
        var name = TimeLedger.EntryName(residentId, entryId);
        return await GuardedAsync(async (writeDb, ct) =>
        {
            if (await FindMadeAsync(requestKey, writeDb, ct) is { } raced)
            {
                return raced;
            }
            var reversed = await writeDb.Set<TimeEntry>().AnyAsync(e => e.Kind == TimeEntryKind.Reversal && e.Source == name, ct);
            var pass = entry.Kind == TimeEntryKind.Redemption
                ? await writeDb.Set<Redemption>().FirstOrDefaultAsync(r => r.EntryId == entryId, ct)
                : null;
            var account = await TimeLedger.AccountAsync(writeDb, residentId, ct);
            var reversal = account.Reverse(entry, pass, reversed, reason!.Trim(), Ids.New(), actor.ResourceName, now);
            writeDb.Set<TimeEntry>().Add(reversal);
            new RequestLedger(writeDb).Record(requestKey, TimeLedger.EntryName(residentId, reversal.Id), now);
            await writeDb.SaveChangesAsync(ct);
            return reversal;
        }, cancellationToken);
    }

    /// <summary>District staff replace the catalogue (etag for concurrent edits); the change is in the audit trail.</summary>
    public async Task<(RedemptionCatalogue Catalogue, int Version)> UpdateCatalogueAsync(Actor actor, RedemptionCatalogue catalogue, string? etag,
        Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireDistrictRole("change the time bank's catalogue", changes: true);
        db.Set<Audit.AuditEntry>().Add(new Audit.AuditEntry
        {
            Time = clock.GetCurrentInstant(),
            Actor = actor.ResourceName,
            Action = "time_bank_catalogue.update",
            Resource = RedemptionCatalogues.Name,
            Changes = "items",
        });
        return await catalogues.UpdateAsync(db, actor, catalogue, etag, violations, cancellationToken);
    }

    public static string Coins(int minutes) => (minutes / 60m).ToString("0.##", CultureInfo.InvariantCulture);

    private async Task<Resident> RequireReadAsync(Actor actor, string residentId, string action, CancellationToken cancellationToken)
    {
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        if (actor.ResidentId != residentId && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is null)
        {
            actor.RequireOversee(Jurisdiction.OfPlace(resident.HomePlaceCode), action);
        }
        return resident;
    }

    private async Task<IReadOnlyList<FamilyMember>> FamilyAsync(Resident resident, CancellationToken cancellationToken)
    {
        var (id, household, guardian) = (resident.Id, resident.HouseholdId, resident.GuardianId);
        var rows = await db.Set<ResidentRecord>().AsNoTracking()
            .Where(r => r.Id != id && ((household != null && r.HouseholdId == household) || r.Id == guardian || r.GuardianId == id))
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken);
        return rows.Select(r => new FamilyMember(r.Id, Resident.MaskName(r.Name))).ToArray();
    }

    private static async Task<TimeEntry?> FindMadeAsync(RequestKey? key, CommunityShareDb on, CancellationToken cancellationToken)
    {
        if (await new RequestLedger(on).FindAsync(key, cancellationToken) is not { } made)
        {
            return null;
        }
        var id = made.Split('/')[^1];
        return await on.Set<TimeEntry>().AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken);
    }

    private static async Task<Redemption?> FindRedemptionAsync(RequestKey? key, CommunityShareDb on, CancellationToken cancellationToken)
    {
        if (await new RequestLedger(on).FindAsync(key, cancellationToken) is not { } made)
        {
            return null;
        }
        var id = made.Split('/')[^1];
        return await on.Set<Redemption>().AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>Runs a write in the guard; a save the ledger's own guards refused (a concurrent writer outside the guard) is BUSY, to retry.</summary>
    private async Task<T> GuardedAsync<T>(Func<CommunityShareDb, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await guard.RunAsync(db, work, cancellationToken);
        }
        catch (Exception e) when (TimeLedger.IsLedgerConflict(e))
        {
            throw new Problem(ProblemKind.Unavailable, Reasons.Busy, "The account changed at the same moment; retry with the same request_id.");
        }
    }
}
