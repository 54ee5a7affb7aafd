using CommunityShare.Domain.Providers;
using Microsoft.EntityFrameworkCore;

namespace CommunityShare.Server.Data;

/// <summary>How providers, their contracts and the reminders sent about them are stored.</summary>
internal static class ContractsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Provider>(e =>
        {
            e.ToTable("Providers");
            e.HasKey(p => p.Id);
            e.Property(p => p.Name).HasMaxLength(Provider.MaxNameLength);
            e.Property(p => p.CreditCode).HasMaxLength(Provider.MaxCreditCodeLength);
            e.Property(p => p.Description).HasMaxLength(Provider.MaxDescriptionLength);
            e.HasIndex(p => p.PlaceCode);
            e.Property(p => p.Version).IsConcurrencyToken();
        });

        builder.Entity<ServiceContract>(e =>
        {
            e.ToTable("ServiceContracts");
            e.HasKey(c => c.Id);
            e.HasOne<Provider>().WithMany().HasForeignKey(c => c.ProviderId).OnDelete(DeleteBehavior.Restrict);
            e.Property(c => c.Title).HasMaxLength(ServiceContract.MaxTitleLength);
            e.Property(c => c.ContractingPlaceCode).HasMaxLength(32);
            e.Property(c => c.SuspensionReason).HasMaxLength(ServiceContract.MaxReasonLength);
            e.Property(c => c.TerminationReason).HasMaxLength(ServiceContract.MaxReasonLength);
            // Stored as a JSON array: the scope is read whole, and json_each answers "which contracts cover this facility".
            e.PrimitiveCollection(c => c.FacilityIds);
            e.ComplexProperty(c => c.Levels);
            e.Ignore(c => c.Term);
            e.HasIndex(c => new { c.ProviderId, c.State });
            e.HasIndex(c => new { c.ContractingPlaceCode, c.State });
            e.HasIndex(c => new { c.State, c.End });
            e.Property(c => c.Version).IsConcurrencyToken();
            e.ToTable(t => t.HasCheckConstraint("CK_ServiceContracts_Term", "\"End\" >= \"Start\""));
        });

        builder.Entity<ContractReminder>(e =>
        {
            e.ToTable("ContractReminders");
            e.HasKey(r => r.Id);
            e.HasOne<ServiceContract>().WithMany().HasForeignKey(r => r.ContractId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.ContractId, r.CreateTime });
        });
    }
}
