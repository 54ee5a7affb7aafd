using System.Text.Json;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Lotteries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommunityShare.Server.Data;

/// <summary>How booking series and lotteries are stored.</summary>
internal static class FairAccessModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<BookingSeries>(e =>
        {
            e.ToTable("BookingSeries");
            e.HasKey(s => s.Id);
            e.Ignore(s => s.Pattern);
            e.Ignore(s => s.Term);
            e.Ignore(s => s.Consent);
            e.HasIndex(s => new { s.ResidentId, s.CreateTime });
            e.HasIndex(s => new { s.FacilityId, s.CreateTime });
            e.Property(s => s.DisplayName).HasMaxLength(BookingSeries.MaxDisplayNameLength);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.ToTable(t => t.HasCheckConstraint("CK_BookingSeries_PartySize", "PartySize >= 1"));
        });

        builder.Entity<SeriesOccurrence>(e =>
        {
            e.ToTable("SeriesOccurrences");
            e.HasKey(o => new { o.SeriesId, o.Date });
            e.Ignore(o => o.Slot);
            e.HasOne<BookingSeries>().WithMany().HasForeignKey(o => o.SeriesId).OnDelete(DeleteBehavior.Cascade);
            // The release sweep: scheduled occurrences whose date has been released.
            e.HasIndex(o => new { o.State, o.ReleaseTime });
            e.HasIndex(o => o.BookingId);
            e.Property(o => o.Rejections).HasConversion(new RuleViolationsJson(), RuleViolationsJson.Comparer);
        });

        builder.Entity<LotteryApplication>(e =>
        {
            e.ToTable("LotteryApplications");
            e.HasKey(a => a.Id);
            e.Ignore(a => a.Slot);
            e.Ignore(a => a.ApplicantWeight);
            // The draw's applicants, and the gate that keeps direct bookings out until the draw has run.
            e.HasIndex(a => new { a.FacilityId, a.State, a.Start });
            // The sweep: pending applications whose close has passed.
            e.HasIndex(a => new { a.State, a.CloseTime });
            e.HasIndex(a => new { a.ResidentId, a.Start });
            e.Property(a => a.Outcome).HasConversion(new RuleViolationsJson(), RuleViolationsJson.Comparer);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_LotteryApplications_Slot", "\"End\" > \"Start\"");
                t.HasCheckConstraint("CK_LotteryApplications_PartySize", "PartySize >= 1");
                t.HasCheckConstraint("CK_LotteryApplications_Weight", "Weight >= 100");
            });
        });

        builder.Entity<LotteryDraw>(e =>
        {
            e.ToTable("LotteryDraws");
            // One draw per slot: a second attempt at the same draw cannot be written.
            e.HasKey(d => new { d.FacilityId, d.Id });
            e.Ignore(d => d.Slot);
            e.HasIndex(d => new { d.FacilityId, d.Start });
        });
    }
}

/// <summary>Broken rules as JSON: reason, description and metadata of each.</summary>
internal sealed class RuleViolationsJson() : ValueConverter<IReadOnlyList<RuleViolation>, string>(v => Write(v), s => Read(s))
{
    public static readonly ValueComparer<IReadOnlyList<RuleViolation>> Comparer = new(
        (a, b) => Write(a!) == Write(b!), v => Write(v).GetHashCode(StringComparison.Ordinal), v => Read(Write(v)));

    private static string Write(IReadOnlyList<RuleViolation> rules) =>
        JsonSerializer.Serialize(rules.Select(r => new StoredRule(r.Reason, r.Description, r.Metadata.ToDictionary())).ToArray());

    private static RuleViolation[] Read(string json) =>
        string.IsNullOrEmpty(json)
            ? []
            : (JsonSerializer.Deserialize<StoredRule[]>(json) ?? []).Select(r => new RuleViolation(r.Reason, r.Description, r.Metadata)).ToArray();

    private sealed record StoredRule(string Reason, string Description, Dictionary<string, string> Metadata);
}
