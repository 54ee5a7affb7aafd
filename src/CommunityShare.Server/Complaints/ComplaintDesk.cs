using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Complaints;
using CommunityShare.Domain.Places;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Complaints;

/// <summary>What a complaint is about, as the filer names it.</summary>
/// <param name="Target">facilities/{f}, facilities/{f}/bookings/{b}, providers/{p}, activities/{a}; for staff conduct who.</param>
/// <param name="Place">For staff conduct: places/{code} or facilities/{facility}.</param>
public sealed record ComplaintDraft(ComplaintTarget? TargetKind, string? Target, string? Place, string? Description, bool Anonymous, byte[]? Photo);

/// <summary>A complaint as one caller may see it: the filer left out for the target's staff when anonymous.</summary>
public sealed record ComplaintView(Complaint Complaint, bool ShowsFiler, bool HasPhoto, bool Overdue, bool MayAct, bool IsFiler)
{
    public string FiledBy => ShowsFiler ? Complaint.FiledBy : "";
}

public sealed record ComplaintFilter(bool Mine, ComplaintState? State, ComplaintLevel? Level, string? PlaceCode, ComplaintTarget? TargetKind, bool OverdueOnly);

/// <summary>
/// Complaints (投诉): filed by anyone signed in, routed to whoever answers first, answered, closed
/// with an outcome by the level it is at (or the office or district above it), rated by the filer.
/// Who sees what: the filer sees their own; the staff of the institution or provider it concerns
/// see those complaints (without the filer when anonymous); the town or subdistrict office, the
/// district and the district supervisor see every complaint in their place, with the filer.
/// </summary>
public sealed class ComplaintDesk(CommunityShareDb db, IClock clock, WorkingDays workingDays, ComplaintPolicies policies,
    INotificationChannel channel, RequestLedger ledger, ResidentRegistry residents)
{
    public const string FiledTemplate = "complaint.filed";
    public const string EscalatedTemplate = "complaint.escalated";
    public const string RespondedTemplate = "complaint.responded";
    public const string ClosedTemplate = "complaint.closed";

    public static string Name(string id) => "complaints/" + id;

    /// <summary>How the filer is named: residents/{id} for a resident, accounts/{id} otherwise (so notices reach them).</summary>
    public static string FilerName(Actor actor) => actor.ResidentId is not null ? ResourceNames.Resident(actor.ResidentId) : ResourceNames.Account(actor.Id);

    public async Task<ComplaintView> FileAsync(Actor? actor, ComplaintDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        if (actor is null)
        {
            throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated, "Sign in to file a complaint.");
        }
        violations.Check(draft.TargetKind is null, "complaint.target_kind", Reasons.Required, "is required.");
        if (violations.Required(draft.Target, "complaint.target"))
        {
            violations.MaxLength(draft.Target!.Trim(), Complaint.MaxTargetIdLength, "complaint.target");
        }
        if (violations.Required(draft.Description, "complaint.description"))
        {
            violations.MaxLength(draft.Description!.Trim(), Complaint.MaxDescriptionLength, "complaint.description");
        }
        string? photoType = null;
        if (draft.Photo is { Length: > 0 } photo)
        {
            photoType = ComplaintPhoto.Sniff(photo);
            violations.Check(photo.Length > ComplaintPhoto.MaxBytes, "photo", Reasons.PhotoTooLarge, "must be at most 2 MiB.");
            violations.Check(photoType is null, "photo", Reasons.PhotoNotAnImage, "must be a JPEG or PNG image.");
        }
        violations.Check(draft.TargetKind == ComplaintTarget.StaffConduct && string.IsNullOrWhiteSpace(draft.Place), "complaint.place", Reasons.Required,
            "is required for staff conduct: where it happened, as places/{code} or facilities/{facility}.");
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            return await GetAsync(actor, made.Split('/')[1], cancellationToken);
        }

        var where = await ResolveAsync(actor, draft.TargetKind!.Value, draft.Target!.Trim(), draft.Place?.Trim(), violations, cancellationToken);
        var now = clock.GetCurrentInstant();
        var calendar = await workingDays.LoadAsync(cancellationToken);
        var (policy, _) = await policies.GetAsync(db, cancellationToken);
        var level = Complaint.FirstLevel(draft.TargetKind.Value);
        var complaint = new Complaint(Ids.New(), FilerName(actor), draft.Anonymous, draft.TargetKind.Value, where.TargetId, where.FacilityId,
            where.InstitutionId, where.ProviderId, where.PlaceCode, where.OfficeCode, draft.Description!.Trim(), level, now,
            WorkingDays.DueAfter(calendar, now, policy.ResponseWorkingDays));
        db.Complaints.Add(complaint);
        db.ComplaintSteps.Add(complaint.Filed(draft.Anonymous ? Complaint.AnonymousName : complaint.FiledBy, ""));
        db.ComplaintSteps.Add(RoutedStep(complaint, now));
        if (photoType is not null)
        {
            db.Add(new ComplaintPhoto(complaint.Id, photoType, draft.Photo!));
        }
        // The request is recorded before the notices: the outbox saves through this unit of work, and a retry must find the complaint filed.
        ledger.Record(requestKey, Name(complaint.Id), now);
        await NotifyLevelAsync(complaint, FiledTemplate,
            $"【社区共享】收到一件新投诉（{KindText(complaint.TargetKind)}），请于 {DueText(complaint.DueTime)} 前答复。", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return View(actor, complaint, photoType is not null, now);
    }

    public async Task<ComplaintView> GetAsync(Actor? actor, string id, CancellationToken cancellationToken)
    {
        var caller = RequireSignedIn(actor);
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));
        RequireSee(caller, complaint);
        var hasPhoto = await db.Set<ComplaintPhoto>().AnyAsync(p => p.ComplaintId == id, cancellationToken);
        return View(caller, complaint, hasPhoto, clock.GetCurrentInstant());
    }

    public async Task<ComplaintPhoto> PhotoAsync(Actor? actor, string id, CancellationToken cancellationToken)
    {
        await GetAsync(actor, id, cancellationToken);
        return await db.Set<ComplaintPhoto>().AsNoTracking().FirstOrDefaultAsync(p => p.ComplaintId == id, cancellationToken)
               ?? throw Problem.NotFound(Name(id) + "/photo");
    }

    public async Task<IReadOnlyList<ComplaintStep>> StepsAsync(Actor? actor, string id, CancellationToken cancellationToken)
    {
        var view = await GetAsync(actor, id, cancellationToken);
        var steps = await db.ComplaintSteps.AsNoTracking().Where(s => s.ComplaintId == id).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        return view.ShowsFiler ? steps : steps.Select(Masked).ToArray();
    }

    /// <summary>
    /// The caller's own complaints (newest first), or those the caller answers or supervises: overdue
    /// first, then by due time. Keyset paging on (overdue, due time, id) or (file time, id).
    /// </summary>
    public async Task<(IReadOnlyList<ComplaintView> Items, string Next)> ListAsync(Actor? actor, ComplaintFilter filter, int pageSize, string? pageToken,
        Violations violations, CancellationToken cancellationToken)
    {
        var caller = RequireSignedIn(actor);
        var fingerprint = string.Join('|', filter.Mine, filter.State, filter.Level, filter.PlaceCode, filter.TargetKind, filter.OverdueOnly);
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var query = db.Complaints.AsNoTracking();
        if (filter.Mine)
        {
            var me = FilerName(caller);
            query = query.Where(c => c.FiledBy == me);
        }
        else
        {
            caller.RequireStaff("work through complaints");
            var institutions = caller.Assignments.Where(a => a.Role == Role.InstitutionStaff).Select(a => a.ScopeId).ToArray();
            var providers = caller.Assignments.Where(a => a.Role == Role.ProviderStaff).Select(a => a.ScopeId).ToArray();
            var places = (await db.Places.AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken))
                .Where(code => caller.Oversees(Jurisdiction.OfPlace(code))).ToArray();
            query = query.Where(c => places.Contains(c.PlaceCode)
                                     || ((c.TargetKind == ComplaintTarget.Facility || c.TargetKind == ComplaintTarget.BookingDecision
                                                                                  || c.TargetKind == ComplaintTarget.Provider)
                                         && ((c.InstitutionId != null && institutions.Contains(c.InstitutionId))
                                             || (c.ProviderId != null && providers.Contains(c.ProviderId)))));
        }
        if (filter.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }
        if (filter.Level is { } level)
        {
            query = query.Where(c => c.Level == level);
        }
        if (filter.PlaceCode is { } place)
        {
            query = query.Where(c => c.PlaceCode.StartsWith(place));
        }
        if (filter.TargetKind is { } kind)
        {
            query = query.Where(c => c.TargetKind == kind);
        }
        if (filter.OverdueOnly)
        {
            query = query.Where(c => c.State == ComplaintState.Open && c.DueTime <= now);
        }
        List<Complaint> rows;
        if (filter.Mine)
        {
            if (after is not null)
            {
                var (time, id) = (Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture)), after[1]);
                query = query.Where(c => c.FiledTime < time || (c.FiledTime == time && string.Compare(c.Id, id) < 0));
            }
            rows = await query.OrderByDescending(c => c.FiledTime).ThenByDescending(c => c.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        }
        else
        {
            var ordered = query.Select(c => new { C = c, Rank = c.State == ComplaintState.Open && c.DueTime <= now ? 0 : c.State == ComplaintState.Closed ? 2 : 1 });
            if (after is not null)
            {
                var (rank, due, id) = (int.Parse(after[0], CultureInfo.InvariantCulture),
                    Instant.FromUnixTimeTicks(long.Parse(after[1], CultureInfo.InvariantCulture)), after[2]);
                ordered = ordered.Where(x => x.Rank > rank || (x.Rank == rank && (x.C.DueTime > due || (x.C.DueTime == due && string.Compare(x.C.Id, id) > 0))));
            }
            rows = await ordered.OrderBy(x => x.Rank).ThenBy(x => x.C.DueTime).ThenBy(x => x.C.Id).Select(x => x.C).Take(pageSize + 1)
                .ToListAsync(cancellationToken);
        }
        var shown = rows.Take(pageSize).ToArray();
        var ids = shown.Select(c => c.Id).ToArray();
        var photos = await db.Set<ComplaintPhoto>().AsNoTracking().Where(p => ids.Contains(p.ComplaintId)).Select(p => p.ComplaintId)
            .ToListAsync(cancellationToken);
        var next = "";
        if (rows.Count > pageSize)
        {
            var last = shown[^1];
            next = filter.Mine
                ? PageToken.Encode(fingerprint, last.FiledTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), last.Id)
                : PageToken.Encode(fingerprint, Rank(last, now).ToString(CultureInfo.InvariantCulture),
                    last.DueTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), last.Id);
        }
        return (shown.Select(c => View(caller, c, photos.Contains(c.Id), now)).ToArray(), next);
    }

    public async Task<ComplaintView> RespondAsync(Actor? actor, string id, string? response, string? etag, Violations violations,
        CancellationToken cancellationToken)
    {
        var caller = RequireSignedIn(actor);
        if (violations.Required(response, "response"))
        {
            violations.MaxLength(response!.Trim(), Complaint.MaxNoteLength, "response");
        }
        violations.ThrowIfAny();
        var complaint = await LoadForActionAsync(caller, id, etag, "respond to this complaint", cancellationToken);
        var now = clock.GetCurrentInstant();
        db.ComplaintSteps.Add(complaint.Respond(response!.Trim(), caller.ResourceName, now));
        await SaveAsync(complaint, () => NotifyFilerAsync(complaint, RespondedTemplate, $"【社区共享】您的投诉已有答复：{complaint.Response}", now,
            cancellationToken), cancellationToken);
        return View(caller, complaint, await HasPhotoAsync(id, cancellationToken), now);
    }

    public async Task<ComplaintView> CloseAsync(Actor? actor, string id, ComplaintOutcome? outcome, string? note, string? etag, Violations violations,
        CancellationToken cancellationToken)
    {
        var caller = RequireSignedIn(actor);
        violations.Check(outcome is null, "outcome", Reasons.Required, "is required: UPHELD, PARTLY_UPHELD or NOT_UPHELD.");
        if (violations.Required(note, "note"))
        {
            violations.MaxLength(note!.Trim(), Complaint.MaxNoteLength, "note");
        }
        violations.ThrowIfAny();
        var complaint = await LoadForActionAsync(caller, id, etag, "close this complaint", cancellationToken);
        var now = clock.GetCurrentInstant();
        db.ComplaintSteps.Add(complaint.Close(outcome!.Value, note!.Trim(), caller.ResourceName, now));
        // An upheld complaint here is about an institution, a provider, an activity or staff — never about a
        // resident — so no resident's credit record (COMPLAINT_UPHELD) is touched.
        await SaveAsync(complaint, () => NotifyFilerAsync(complaint, ClosedTemplate,
            $"【社区共享】您的投诉已办结，结果：{OutcomeText(complaint.Outcome!.Value)}。{complaint.CloseNote} 请登录评价满意度。", now, cancellationToken),
            cancellationToken);
        return View(caller, complaint, await HasPhotoAsync(id, cancellationToken), now);
    }

    public async Task<ComplaintView> RateAsync(Actor? actor, string id, int satisfaction, string? comment, Violations violations,
        CancellationToken cancellationToken)
    {
        var caller = RequireSignedIn(actor);
        violations.Check(satisfaction is < 1 or > 5, "satisfaction", Reasons.OutOfRange, "must be 1 to 5.");
        violations.MaxLength(comment?.Trim(), Complaint.MaxNoteLength, "comment");
        violations.ThrowIfAny();
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));
        if (complaint.FiledBy != FilerName(caller))
        {
            RequireSee(caller, complaint);
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only the person who filed a complaint rates it.");
        }
        var now = clock.GetCurrentInstant();
        db.ComplaintSteps.Add(complaint.Rate(satisfaction, comment?.Trim() ?? "", now));
        await SaveAsync(complaint, () => Task.CompletedTask, cancellationToken);
        return View(caller, complaint, await HasPhotoAsync(id, cancellationToken), now);
    }

    /// <summary>
    /// Moves every open complaint past its deadline to the next level, with a new deadline counted
    /// from today, and tells the new level and the filer. Returns how many moved.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.Complaints.Where(c => c.State == ComplaintState.Open && c.DueTime <= now && c.Level != ComplaintLevel.District)
            .OrderBy(c => c.DueTime).Take(200).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }
        var calendar = await workingDays.LoadAsync(cancellationToken);
        var (policy, _) = await policies.GetAsync(db, cancellationToken);
        foreach (var complaint in due)
        {
            var step = complaint.Escalate(now, WorkingDays.DueAfter(calendar, now, policy.ResponseWorkingDays),
                complaint.Level == ComplaintLevel.Operator ? ResourceNames.Place(complaint.OfficeCode) : "district");
            if (step is null)
            {
                continue;
            }
            db.ComplaintSteps.Add(step);
            var levelText = complaint.Level == ComplaintLevel.Office ? "街道（镇）" : "区";
            await NotifyLevelAsync(complaint, EscalatedTemplate,
                $"【社区共享】一件投诉（{KindText(complaint.TargetKind)}）逾期未答复，已升级至{levelText}办理，请于 {DueText(complaint.DueTime)} 前答复。",
                now, cancellationToken);
            await NotifyFilerAsync(complaint, EscalatedTemplate,
                $"【社区共享】您的投诉逾期未获答复，已升级至{levelText}办理，答复期限 {DueText(complaint.DueTime)}。", now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    // --- who may do what ---

    private static Actor RequireSignedIn(Actor? actor) =>
        actor ?? throw new Problem(ProblemKind.Unauthenticated, Reasons.Unauthenticated, "Sign in to see complaints.");

    /// <summary>Office, district and supervisor over the place: every complaint there, with the filer.</summary>
    private static bool Supervises(Actor actor, Complaint c) => actor.Oversees(Jurisdiction.OfPlace(c.PlaceCode));

    /// <summary>The institution's or provider's own staff, on complaints that concern them.</summary>
    private static bool IsTargetStaff(Actor actor, Complaint c) =>
        c.ConcernsOperator && actor.Assignments.Any(a => (a.Role == Role.InstitutionStaff && a.ScopeId == c.InstitutionId)
                                                         || (a.Role == Role.ProviderStaff && a.ScopeId == c.ProviderId));

    private static bool IsFiler(Actor actor, Complaint c) => c.FiledBy == FilerName(actor);

    /// <summary>The level the complaint is at; the office and the district may step in above the operator, the district above the office.</summary>
    public static bool MayAct(Actor actor, Complaint c) => c.Level switch
    {
        ComplaintLevel.Operator => IsTargetStaff(actor, c) || actor.Manages(Jurisdiction.OfPlace(c.PlaceCode)),
        ComplaintLevel.Office => actor.Manages(Jurisdiction.OfPlace(c.PlaceCode)),
        _ => actor.Assignments.Any(a => a.Role == Role.DistrictStaff && c.PlaceCode.StartsWith(a.ScopeId, StringComparison.Ordinal)),
    };

    private static void RequireSee(Actor actor, Complaint c)
    {
        if (!IsFiler(actor, c) && !Supervises(actor, c) && !IsTargetStaff(actor, c))
        {
            throw Problem.PermissionDenied(actor.IsStaff ? Reasons.NotInScope : Reasons.NotAllowed,
                actor.IsStaff ? "Your roles do not reach this complaint." : "Only the person who filed a complaint and the staff handling it see it.");
        }
    }

    private async Task<Complaint> LoadForActionAsync(Actor actor, string id, string? etag, string action, CancellationToken cancellationToken)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw Problem.NotFound(Name(id));
        actor.RequireStaff(action);
        RequireSee(actor, complaint);
        if (!MayAct(actor, complaint))
        {
            // The institution's staff after the complaint has climbed past them; anyone else (the supervisor) does not handle complaints.
            throw Problem.PermissionDenied(IsTargetStaff(actor, complaint) ? Reasons.NotResponsible : Reasons.NotInScope,
                $"The complaint is now with the {complaint.Level.ToString().ToLowerInvariant()} level, so you cannot {action}.");
        }
        Etags.Require(Name(id), etag, complaint.Version);
        return complaint;
    }

    private static ComplaintView View(Actor actor, Complaint c, bool hasPhoto, Instant now) =>
        new(c, !c.Anonymous || IsFiler(actor, c) || Supervises(actor, c), hasPhoto, c.IsOverdue(now), actor.IsStaff && MayAct(actor, c) && c.State != ComplaintState.Closed,
            IsFiler(actor, c));

    private static ComplaintStep Masked(ComplaintStep s) =>
        s.ActorName.StartsWith("residents/", StringComparison.Ordinal) || s.ActorName.StartsWith("accounts/", StringComparison.Ordinal)
            ? new ComplaintStep(s.ComplaintId, s.Sequence, s.Time, Complaint.AnonymousName, s.Kind, s.Level, s.Note)
            : s;

    private static int Rank(Complaint c, Instant now) => c.IsOverdue(now) ? 0 : c.State == ComplaintState.Closed ? 2 : 1;

    private static ComplaintStep RoutedStep(Complaint c, Instant now) => c.Routed(RoutedTo(c), now);

    private static string RoutedTo(Complaint c) => c.Level switch
    {
        ComplaintLevel.Operator => string.Join(", ", new[]
        {
            c.InstitutionId is null ? null : ResourceNames.Institution(c.InstitutionId),
            c.ProviderId is null ? null : "providers/" + c.ProviderId,
        }.OfType<string>()),
        ComplaintLevel.Office => ResourceNames.Place(c.OfficeCode),
        _ => "district",
    };

    private async Task<bool> HasPhotoAsync(string id, CancellationToken cancellationToken) =>
        await db.Set<ComplaintPhoto>().AnyAsync(p => p.ComplaintId == id, cancellationToken);

    /// <summary>Tells whom <paramref name="notify"/> tells (the outbox writes through this unit of work) and saves, as one change.</summary>
    private async Task SaveAsync(Complaint complaint, Func<Task> notify, CancellationToken cancellationToken)
    {
        try
        {
            await notify();
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
                                          || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            // Another change to the same complaint won (its version moved, or it took the next step's number first).
            throw new Problem(ProblemKind.Aborted, Reasons.EtagMismatch, $"{Name(complaint.Id)} was changed at the same time (escalated or answered); read it again.",
                new Dictionary<string, string> { ["resource"] = Name(complaint.Id) });
        }
    }

    // --- routing ---

    private sealed record Where(string TargetId, string? FacilityId, string? InstitutionId, string? ProviderId, string PlaceCode, string OfficeCode);

    private async Task<Where> ResolveAsync(Actor actor, ComplaintTarget kind, string target, string? place, Violations violations,
        CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case ComplaintTarget.Facility:
            {
                var id = ResourceNames.ParseOne(target, "facilities", "complaint.target", violations);
                violations.ThrowIfAny();
                var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken)
                               ?? throw Problem.NotFound(ResourceNames.Facility(id!));
                return new Where(facility.Id, facility.Id, facility.InstitutionId, await OperatorOfAsync(facility.Id, cancellationToken),
                    facility.PlaceCode, await OfficeOfAsync(facility.PlaceCode, cancellationToken));
            }
            case ComplaintTarget.BookingDecision:
            {
                var ids = ResourceNames.Parse(target, "facilities/{}/bookings/{}", "complaint.target", violations);
                violations.ThrowIfAny();
                var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == ids![1] && b.FacilityId == ids[0], cancellationToken);
                // Only the resident whose booking it is (or who acts for them) complains about its decision; to anyone else it does not exist.
                if (booking is null || (booking.ResidentId != actor.ResidentId
                                        && await residents.ProxyConsentAsync(actor, booking.ResidentId, cancellationToken) is null))
                {
                    throw Problem.NotFound(ResourceNames.Booking(ids![0], ids[1]));
                }
                var facility = await db.Facilities.AsNoTracking().FirstAsync(f => f.Id == booking.FacilityId, cancellationToken);
                return new Where(booking.Id, facility.Id, facility.InstitutionId, await OperatorOfAsync(facility.Id, cancellationToken),
                    facility.PlaceCode, await OfficeOfAsync(facility.PlaceCode, cancellationToken));
            }
            case ComplaintTarget.Provider:
            {
                var id = ResourceNames.ParseOne(target, "providers", "complaint.target", violations);
                violations.ThrowIfAny();
                return await ProviderAsync(id!, cancellationToken);
            }
            case ComplaintTarget.VolunteerActivity:
            {
                var id = ResourceNames.ParseOne(target, "activities", "complaint.target", violations);
                violations.ThrowIfAny();
                var activity = await db.Set<Domain.Volunteers.Activity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
                               ?? throw Problem.NotFound(Volunteers.ActivityDesk.ActivityName(id!));
                return new Where(activity.Id, activity.FacilityId, null, null, activity.PlaceCode, await OfficeOfAsync(activity.PlaceCode, cancellationToken));
            }
            default:
            {
                string placeCode;
                string? facilityId = null;
                if (place!.StartsWith("facilities/", StringComparison.Ordinal))
                {
                    facilityId = ResourceNames.ParseOne(place, "facilities", "complaint.place", violations);
                    violations.ThrowIfAny();
                    var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, cancellationToken)
                                   ?? throw Problem.NotFound(ResourceNames.Facility(facilityId!));
                    placeCode = facility.PlaceCode;
                }
                else
                {
                    var code = ResourceNames.ParseOne(place, "places", "complaint.place", violations);
                    violations.ThrowIfAny();
                    placeCode = (await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken)
                                 ?? throw Problem.NotFound(ResourceNames.Place(code!))).Code;
                }
                return new Where(target, facilityId, null, null, placeCode, await OfficeOfAsync(placeCode, cancellationToken));
            }
        }
    }

    /// <summary>The town or subdistrict at or above the place (the district itself when the place is the district).</summary>
    private async Task<string> OfficeOfAsync(string placeCode, CancellationToken cancellationToken)
    {
        var code = placeCode;
        for (var depth = 0; depth < 8; depth++)
        {
            var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
            if (place is null || place.Kind is PlaceKind.Town or PlaceKind.Subdistrict or PlaceKind.IndustrialZone or PlaceKind.District
                || place.ParentCode is null)
            {
                return place?.Code ?? placeCode;
            }
            code = place.ParentCode;
        }
        return code;
    }

    /// <summary>The provider whose active contract runs the facility today (its operator), if any.</summary>
    private async Task<string?> OperatorOfAsync(string facilityId, CancellationToken cancellationToken)
    {
        var today = clock.GetCurrentInstant().InZone(WorkingDays.Zone).Date;
        var running = await db.ServiceContracts.AsNoTracking()
            .Where(c => c.State == Domain.Providers.ContractState.Active && c.Start <= today && c.End >= today && c.FacilityIds.Contains(facilityId))
            .OrderBy(c => c.Start).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return running.FirstOrDefault(c => c.Runs(facilityId, today))?.ProviderId;
    }

    /// <summary>A complaint about a provider goes to the provider first, then the office over the provider's place.</summary>
    private async Task<Where> ProviderAsync(string providerId, CancellationToken cancellationToken)
    {
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == providerId, cancellationToken)
                       ?? throw Problem.NotFound("providers/" + providerId);
        return new Where(provider.Id, null, null, provider.Id, provider.PlaceCode, await OfficeOfAsync(provider.PlaceCode, cancellationToken));
    }

    // --- notices ---

    private async Task NotifyLevelAsync(Complaint c, string template, string text, Instant now, CancellationToken cancellationToken)
    {
        var roles = await db.Set<AccountRole>().AsNoTracking().ToListAsync(cancellationToken);
        var wanted = roles.Where(r => c.Level switch
        {
            ComplaintLevel.Operator => (r.Role == Role.InstitutionStaff && r.ScopeId == c.InstitutionId) || (r.Role == Role.ProviderStaff && r.ScopeId == c.ProviderId),
            ComplaintLevel.Office => r.Role == Role.StreetOfficeStaff && c.PlaceCode.StartsWith(r.ScopeId, StringComparison.Ordinal),
            _ => r.Role == Role.DistrictStaff && c.PlaceCode.StartsWith(r.ScopeId, StringComparison.Ordinal),
        }).Select(r => r.AccountId).Distinct().ToArray();
        var accounts = await db.Users.AsNoTracking().Where(a => wanted.Contains(a.Id)).ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            // Staff are told what and by when, never who filed it.
            await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Account(account.Id), AddressOf(account)), template, text, now),
                cancellationToken);
        }
    }

    private async Task NotifyFilerAsync(Complaint c, string template, string text, Instant now, CancellationToken cancellationToken)
    {
        string address;
        if (c.FiledBy.StartsWith("residents/", StringComparison.Ordinal))
        {
            var id = c.FiledBy["residents/".Length..];
            address = (await db.Set<ResidentRecord>().AsNoTracking().Where(r => r.Id == id).Select(r => r.Mobile).FirstOrDefaultAsync(cancellationToken)) ?? "";
        }
        else
        {
            var id = c.FiledBy["accounts/".Length..];
            var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
            address = account is null ? c.FiledBy : AddressOf(account);
        }
        if (string.IsNullOrWhiteSpace(address))
        {
            address = c.FiledBy;
        }
        await channel.SendAsync(new OutgoingMessage(new MessageRecipient(c.FiledBy, address), template, text, now), cancellationToken);
    }

    /// <summary>A member of staff's number or e-mail; without either, their inbox on the platform (/inbox reads messages by recipient).</summary>
    private static string AddressOf(Account account) =>
        !string.IsNullOrWhiteSpace(account.PhoneNumber) ? account.PhoneNumber
        : !string.IsNullOrWhiteSpace(account.Email) ? account.Email
        : ResourceNames.Account(account.Id);

    public static string KindText(ComplaintTarget kind) => kind switch
    {
        ComplaintTarget.Facility => "场地",
        ComplaintTarget.BookingDecision => "预约审核",
        ComplaintTarget.Provider => "服务商",
        ComplaintTarget.VolunteerActivity => "志愿活动",
        _ => "工作人员",
    };

    public static string OutcomeText(ComplaintOutcome outcome) => outcome switch
    {
        ComplaintOutcome.Upheld => "属实",
        ComplaintOutcome.PartlyUpheld => "部分属实",
        _ => "不属实",
    };

    private static string DueText(Instant due) =>
        due.Minus(Duration.FromSeconds(1)).InZone(WorkingDays.Zone).Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
