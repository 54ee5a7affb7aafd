using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Institutions;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using CommunityShare.Server.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace CommunityShare.Server.Data;

/// <summary>The unit of work. Domain classes are mapped here; the domain knows nothing of EF.</summary>
public sealed class CommunityShareDb(DbContextOptions<CommunityShareDb> options) : IdentityDbContext<Account>(options)
{
    public DbSet<Place> Places => Set<Place>();

    public DbSet<Institution> Institutions => Set<Institution>();

    public DbSet<Facility> Facilities => Set<Facility>();

    public DbSet<Blackout> Blackouts => Set<Blackout>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<WaitlistEntry> WaitlistEntries => Set<WaitlistEntry>();

    public DbSet<RecordedRequest> RecordedRequests => Set<RecordedRequest>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    // Providers and contracts
    public DbSet<Domain.Providers.Provider> Providers => Set<Domain.Providers.Provider>();

    public DbSet<Domain.Providers.ServiceContract> ServiceContracts => Set<Domain.Providers.ServiceContract>();

    public DbSet<Domain.Providers.ContractReminder> ContractReminders => Set<Domain.Providers.ContractReminder>();

    // Complaints and supervision
    public DbSet<Domain.Complaints.Complaint> Complaints => Set<Domain.Complaints.Complaint>();

    public DbSet<Domain.Complaints.ComplaintStep> ComplaintSteps => Set<Domain.Complaints.ComplaintStep>();

    public DbSet<Domain.Complaints.Inspection> Inspections => Set<Domain.Complaints.Inspection>();

    public DbSet<Domain.Complaints.CalendarDay> CalendarDays => Set<Domain.Complaints.CalendarDay>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Instant>().HaveConversion<InstantAsTicks>();
        configurationBuilder.Properties<Duration>().HaveConversion<DurationAsTicks>();
        configurationBuilder.Properties<LocalTime>().HaveConversion<LocalTimeAsTicks>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateAsNumber>();
        configurationBuilder.Properties<GeoPoint>().HaveConversion<GeoPointAsText>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AccountRole>(e =>
        {
            e.HasKey(r => new { r.AccountId, r.Role, r.ScopeId });
            e.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RefreshToken>(e =>
        {
            e.HasKey(t => t.Hash);
            e.HasIndex(t => t.FamilyId);
            e.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Place>(e =>
        {
            e.HasKey(p => p.Code);
            e.Property(p => p.Code).HasMaxLength(32);
            e.Property(p => p.ParentCode).HasMaxLength(32);
            e.HasIndex(p => p.ParentCode);
            e.Property(p => p.Version).IsConcurrencyToken();
        });

        builder.Entity<Institution>(e =>
        {
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.PlaceCode);
            e.Property(i => i.Version).IsConcurrencyToken();
        });

        builder.Entity<Facility>(e =>
        {
            e.HasKey(f => f.Id);
            e.HasIndex(f => f.InstitutionId);
            e.HasIndex(f => f.ParentFacilityId);
            e.HasIndex(f => new { f.PlaceCode, f.Kind });
            e.Ignore(f => f.Zone);
            e.Ignore(f => f.IsExclusive);
            e.ComplexProperty(f => f.Accessibility);
            e.ComplexProperty(f => f.Rules, r => r.ComplexProperty(x => x.Lottery));
            e.Property(f => f.Schedule).HasConversion(new ScheduleJson.Converter(), new ScheduleJson.Comparer());
            e.Property(f => f.Version).IsConcurrencyToken();
            e.ToTable(t => t.HasCheckConstraint("CK_Facilities_Capacity", "Capacity >= 1"));
        });

        builder.Entity<Blackout>(e =>
        {
            e.HasKey(b => b.Id);
            e.HasIndex(b => new { b.FacilityId, b.Start });
            e.Ignore(b => b.Period);
        });

        builder.Entity<Booking>(e =>
        {
            e.HasKey(b => b.Id);
            e.Ignore(b => b.Slot);
            e.HasIndex(b => new { b.FacilityId, b.Start });
            e.HasIndex(b => new { b.ResidentId, b.Start });
            e.HasIndex(b => b.CheckInCode);
            e.Property(b => b.Version).IsConcurrencyToken();
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Bookings_Slot", "\"End\" > \"Start\"");
                t.HasCheckConstraint("CK_Bookings_PartySize", "PartySize >= 1");
            });
        });

        builder.Entity<WaitlistEntry>(e =>
        {
            e.HasKey(w => w.Id);
            e.Ignore(w => w.Slot);
            e.Ignore(w => w.IsActive);
            // The line of a facility around a freed place, and a resident's own entries.
            e.HasIndex(w => new { w.FacilityId, w.State, w.Start });
            e.HasIndex(w => new { w.ResidentId, w.State });
            // The sweep: offers past their deadline.
            e.HasIndex(w => new { w.State, w.OfferDeadline });
            e.Property(w => w.Version).IsConcurrencyToken();
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_WaitlistEntries_Slot", "\"End\" > \"Start\"");
                t.HasCheckConstraint("CK_WaitlistEntries_PartySize", "PartySize >= 1");
            });
        });

        builder.Entity<RecordedRequest>(e => e.HasKey(r => r.Key));

        builder.Entity<Residents.ResidentRecord>(e =>
        {
            e.ToTable("Residents");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.IdentityNumberHash).IsUnique();
            e.HasIndex(r => r.HomePlaceCode);
            e.Property(r => r.Version).IsConcurrencyToken();
        });

        builder.Entity<Audit.AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.Resource, a.Time });
            e.HasIndex(a => new { a.Actor, a.Time });
        });

        builder.Entity<Domain.Residents.ProxyGrant>(e =>
        {
            e.ToTable("ProxyGrants");
            e.HasKey(g => g.Id);
            e.HasIndex(g => g.ResidentId);
            e.HasIndex(g => g.ProxyResidentId);
            e.Ignore(g => g.IsActive);
            e.Property(g => g.Relationship).HasMaxLength(Domain.Residents.ProxyGrant.MaxRelationshipLength);
            e.Property(g => g.ConsentNote).HasMaxLength(Domain.Residents.ProxyGrant.MaxConsentNoteLength);
        });
        
        builder.Entity<Domain.Credit.CreditEvent>(e =>
        {
            e.ToTable("CreditEvents");
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.ResidentId, c.OccurTime });
            e.HasIndex(c => c.Source);
            e.Ignore(c => c.IsStrike);
            e.Ignore(c => c.IsVoid);
            e.Property(c => c.Evidence).HasMaxLength(Domain.Credit.CreditEvent.MaxEvidenceLength);
        });

        builder.Entity<Domain.Credit.CreditAppeal>(e =>
        {
            e.ToTable("CreditAppeals");
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.EventId).IsUnique();
            e.HasIndex(a => new { a.PlaceCode, a.State, a.FileTime });
            e.HasIndex(a => a.ResidentId);
        });

        builder.Entity<ScheduledNotice>(e =>
        {
            e.ToTable("ScheduledNotices");
            e.HasKey(n => n.Key);
            e.HasIndex(n => new { n.SendTime, n.DueTime });
        });

        builder.Entity<Policies.StoredSetting>(e =>
        {
            e.ToTable("Settings");
            e.HasKey(x => x.Key);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        TimeBank.TimeLedger.Map(builder);
        Volunteers.VolunteerStorage.Map(builder);
        CommunityShare.Server.Complaints.ComplaintStorage.Map(builder);

        builder.Entity<OutboxMessage>(e =>
        {
            e.HasKey(m => m.Id);
            e.Property(m => m.Recipient).HasMaxLength(OutboxChannel.MaxRecipientLength);
            e.Property(m => m.Address).HasMaxLength(OutboxChannel.MaxAddressLength);
            e.Property(m => m.Template).HasMaxLength(OutboxChannel.MaxTemplateLength);
            e.HasIndex(m => new { m.CreateTime, m.Id });
            e.HasIndex(m => new { m.Recipient, m.CreateTime, m.Id });
        });

        FairAccessModel.Configure(builder);
        ContractsModel.Configure(builder);
    }

    private sealed class GeoPointAsText() : ValueConverter<GeoPoint, string>(
        p => ToText(p),
        s => Parse(s))
    {
        private static string ToText(GeoPoint p) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Latitude:R},{p.Longitude:R}");

        private static GeoPoint Parse(string s)
        {
            var comma = s.IndexOf(',', StringComparison.Ordinal);
            return new GeoPoint(double.Parse(s.AsSpan(0, comma), System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(s.AsSpan(comma + 1), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// A mutation made with a request_id (AIP-155): written in the same transaction as the change,
/// so a retry finds it and gets the first result instead of making a second change.
/// </summary>
public sealed class RecordedRequest
{
    /// <summary>Caller, method and request_id.</summary>
    public string Key { get; set; } = "";

    /// <summary>A hash of the request, to tell a retry from a different request that reuses the id.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>The resource the request created or changed.</summary>
    public string ResourceName { get; set; } = "";

    public Instant CreateTime { get; set; }
}
