using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Volunteers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Volunteers;

/// <summary>How the volunteer area is stored: the availability pattern as the schedule JSON of facilities, exception dates as ISO dates.</summary>
public static class VolunteerStorage
{
    public static void Map(ModelBuilder builder)
    {
        builder.Entity<Volunteer>(e =>
        {
            e.ToTable("Volunteers");
            e.HasKey(v => v.ResidentId);
            e.HasIndex(v => v.HomePlaceCode);
            e.Ignore(v => v.WeeklyLimit);
            e.Ignore(v => v.LanguageList);
            e.Property(v => v.Availability).HasConversion(new ValueConverter<IReadOnlyList<AvailabilityWindow>, string>(
                    a => Data.ScheduleJson.Write(new OpeningSchedule(a.Select(w => new WeeklyWindow(w.Day, w.Hours)).ToArray(), Array.Empty<DateOverride>())),
                    s => Data.ScheduleJson.Read(s).Weekly.Select(w => new AvailabilityWindow(w.Day, w.Hours)).ToArray()),
                new ValueComparer<IReadOnlyList<AvailabilityWindow>>((a, b) => a!.SequenceEqual(b!), a => a.Count, a => a.ToArray()));
            e.Property(v => v.Unavailable).HasConversion(new ValueConverter<IReadOnlyList<LocalDate>, string>(
                    d => string.Join(',', d.Select(x => LocalDatePattern.Iso.Format(x))),
                    s => s.Length == 0 ? Array.Empty<LocalDate>() : s.Split(',', StringSplitOptions.None).Select(x => LocalDatePattern.Iso.Parse(x).Value).ToArray()),
                new ValueComparer<IReadOnlyList<LocalDate>>((a, b) => a!.SequenceEqual(b!), a => a.Count, a => a.ToArray()));
            e.Property(v => v.Version).IsConcurrencyToken();
        });
        builder.Entity<Team>(e =>
        {
            e.ToTable("VolunteerTeams");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.PlaceCode);
            e.Property(t => t.Name).HasMaxLength(Team.MaxNameLength);
            e.Property(t => t.Version).IsConcurrencyToken();
        });
        builder.Entity<TeamMember>(e =>
        {
            e.ToTable("VolunteerTeamMembers");
            e.HasKey(m => new { m.TeamId, m.ResidentId });
            e.HasIndex(m => m.ResidentId);
        });
        builder.Entity<Activity>(e =>
        {
            e.ToTable("VolunteerActivities");
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.PlaceCode);
            e.HasIndex(a => a.FacilityId);
            e.Property(a => a.Version).IsConcurrencyToken();
        });
        builder.Entity<Shift>(e =>
        {
            e.ToTable("VolunteerShifts", t =>
            {
                t.HasCheckConstraint("CK_VolunteerShifts_Period", "\"End\" > \"Start\"");
                t.HasCheckConstraint("CK_VolunteerShifts_Places", "PlacesNeeded >= 1");
            });
            e.HasKey(s => s.Id);
            e.HasIndex(s => new { s.ActivityId, s.Start });
            e.HasIndex(s => new { s.PlaceCode, s.Start });
            e.Ignore(s => s.Period);
            e.Ignore(s => s.Length);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        builder.Entity<Assignment>(e =>
        {
            e.ToTable("VolunteerAssignments");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.ShiftId, a.State });
            e.HasIndex(a => new { a.ResidentId, a.Start });
            e.Ignore(a => a.Period);
            e.Ignore(a => a.Holds);
            e.Property(a => a.ChangeReason).HasMaxLength(Assignment.MaxReasonLength);
            e.Property(a => a.Version).IsConcurrencyToken();
        });
        builder.Entity<ServiceRecord>(e =>
        {
            e.ToTable("VolunteerServiceRecords");
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.ResidentId, r.ServiceStart });
            e.HasIndex(r => r.AssignmentId).IsUnique();
            e.Property(r => r.Version).IsConcurrencyToken();
        });
        builder.Entity<ServiceCertificate>(e =>
        {
            e.ToTable("VolunteerCertificates");
            e.HasKey(c => c.Number);
            e.HasIndex(c => c.ResidentId);
            e.Ignore(c => c.MaskedName);
            e.Property(c => c.IssueDate).HasConversion(d => LocalDatePattern.Iso.Format(d), s => LocalDatePattern.Iso.Parse(s).Value);
        });
    }
}

/// <summary>Settings of the volunteer area (section <c>Volunteers</c>).</summary>
public sealed class VolunteerSettings
{
    public const string Section = "Volunteers";

    /// <summary>The zone weeks and availability are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Cumulative confirmed hours for each star, rising; unset: 100, 300, 600, 1000, 1500 (set, the list replaces the default rather than adding to it).</summary>
    public int[]? StarThresholdHours { get; set; }

    /// <summary>How many weeks back the fair rotation of a roster proposal looks.</summary>
    public int RotationWeeks { get; set; } = 4;

    /// <summary>At most this many qualified volunteers are told about a gap.</summary>
    public int GapNoticeLimit { get; set; } = 20;

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];

    public StarLevels Stars => StarThresholdHours is { } hours ? new StarLevels(hours) : StarLevels.Default;

    public bool IsValid() => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is not null && StarLevels.IsValid(Stars.ThresholdHours)
                             && RotationWeeks is >= 1 and <= 52 && GapNoticeLimit is >= 0 and <= 1000;
}
