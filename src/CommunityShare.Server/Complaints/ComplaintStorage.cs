using System.Text.Json;
using CommunityShare.Domain.Complaints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommunityShare.Server.Complaints;

/// <summary>How complaints, their steps and photos, inspections and the working calendar are stored.</summary>
public static class ComplaintStorage
{
    internal static void Map(ModelBuilder builder)
    {
        builder.Entity<Complaint>(e =>
        {
            e.ToTable("Complaints", t =>
            {
                t.HasCheckConstraint("CK_Complaints_Satisfaction", "Satisfaction IS NULL OR Satisfaction BETWEEN 1 AND 5");
            });
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.OfficeCode, c.State, c.DueTime });
            e.HasIndex(c => new { c.State, c.DueTime });
            e.HasIndex(c => new { c.FiledBy, c.FiledTime });
            e.HasIndex(c => c.InstitutionId);
            e.HasIndex(c => c.ProviderId);
            e.HasIndex(c => c.FacilityId);
            e.Property(c => c.Description).HasMaxLength(Complaint.MaxDescriptionLength);
            e.Property(c => c.TargetId).HasMaxLength(Complaint.MaxTargetIdLength);
            e.Property(c => c.Response).HasMaxLength(Complaint.MaxNoteLength);
            e.Property(c => c.CloseNote).HasMaxLength(Complaint.MaxNoteLength);
            e.Ignore(c => c.ConcernsOperator);
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        builder.Entity<ComplaintStep>(e =>
        {
            e.ToTable("ComplaintSteps");
            e.HasKey(s => new { s.ComplaintId, s.Sequence });
            e.HasOne<Complaint>().WithMany().HasForeignKey(s => s.ComplaintId).OnDelete(DeleteBehavior.Restrict);
            e.Property(s => s.Note).HasMaxLength(Complaint.MaxNoteLength);
        });
        builder.Entity<ComplaintPhoto>(e =>
        {
            e.ToTable("ComplaintPhotos");
            e.HasKey(p => p.ComplaintId);
            e.HasOne<Complaint>().WithOne().HasForeignKey<ComplaintPhoto>(p => p.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Inspection>(e =>
        {
            e.ToTable("Inspections");
            e.HasKey(i => i.Id);
            e.HasIndex(i => new { i.FacilityId, i.InspectTime });
            e.HasIndex(i => new { i.PlaceCode, i.InspectTime });
            e.Property(i => i.Inspector).HasMaxLength(Inspection.MaxInspectorLength);
            e.Property(i => i.Summary).HasMaxLength(Inspection.MaxSummaryLength);
            e.Property(i => i.Findings).HasConversion(new ValueConverter<IReadOnlyList<InspectionFinding>, string>(
                    f => WriteFindings(f), s => ReadFindings(s)),
                new ValueComparer<IReadOnlyList<InspectionFinding>>((a, b) => a!.SequenceEqual(b!), a => a.Count, a => a.ToArray()));
        });
        builder.Entity<CalendarDay>(e =>
        {
            e.ToTable("CalendarDays");
            e.HasKey(d => d.Date);
            e.Property(d => d.Name).HasMaxLength(CalendarDay.MaxNameLength);
            // The State Council's 2026 list, so every database starts with this year's holidays; district staff keep it up to date.
            e.HasData(WorkingCalendar.China2026());
        });
    }

    private static string WriteFindings(IReadOnlyList<InspectionFinding> findings) => JsonSerializer.Serialize(findings.ToArray());

    private static InspectionFinding[] ReadFindings(string json) => JsonSerializer.Deserialize<InspectionFinding[]>(json) ?? [];
}
