using CommunityShare.Domain;
using CommunityShare.Domain.TimeBank;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.TimeBank;

/// <summary>
/// The time accounts as stored: an account is its ledger, read from its last entry (the entries
/// already added to the unit of work included, so several appends in one save chain). The database
/// keeps (resident, sequence) unique and every balance at or above zero, so even a writer that read
/// a stale last entry cannot make a wrong balance: its save fails instead.
/// </summary>
public static class TimeLedger
{
    public static string AccountName(string residentId) => $"residents/{residentId}/timeAccount";

    public static string EntryName(string residentId, string entryId) => $"residents/{residentId}/timeAccount/entries/{entryId}";

    public static string RedemptionName(string residentId, string id) => $"residents/{residentId}/redemptions/{id}";

    /// <summary>
    /// Credits confirmed volunteer service to <paramref name="residentId"/>'s time account, in the
    /// caller's unit of work (nothing is saved: the entry commits with the caller's change, or not at
    /// all). Idempotent per <paramref name="source"/> (the service record's resource name): a second call
    /// with the same source, resident and minutes returns the first entry; with different ones it is
    /// SOURCE_ALREADY_DEPOSITED. Call it inside a write-locked transaction (the booking guard, or
    /// <c>BeginTransaction</c>): outside one, a concurrent time-bank write makes the caller's save fail on
    /// the ledger's unique (resident, sequence) index rather than write a wrong balance.
    /// </summary>
    /// <param name="minutes">1 to 6000 (60 minutes = 1 coin).</param>
    /// <param name="at">When the service was given (not in the future).</param>
    /// <param name="recordedBy">Who confirmed it: staff/{id} (谁记录谁证明).</param>
    /// <param name="now">The record time, from the caller's clock.</param>
    /// <param name="placeCode">Where the service was given; its office may reverse the deposit. Default: the resident's home.</param>
    /// <param name="note">What service, in the confirmer's words.</param>
    public static async Task<TimeEntry> DepositAsync(CommunityShareDb db, string residentId, int minutes, string source, Instant at, string recordedBy,
        Instant now, CancellationToken cancellationToken, string? placeCode = null, string note = "")
    {
        var earlier = db.ChangeTracker.Entries<TimeEntry>().Select(e => e.Entity)
                          .FirstOrDefault(e => e.Kind == TimeEntryKind.Deposit && e.Source == source)
                      ?? await db.Set<TimeEntry>().AsNoTracking()
                          .FirstOrDefaultAsync(e => e.Kind == TimeEntryKind.Deposit && e.Source == source, cancellationToken);
        if (earlier is not null)
        {
            return earlier.ResidentId == residentId && earlier.Minutes == minutes
                ? earlier
                : throw Problem.Broken(Reasons.SourceAlreadyDeposited, "This service record has already been credited, to another account or amount.",
                    new Dictionary<string, string> { ["field"] = "source", ["entry"] = EntryName(earlier.ResidentId, earlier.Id) });
        }
        var place = placeCode ?? await db.Set<ResidentRecord>().AsNoTracking().Where(r => r.Id == residentId).Select(r => r.HomePlaceCode)
            .FirstOrDefaultAsync(cancellationToken) ?? throw Problem.NotFound(ResourceNames.Resident(residentId));
        var account = await AccountAsync(db, residentId, cancellationToken);
        var entry = account.Deposit(Ids.New(), minutes, source, place, note.Trim(), at, recordedBy, now);
        db.Set<TimeEntry>().Add(entry);
        return entry;
    }

    /// <summary>The account as it stands in <paramref name="db"/>, counting entries added but not yet saved.</summary>
    public static async Task<TimeAccount> AccountAsync(CommunityShareDb db, string residentId, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries<TimeEntry>().Where(e => e.State == EntityState.Added && e.Entity.ResidentId == residentId)
            .Select(e => e.Entity).OrderByDescending(e => e.Sequence).FirstOrDefault();
        var last = pending ?? await db.Set<TimeEntry>().AsNoTracking().Where(e => e.ResidentId == residentId)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        return new TimeAccount(residentId, last);
    }

    /// <summary>A save refused by the ledger's own guards (a concurrent writer took the sequence): retry.</summary>
    public static bool IsLedgerConflict(Exception exception) =>
        exception is DbUpdateException { InnerException: Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } sqlite }
        && (sqlite.Message.Contains("TimeEntries", StringComparison.Ordinal) || sqlite.Message.Contains("time ledger", StringComparison.Ordinal));

    internal static void Map(ModelBuilder builder)
    {
        builder.Entity<TimeEntry>(e =>
        {
            e.ToTable("TimeEntries", t =>
            {
                t.HasCheckConstraint("CK_TimeEntries_BalanceAfter", "BalanceAfter >= 0");
                t.HasCheckConstraint("CK_TimeEntries_Sequence", "Sequence >= 1");
                t.HasCheckConstraint("CK_TimeEntries_Minutes", "Minutes <> 0");
            });
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ResidentId, x.Sequence }).IsUnique();
            // One deposit per service record, one reversal per entry.
            e.HasIndex(x => new { x.Kind, x.Source }).IsUnique().HasFilter("Kind IN (1, 5)");
            e.Ignore(x => x.IsCredit);
            e.Ignore(x => x.IsReversible);
            e.Property(x => x.Source).HasMaxLength(TimeEntry.MaxSourceLength);
            e.Property(x => x.Note).HasMaxLength(TimeEntry.MaxNoteLength);
        });
        builder.Entity<Redemption>(e =>
        {
            e.ToTable("Redemptions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ResidentId, x.Kind, x.State });
            e.HasIndex(x => new { x.ResidentId, x.RedeemTime });
            e.Property(x => x.Version).IsConcurrencyToken();
        });
    }
}
