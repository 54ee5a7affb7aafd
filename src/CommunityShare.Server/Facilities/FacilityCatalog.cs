using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Facilities;

/// <summary>
/// A facility as a client describes it; null means "not given". The opening windows come as sent
/// (<see cref="ScheduleInput"/>): their rules are checked here, whichever door they came through.
/// </summary>
public sealed record FacilityDraft(
    string? Id, string? InstitutionId, string? ParentFacilityId, string Name, FacilityKind? Kind, string Description,
    int Capacity, Accessibility Accessibility, GeoPoint? Location, string TimeZone,
    IReadOnlyList<WindowInput> Weekly, IReadOnlyList<OverrideInput> Overrides, BookingRules? Rules);

public sealed record FacilityChanges(FacilityDraft Values, HashSet<string> Paths, string? Etag);

public sealed record FacilityPage(IReadOnlyList<FacilityView> Facilities, string NextPageToken);

/// <summary>A facility with the names of its parts, as the API shows it.</summary>
public sealed record FacilityView(Facility Facility, IReadOnlyList<string> PartIds);

public sealed record BlackoutPage(IReadOnlyList<Blackout> Blackouts, string NextPageToken);

/// <summary>Use cases for facilities, their opening schedule, rules and blackouts.</summary>
public sealed class FacilityCatalog(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, RequestLedger ledger, FacilitySnapshots snapshots)
{
    public const string DefaultTimeZone = "Asia/Shanghai";
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxNotesLength = 500;
    public const int MaxReasonLength = 200;

    public static readonly HashSet<string> UpdatablePaths =
        ["display_name", "kind", "description", "capacity", "accessibility", "location", "time_zone", "weekly_windows", "date_overrides", "rules"];

    public async Task<FacilityView> GetAsync(string id, CancellationToken cancellationToken)
    {
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(id));
        var parts = await db.Facilities.AsNoTracking().Where(f => f.ParentFacilityId == id).OrderBy(f => f.Id).Select(f => f.Id)
            .ToListAsync(cancellationToken);
        return new FacilityView(facility, parts);
    }

    public async Task<FacilityPage> ListAsync(string? placeCode, string? institutionId, FacilityKind? kind, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var filter = $"{placeCode}|{institutionId}|{kind}";
        var after = PageToken.Decode(pageToken, filter, violations);
        violations.ThrowIfAny();
        var query = Filter(db.Facilities.AsNoTracking(), placeCode, institutionId, kind);
        if (after is not null)
        {
            query = query.Where(f => string.Compare(f.Id, after[0]) > 0);
        }
        var page = await query.OrderBy(f => f.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = page.Take(pageSize).ToArray();
        var ids = shown.Select(f => f.Id).ToArray();
        var parts = await db.Facilities.AsNoTracking().Where(f => f.ParentFacilityId != null && ids.Contains(f.ParentFacilityId))
            .Select(f => new { f.ParentFacilityId, f.Id }).ToListAsync(cancellationToken);
        var next = page.Count > pageSize ? PageToken.Encode(filter, shown[^1].Id) : "";
        return new FacilityPage(
            shown.Select(f => new FacilityView(f, parts.Where(p => p.ParentFacilityId == f.Id).Select(p => p.Id).Order(StringComparer.Ordinal).ToArray()))
                .ToArray(),
            next);
    }

    /// <summary>All facilities of an institution by id, for consoles that name them.</summary>
    public async Task<IReadOnlyDictionary<string, Facility>> OfInstitutionAsync(string institutionId, CancellationToken cancellationToken) =>
        await db.Facilities.AsNoTracking().Where(f => f.InstitutionId == institutionId).ToDictionaryAsync(f => f.Id, cancellationToken);

    internal static IQueryable<Facility> Filter(IQueryable<Facility> query, string? placeCode, string? institutionId, FacilityKind? kind)
    {
        if (placeCode is not null)
        {
            query = query.Where(f => f.PlaceCode.StartsWith(placeCode));
        }
        if (institutionId is not null)
        {
            query = query.Where(f => f.InstitutionId == institutionId);
        }
        if (kind is not null)
        {
            query = query.Where(f => f.Kind == kind);
        }
        return query;
    }

    public async Task<FacilityView> CreateAsync(Actor actor, FacilityDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("publish facilities");
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await GetAsync(done["facilities/".Length..], cancellationToken);
        }
        if (draft.Id is not null)
        {
            violations.Check(!ResourceNames.ClientIdPattern().IsMatch(draft.Id), "facility_id", Reasons.InvalidFormat,
                "must be 3-63 lower-case letters, digits or '-', starting with a letter.");
        }
        var institution = draft.InstitutionId is null
            ? null
            : await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == draft.InstitutionId, cancellationToken);
        if (draft.InstitutionId is null)
        {
            violations.Check(!Reported(violations, "facility.institution"), "facility.institution", Reasons.Required, "is required, as institutions/{id}.");
        }
        else
        {
            violations.Check(institution is null, "facility.institution", Reasons.NotFound, $"{ResourceNames.Institution(draft.InstitutionId)} does not exist.");
        }
        var (zone, schedule) = ValidateValues(draft, UpdatablePaths, violations);
        await ValidateParentAsync(draft.ParentFacilityId, draft.InstitutionId, draft.Capacity, violations, cancellationToken);
        violations.ThrowIfAny();
        actor.RequireManage(new Jurisdiction(institution!.PlaceCode, institution.Id), "publish facilities of this institution");

        var id = draft.Id ?? Ids.New();
        if (await db.Facilities.AnyAsync(f => f.Id == id, cancellationToken))
        {
            throw Problem.AlreadyExists(ResourceNames.Facility(id));
        }
        var now = clock.GetCurrentInstant();
        var facility = new Facility(id, institution!.Id, draft.ParentFacilityId, institution.PlaceCode, draft.Name.Trim(), draft.Kind!.Value,
            draft.Description.Trim(), draft.Capacity, draft.Accessibility, draft.Location ?? institution.Location, zone!,
            schedule!, draft.Rules ?? BookingRules.Default, now);
        db.Facilities.Add(facility);
        ledger.Record(requestKey, ResourceNames.Facility(id), now);
        await SaveAsync(cancellationToken);
        return new FacilityView(facility, []);
    }

    public async Task<FacilityView> UpdateAsync(Actor actor, string id, FacilityChanges changes, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("change facilities");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return await GetAsync(id, cancellationToken);
        }
        var (zone, schedule) = ValidateValues(changes.Values, changes.Paths, violations);
        var facility = await db.Facilities.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (facility is not null && changes.Paths.Contains("capacity") && changes.Values.Capacity != 1)
        {
            var inFamily = facility.ParentFacilityId is not null || await db.Facilities.AnyAsync(f => f.ParentFacilityId == id, cancellationToken);
            violations.Check(inFamily, "facility.capacity", Reasons.PartsRequireExclusiveUse,
                "must stay 1: a facility with parts, or a part, is booked exclusively.");
        }
        violations.ThrowIfAny();
        if (facility is null)
        {
            throw Problem.NotFound(ResourceNames.Facility(id));
        }
        actor.RequireManage(running.JurisdictionOf(facility), "change this facility");
        Etags.Require(ResourceNames.Facility(id), changes.Etag, facility.Version);

        var v = changes.Values;
        var p = changes.Paths;
        var now = clock.GetCurrentInstant();
        if (p.Overlaps(["display_name", "kind", "description", "accessibility", "location"]))
        {
            facility.Describe(
                p.Contains("display_name") ? v.Name.Trim() : facility.Name,
                p.Contains("kind") ? v.Kind!.Value : facility.Kind,
                p.Contains("description") ? v.Description.Trim() : facility.Description,
                p.Contains("accessibility") ? v.Accessibility : facility.Accessibility,
                p.Contains("location") ? v.Location ?? facility.Location : facility.Location,
                now);
        }
        if (p.Contains("capacity"))
        {
            facility.SetCapacity(v.Capacity, now);
        }
        if (p.Contains("time_zone"))
        {
            facility.SetZone(zone!, now);
        }
        if (p.Contains("weekly_windows") || p.Contains("date_overrides"))
        {
            facility.SetSchedule(new OpeningSchedule(
                p.Contains("weekly_windows") ? schedule!.Weekly : facility.Schedule.Weekly,
                p.Contains("date_overrides") ? schedule!.Overrides : facility.Schedule.Overrides), now);
        }
        if (p.Contains("rules"))
        {
            facility.SetRules(v.Rules!, now);
        }
        ledger.Record(requestKey, ResourceNames.Facility(id), now);
        await SaveAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    public async Task DeleteAsync(Actor actor, string id, string? etag, RequestKey? requestKey, CancellationToken cancellationToken)
    {
        actor.RequireStaff("remove facilities");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return;
        }
        var facility = await db.Facilities.FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(id));
        actor.RequireManage(running.JurisdictionOf(facility), "remove this facility");
        Etags.Require(ResourceNames.Facility(id), etag, facility.Version);
        var broken = new List<RuleViolation>();
        if (await db.Facilities.AnyAsync(f => f.ParentFacilityId == id, cancellationToken))
        {
            broken.Add(new RuleViolation(Reasons.HasChildren, "The facility has parts; delete them first."));
        }
        var now = clock.GetCurrentInstant();
        var upcoming = await db.Bookings.CountAsync(b => b.FacilityId == id && Booking.HoldingStates.Contains(b.State) && b.End > now, cancellationToken);
        if (upcoming > 0)
        {
            broken.Add(new RuleViolation(Reasons.HasActiveBookings, $"The facility has {upcoming} upcoming bookings; cancel or let them pass first.",
                new Dictionary<string, string> { ["bookings"] = upcoming.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        db.Facilities.Remove(facility);
        // Removed in the same SaveChanges as the facility, so both go or neither does.
        db.Blackouts.RemoveRange(await db.Blackouts.Where(b => b.FacilityId == id).ToListAsync(cancellationToken));
        ledger.Record(requestKey, ResourceNames.Facility(id), now);
        await SaveAsync(cancellationToken);
    }

    public async Task<Blackout> CreateBlackoutAsync(Actor actor, string facilityId, Interval? period, BlackoutReason? reason, string note,
        RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireStaff("set blackouts");
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            var existingId = done.Split('/')[^1];
            return await db.Blackouts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == existingId, cancellationToken)
                   ?? throw Problem.NotFound(done);
        }
        violations.Check(reason is null, "blackout.reason", Reasons.Required, "is required.");
        violations.MaxLength(note, MaxReasonLength, "blackout.note");
        violations.ThrowIfAny();
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
        actor.RequireManage(running.JurisdictionOf(facility), "set blackouts on this facility");
        var now = clock.GetCurrentInstant();
        var blackout = new Blackout(Ids.New(), facilityId, period!.Value, reason!.Value, note.Trim(), now);
        db.Blackouts.Add(blackout);
        ledger.Record(requestKey, ResourceNames.Blackout(facilityId, blackout.Id), now);
        await SaveAsync(cancellationToken);
        return blackout;
    }

    public async Task<BlackoutPage> ListBlackoutsAsync(string facilityId, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var after = PageToken.Decode(pageToken, facilityId, violations);
        violations.ThrowIfAny();
        if (!await db.Facilities.AnyAsync(f => f.Id == facilityId, cancellationToken))
        {
            throw Problem.NotFound(ResourceNames.Facility(facilityId));
        }
        var query = db.Blackouts.AsNoTracking().Where(b => b.FacilityId == facilityId);
        if (after is not null)
        {
            var start = Instant.FromUnixTimeTicks(long.Parse(after[0], System.Globalization.CultureInfo.InvariantCulture));
            var lastId = after[1];
            query = query.Where(b => b.Start > start || (b.Start == start && string.Compare(b.Id, lastId) > 0));
        }
        var page = await query.OrderBy(b => b.Start).ThenBy(b => b.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = page.Take(pageSize).ToArray();
        var next = page.Count > pageSize
            ? PageToken.Encode(facilityId, shown[^1].Start.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new BlackoutPage(shown, next);
    }

    public async Task DeleteBlackoutAsync(Actor actor, string facilityId, string blackoutId, RequestKey? requestKey, CancellationToken cancellationToken)
    {
        actor.RequireStaff("remove blackouts");
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return;
        }
        var blackout = await db.Blackouts.FirstOrDefaultAsync(b => b.Id == blackoutId && b.FacilityId == facilityId, cancellationToken)
                       ?? throw Problem.NotFound(ResourceNames.Blackout(facilityId, blackoutId));
        var facility = await db.Facilities.AsNoTracking().FirstAsync(f => f.Id == facilityId, cancellationToken);
        actor.RequireManage(running.JurisdictionOf(facility), "remove blackouts of this facility");
        db.Blackouts.Remove(blackout);
        ledger.Record(requestKey, ResourceNames.Blackout(facilityId, blackoutId), clock.GetCurrentInstant());
        await SaveAsync(cancellationToken);
    }

    /// <summary>A malformed value is reported where it is read and becomes null; it is not also "required".</summary>
    private static bool Reported(Violations violations, string field) => violations.Items.Any(v => v.Field == field);

    /// <summary>Every change to facilities and blackouts goes through here, so booking never uses a stale rule.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        snapshots.Invalidate();
    }

    /// <summary>Checks the given values; returns the zone and the schedule (the parts of them given) when they are valid.</summary>
    private static (DateTimeZone? Zone, OpeningSchedule? Schedule) ValidateValues(FacilityDraft draft, HashSet<string> paths, Violations violations)
    {
        var schedule = new OpeningSchedule(
            paths.Contains("weekly_windows") ? ScheduleInput.ReadWeekly(draft.Weekly, violations, "facility.weekly_windows") : [],
            paths.Contains("date_overrides") ? ScheduleInput.ReadOverrides(draft.Overrides, violations, "facility.date_overrides") : []);
        if (paths.Contains("display_name") && violations.Required(draft.Name, "facility.display_name"))
        {
            violations.MaxLength(draft.Name, MaxNameLength, "facility.display_name");
        }
        if (paths.Contains("kind"))
        {
            violations.Check(draft.Kind is null && !Reported(violations, "facility.kind"), "facility.kind", Reasons.Required, "is required.");
        }
        if (paths.Contains("description"))
        {
            violations.MaxLength(draft.Description, MaxDescriptionLength, "facility.description");
        }
        if (paths.Contains("capacity"))
        {
            violations.Check(draft.Capacity is < 1 or > Facility.MaxCapacity, "facility.capacity", Reasons.OutOfRange,
                $"must be 1 (exclusive use) to {Facility.MaxCapacity} places per slot.");
        }
        if (paths.Contains("accessibility"))
        {
            violations.MaxLength(draft.Accessibility.Notes, MaxNotesLength, "facility.accessibility.notes");
        }
        if (paths.Contains("rules"))
        {
            draft.Rules?.Validate(violations, "facility.rules");
        }
        if (!paths.Contains("time_zone"))
        {
            return (null, schedule);
        }
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(string.IsNullOrEmpty(draft.TimeZone) ? DefaultTimeZone : draft.TimeZone);
        violations.Check(zone is null, "facility.time_zone", Reasons.InvalidFormat, "must be an IANA time zone such as Asia/Shanghai.");
        return (zone, schedule);
    }

    private async Task ValidateParentAsync(string? parentId, string? institutionId, int capacity, Violations violations,
        CancellationToken cancellationToken)
    {
        if (parentId is null)
        {
            return;
        }
        var parent = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == parentId, cancellationToken);
        if (!violations.Check(parent is null, "facility.parent_facility", Reasons.NotFound, $"{ResourceNames.Facility(parentId)} does not exist."))
        {
            return;
        }
        violations.Check(parent!.ParentFacilityId is not null, "facility.parent_facility", Reasons.PartOfPart,
            "is itself a part; parts are one level deep.");
        violations.Check(institutionId is not null && parent.InstitutionId != institutionId, "facility.parent_facility",
            Reasons.ParentInOtherInstitution, "belongs to another institution.");
        violations.Check(parent.Capacity != 1 || capacity != 1, "facility.capacity", Reasons.PartsRequireExclusiveUse,
            "a whole and its parts are booked exclusively: both must have capacity 1.");
    }
}
