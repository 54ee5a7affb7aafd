using System.Text;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Institutions;
using CommunityShare.Domain.Places;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NodaTime;

namespace CommunityShare.Server.Audit;

/// <summary>Who did what to which resource, when: every change to what people rely on, and every staff view of personal data.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public Instant Time { get; set; }

    /// <summary>staff/{id}, residents/{id}, accounts/{id}, anonymous or system.</summary>
    public string Actor { get; set; } = "";

    /// <summary>{kind}.{create|update|delete}, or a view such as resident.view_full.</summary>
    public string Action { get; set; } = "";

    public string Resource { get; set; } = "";

    /// <summary>The fields an update changed (API names, comma-separated); never their values, which may be personal data.</summary>
    public string Changes { get; set; } = "";
}

/// <summary>
/// Writes the audit trail as part of every save: an entry for each audited row added, changed or
/// deleted, in the same transaction as the change, so no change is ever made without its entry.
/// Use cases cannot forget it, and the domain knows nothing of it.
/// </summary>
public sealed class AuditTrail(IClock clock) : SaveChangesInterceptor
{
    /// <summary>Bookkeeping that every change touches; naming it would say nothing.</summary>
    private static readonly HashSet<string> Unremarkable =
        ["Version", "UpdateTime", "ConcurrencyStamp", "AccessFailedCount", "NormalizedUserName", "NormalizedEmail"];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Write(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Write(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Write(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        context.ChangeTracker.DetectChanges();
        var entries = new List<AuditEntry>();
        var now = clock.GetCurrentInstant();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || Describe(entry.Entity) is not { } described)
            {
                continue;
            }
            var changes = entry.State == EntityState.Modified ? ChangedFields(entry) : "";
            if (entry.State == EntityState.Modified && changes.Length == 0)
            {
                continue;
            }
            var verb = entry.State switch
            {
                EntityState.Added => "create",
                EntityState.Deleted => "delete",
                _ => "update",
            };
            entries.Add(new AuditEntry { Time = now, Actor = Acting.Name, Action = $"{described.Kind}.{verb}", Resource = described.Resource, Changes = changes });
        }
        context.Set<AuditEntry>().AddRange(entries);
    }

    private static (string Kind, string Resource)? Describe(object entity) => entity switch
    {
        Place p => ("place", ResourceNames.Place(p.Code)),
        Institution i => ("institution", ResourceNames.Institution(i.Id)),
        Facility f => ("facility", ResourceNames.Facility(f.Id)),
        Blackout b => ("blackout", ResourceNames.Blackout(b.FacilityId, b.Id)),
        Booking b => ("booking", ResourceNames.Booking(b.FacilityId, b.Id)),
        WaitlistEntry w => ("waitlist_entry", ResourceNames.WaitlistEntry(w.FacilityId, w.Id)),
        ResidentRecord r => ("resident", ResourceNames.Resident(r.Id)),
        ProxyGrant g => ("proxy_grant", ResourceNames.ProxyGrant(g.ResidentId, g.Id)),
        Account a => ("account", ResourceNames.Account(a.Id)),
        Domain.Volunteers.Volunteer v => ("volunteer", Volunteers.VolunteerRegistry.Name(v.ResidentId)),
        Domain.Volunteers.Team t => ("volunteer_team", Volunteers.VolunteerRegistry.TeamName(t.Id)),
        Domain.Volunteers.TeamMember m => ("volunteer_team_member", Volunteers.VolunteerRegistry.TeamName(m.TeamId) + "/members/" + m.ResidentId),
        Domain.Volunteers.Activity a => ("volunteer_activity", Volunteers.ActivityDesk.ActivityName(a.Id)),
        Domain.Volunteers.Shift s => ("volunteer_shift", Volunteers.ActivityDesk.ShiftName(s.ActivityId, s.Id)),
        Domain.Volunteers.Assignment a => ("volunteer_assignment", Volunteers.ShiftPlaces.AssignmentName(a.Id)),
        Domain.Volunteers.ServiceRecord r => ("service_record", Volunteers.ServiceHoursDesk.RecordName(r.ResidentId, r.Id)),
        Domain.Volunteers.ServiceCertificate c => ("service_certificate", Volunteers.CertificateDesk.Name(c.Number)),
        AccountRole r => ("role", ResourceNames.Account(r.AccountId) + "/roles/" + new Domain.Access.RoleAssignment(r.Role, r.ScopeId)),
        BookingSeries s => ("booking_series", ResourceNames.BookingSeries(s.FacilityId, s.Id)),
        Domain.Lotteries.LotteryApplication a => ("lottery_application", ResourceNames.LotteryApplication(a.FacilityId, a.Id)),
        Domain.Lotteries.LotteryDraw d => ("lottery_draw", ResourceNames.LotteryDraw(d.FacilityId, d.Id)),
        Domain.TimeBank.TimeEntry t => ("time_entry", TimeBank.TimeLedger.EntryName(t.ResidentId, t.Id)),
        Domain.TimeBank.Redemption r => ("redemption", TimeBank.TimeLedger.RedemptionName(r.ResidentId, r.Id)),
        Domain.Providers.Provider p => ("provider", Providers.ProviderRegistry.Name(p.Id)),
        Domain.Providers.ServiceContract c => ("contract", Providers.ContractDesk.Name(c.Id)),
        Domain.Evaluations.EvaluationScheme s => ("evaluation_scheme", Evaluations.EvaluationSchemes.Name(s.Id)),
        Domain.Evaluations.Evaluation e => ("evaluation", Evaluations.EvaluationDesk.Name(e.Id)),

        // Complaints and supervision
        Domain.Complaints.Complaint c => ("complaint", Complaints.ComplaintDesk.Name(c.Id)),
        Domain.Complaints.Inspection i => ("inspection", Complaints.Inspections.Name(i.FacilityId, i.Id)),
        Domain.Complaints.CalendarDay d => ("calendar_day", Complaints.WorkingDays.Name(d.Date)),
        _ => null,
    };

    /// <summary>Where the stored name differs from the API's, the API's (so the trail reads like the requests that changed it).</summary>
    private static readonly Dictionary<string, string> ApiNames = new(StringComparer.Ordinal)
    {
        ["Name"] = "display_name",
        ["NameEn"] = "display_name_en",
        ["ParentCode"] = "parent",
        ["PlaceCode"] = "place",
        ["InstitutionId"] = "institution",
        ["ParentFacilityId"] = "parent_facility",
        ["HomePlaceCode"] = "home_place",
        ["GuardianId"] = "guardian",
        ["ProtectedIdentityNumber"] = "identity_number",
        ["ProxyResidentId"] = "proxy",
        ["Start"] = "start_time",
        ["End"] = "end_time",
        ["RevokeTime"] = "revoke_time",
        ["OfferDeadline"] = "offer_expire_time",
        ["BookingId"] = "booking",
    };

    private static string ChangedFields(EntityEntry entry)
    {
        var names = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)
            .Concat(entry.ComplexProperties.Where(p => p.IsModified).Select(p => p.Metadata.Name))
            .Where(n => !Unremarkable.Contains(n))
            .Select(n => ApiNames.TryGetValue(n, out var api) ? api : SnakeCase(n))
            .Distinct()
            .Order(StringComparer.Ordinal);
        return string.Join(',', names);
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
