using System.Text.RegularExpressions;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Places;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Audit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Residents;

public sealed record ResidentDraft(string Name, string Mobile, string IdentityNumber, string? HomePlaceCode, string? GuardianId);

/// <summary>What an update changes: only the fields in <see cref="Paths"/> (API names) are read.</summary>
public sealed record ResidentChanges(string? Name, string? Mobile, string? HomePlaceCode, IReadOnlySet<string> Paths, string? Etag,
    string? HouseholdId = null);

public sealed record ResidentPage(IReadOnlyList<Resident> Residents, string NextPageToken);

/// <summary>A resident as one caller may see them: <see cref="Full"/> false means personal data masked.</summary>
public sealed record ResidentView(Resident Resident, bool Full);

/// <summary>Real-name residents: sign-up, and reading them with personal data masked or, audited, in full.</summary>
public sealed partial class ResidentRegistry(CommunityShareDb db, IClock clock, RequestLedger ledger, UserManager<Account> users,
    PersonalDataProtection protection)
{
    public const int MaxNameLength = 50;
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public const int MaxQueryLength = 50;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();

    public async Task<ResidentView> RegisterAsync(ResidentDraft draft, string userName, string password, RequestKey? requestKey,
        Violations violations, CancellationToken cancellationToken)
    {
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return new ResidentView(await LoadAsync(done.Split('/')[^1], cancellationToken), Full: true);
        }
        if (violations.Required(draft.Name, "resident.display_name"))
        {
            violations.MaxLength(draft.Name, MaxNameLength, "resident.display_name");
        }
        violations.Check(!Resident.IsValidMobile(draft.Mobile), "resident.mobile", Reasons.InvalidFormat, "must be 11 digits starting with 1.");
        var numberOk = IdentityNumber.TryParse(draft.IdentityNumber, out var number);
        violations.Check(!numberOk, "resident.identity_number", Reasons.InvalidFormat, "must be an 18-character identity number with a valid check character.");
        await CheckHomeAsync(draft.HomePlaceCode, violations, cancellationToken);
        violations.Check(!UserNamePattern().IsMatch(userName ?? ""), "user_name", Reasons.InvalidFormat,
            "must be 3-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        var account = new Account { UserName = userName, DisplayName = draft.Name.Trim() };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, account, password ?? "");
            foreach (var error in result.Errors)
            {
                violations.Add("password", Reasons.WeakPassword, error.Description);
            }
        }
        violations.ThrowIfAny();

        var today = clock.GetCurrentInstant().InZone(Shanghai).Date;
        var now = clock.GetCurrentInstant();
        var resident = new Resident(Ids.New(), draft.Name.Trim(), draft.Mobile, number!, draft.HomePlaceCode!, draft.GuardianId, now);
        if (resident.IsMinorOn(today))
        {
            var guardian = draft.GuardianId is null ? null : await db.Set<ResidentRecord>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.Id == draft.GuardianId, cancellationToken);
            if (guardian is null || ToDomain(guardian).IsMinorOn(today))
            {
                throw Problem.Broken(Reasons.GuardianRequired, "A resident under 18 is registered with an adult resident as guardian.",
                    new Dictionary<string, string> { ["field"] = "resident.guardian" });
            }
        }
        var hash = protection.Hash(number!.Value);
        if (await db.Set<ResidentRecord>().AnyAsync(r => r.IdentityNumberHash == hash, cancellationToken))
        {
            throw new Problem(ProblemKind.AlreadyExists, Reasons.AlreadyExists, "A resident with this identity number is already registered.");
        }
        if (await users.FindByNameAsync(account.UserName!) is not null)
        {
            throw new Problem(ProblemKind.AlreadyExists, Reasons.AlreadyExists, "This user name is taken.", fieldViolations:
                [new FieldViolation("user_name", Reasons.AlreadyExists, "is taken; choose another.")]);
        }

        // The record and the request are added first; creating the account saves them all at once,
        // and the audit trail names the new resident as the one who registered.
        account.ResidentId = resident.Id;
        db.Set<ResidentRecord>().Add(ToRecord(resident, hash));
        ledger.Record(requestKey, ResourceNames.Resident(resident.Id), now);
        IdentityResult created;
        using (Acting.As(ResourceNames.Resident(resident.Id)))
        {
            created = await users.CreateAsync(account, password!);
        }
        if (!created.Succeeded)
        {
            throw Problem.Invalid(created.Errors.Select(e => new FieldViolation("password", Reasons.WeakPassword, e.Description)).ToArray());
        }
        return new ResidentView(resident, Full: true);
    }

    /// <summary>
    /// The resident and their guardian see everything; a proxy with the resident's consent sees the
    /// masked record; staff who oversee the home place see it masked, or in full (audited).
    /// </summary>
    public async Task<ResidentView> GetAsync(Actor actor, string id, bool full, CancellationToken cancellationToken)
    {
        var resident = await LoadAsync(id, cancellationToken);
        if (actor.ResidentId == resident.Id || (actor.ResidentId is not null && actor.ResidentId == resident.GuardianId))
        {
            return new ResidentView(resident, Full: full);
        }
        if (!actor.Oversees(Jurisdiction.OfPlace(resident.HomePlaceCode))
            && await db.Set<ProxyGrant>().AnyAsync(g => g.ResidentId == id && g.ProxyResidentId == actor.ResidentId && g.RevokeTime == null, cancellationToken))
        {
            return new ResidentView(resident, Full: false);
        }
        actor.RequireOversee(Jurisdiction.OfPlace(resident.HomePlaceCode), "see this resident");
        if (full)
        {
            db.Set<Audit.AuditEntry>().Add(new Audit.AuditEntry
            {
                Time = clock.GetCurrentInstant(),
                Actor = actor.ResourceName,
                Action = "resident.view_full",
                Resource = ResourceNames.Resident(resident.Id),
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ResidentView(resident, full);
    }

    /// <summary>
    /// The resident and their guardian change the mobile number and home; staff who manage the
    /// resident's home may also correct the name. Every problem at once; a stale etag is ABORTED.
    /// </summary>
    public async Task<ResidentView> UpdateAsync(Actor actor, string id, ResidentChanges changes, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        var name = ResourceNames.Resident(id);
        var record = await db.Set<ResidentRecord>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (changes.Paths.Contains("display_name") && violations.Required(changes.Name, "resident.display_name"))
        {
            violations.MaxLength(changes.Name, MaxNameLength, "resident.display_name");
        }
        if (changes.Paths.Contains("mobile"))
        {
            violations.Check(!Resident.IsValidMobile(changes.Mobile), "resident.mobile", Reasons.InvalidFormat, "must be 11 digits starting with 1.");
        }
        if (changes.Paths.Contains("home_place"))
        {
            await CheckHomeAsync(changes.HomePlaceCode, violations, cancellationToken);
        }
        if (changes.Paths.Contains("household") && !string.IsNullOrEmpty(changes.HouseholdId))
        {
            violations.Check(!ResourceNames.IdPattern().IsMatch(changes.HouseholdId), "resident.household", Reasons.InvalidFormat,
                "must be 1-63 lower-case letters, digits or '-' (the household register's number), or empty for none.");
        }
        if (record is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(name);
        }
        var resident = ToDomain(record);
        var now = clock.GetCurrentInstant();
        var own = actor.ResidentId == id || IsGuardianOfMinor(actor, resident);
        if (!own)
        {
            actor.RequireManage(Jurisdiction.OfPlace(resident.HomePlaceCode), "change this resident's record");
        }
        else if (changes.Paths.Overlaps(["display_name", "household"]) && !actor.Manages(Jurisdiction.OfPlace(resident.HomePlaceCode)))
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed,
                "The name (on the identity card) and the household (on the household register) are set by the resident's street office.");
        }
        violations.ThrowIfAny();
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return new ResidentView(resident, Full: own);
        }
        Etags.Require(name, changes.Etag, record.Version);
        if (changes.Paths.Contains("display_name") && changes.Name!.Trim() != resident.Name)
        {
            resident.Rename(changes.Name.Trim(), now);
        }
        if (changes.Paths.Contains("mobile") && changes.Mobile != resident.Mobile)
        {
            resident.ChangeMobile(changes.Mobile!, now);
        }
        if (changes.Paths.Contains("home_place") && changes.HomePlaceCode != resident.HomePlaceCode)
        {
            resident.MoveHome(changes.HomePlaceCode!, now);
        }
        if (changes.Paths.Contains("household") && (changes.HouseholdId ?? "") != (resident.HouseholdId ?? ""))
        {
            resident.JoinHousehold(string.IsNullOrEmpty(changes.HouseholdId) ? null : changes.HouseholdId, now);
        }
        record.Name = resident.Name;
        record.Mobile = resident.Mobile;
        record.HomePlaceCode = resident.HomePlaceCode;
        record.HouseholdId = resident.HouseholdId;
        record.UpdateTime = resident.UpdateTime;
        record.Version = resident.Version;
        ledger.Record(requestKey, name, now);
        await db.SaveChangesAsync(cancellationToken);
        return new ResidentView(resident, Full: own);
    }

    /// <summary>
    /// Counter service: any staff find a resident by exact mobile or identity number (the resident
    /// is at the counter with their card); a name finds residents of the places the staff oversee.
    /// Always masked: the full record is <see cref="GetAsync"/>'s audited view.
    /// </summary>
    public async Task<ResidentPage> SearchAsync(Actor actor, string? query, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireStaff("look up residents");
        var text = query?.Trim() ?? "";
        if (violations.Required(text, "query"))
        {
            violations.MaxLength(text, MaxQueryLength, "query");
        }
        var after = PageToken.Decode(pageToken, "query=" + text, violations);
        violations.ThrowIfAny();

        var records = db.Set<ResidentRecord>().AsNoTracking();
        if (Resident.IsValidMobile(text))
        {
            records = records.Where(r => r.Mobile == text);
        }
        else if (IdentityNumber.TryParse(text.ToUpperInvariant(), out var number))
        {
            var hash = protection.Hash(number!.Value);
            records = records.Where(r => r.IdentityNumberHash == hash);
        }
        else
        {
            var places = (await db.Places.AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken))
                .Where(code => actor.Oversees(Jurisdiction.OfPlace(code))).ToArray();
            if (places.Length == 0)
            {
                throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope,
                    "You oversee no place, so you can find residents only by mobile number or identity number.");
            }
            records = records.Where(r => places.Contains(r.HomePlaceCode) && r.Name.Contains(text));
        }
        if (after is not null)
        {
            var (lastName, lastId) = (after[0], after[1]);
            records = records.Where(r => string.Compare(r.Name, lastName) > 0 || (r.Name == lastName && string.Compare(r.Id, lastId) > 0));
        }
        var rows = await records.OrderBy(r => r.Name).ThenBy(r => r.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize ? PageToken.Encode("query=" + text, shown[^1].Name, shown[^1].Id) : "";
        return new ResidentPage(shown.Select(ToDomain).ToArray(), next);
    }

    /// <summary>
    /// How <paramref name="actor"/> may act for <paramref name="residentId"/> without being staff: as
    /// a minor's guardian, or with the resident's standing consent. Null: not at all. A resident
    /// that does not exist is NOT_FOUND.
    /// </summary>
    public async Task<ProxyConsentMethod?> ProxyConsentAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        var resident = await LoadAsync(residentId, cancellationToken);
        if (actor.ResidentId is not { } me || me == residentId)
        {
            return null;
        }
        if (IsGuardianOfMinor(actor, resident))
        {
            return ProxyConsentMethod.Guardian;
        }
        return await db.Set<ProxyGrant>().AnyAsync(g => g.ResidentId == residentId && g.ProxyResidentId == me && g.RevokeTime == null, cancellationToken)
            ? ProxyConsentMethod.StandingGrant
            : null;
    }

    /// <summary>A guardian acts for the resident while the resident is a minor.</summary>
    public bool IsGuardianOfMinor(Actor actor, Resident resident) =>
        actor.ResidentId is not null && resident.GuardianId == actor.ResidentId
                                     && resident.IsMinorOn(clock.GetCurrentInstant().InZone(Shanghai).Date);

    /// <summary>Masked names (张*) of residents, for lists staff work through; an unknown id shows as itself.</summary>
    public async Task<IReadOnlyDictionary<string, string>> MaskedNamesAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToArray();
        var names = await db.Set<ResidentRecord>().AsNoTracking().Where(r => wanted.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => Resident.MaskName(r.Name), cancellationToken);
        return wanted.ToDictionary(id => id, id => names.GetValueOrDefault(id, id));
    }

    public async Task<Resident> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var record = await db.Set<ResidentRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                     ?? throw Problem.NotFound(ResourceNames.Resident(id));
        return ToDomain(record);
    }

    private async Task CheckHomeAsync(string? homePlaceCode, Violations violations, CancellationToken cancellationToken)
    {
        if (homePlaceCode is null)
        {
            violations.Add("resident.home_place", Reasons.Required, "is required: the neighbourhood or village, as places/{code}.");
            return;
        }
        var home = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == homePlaceCode, cancellationToken);
        if (violations.Check(home is null, "resident.home_place", Reasons.NotFound, $"{ResourceNames.Place(homePlaceCode)} does not exist."))
        {
            violations.Check(home!.Kind is not (PlaceKind.Neighborhood or PlaceKind.Village), "resident.home_place", Reasons.PlaceKindNotAllowed,
                "must be a neighbourhood or village.");
        }
    }

    private Resident ToDomain(ResidentRecord r) =>
        IdentityNumber.TryParse(protection.Unprotect(r.ProtectedIdentityNumber), out var number)
            ? new Resident(r.Id, r.Name, r.Mobile, number!, r.HomePlaceCode, r.GuardianId, r.CreateTime, r.UpdateTime, r.Version, r.HouseholdId)
            : throw new InvalidOperationException($"The stored identity number of resident {r.Id} does not read back.");

    private ResidentRecord ToRecord(Resident r, string hash) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Mobile = r.Mobile,
        ProtectedIdentityNumber = protection.Protect(r.IdentityNumber.Value),
        IdentityNumberHash = hash,
        HomePlaceCode = r.HomePlaceCode,
        GuardianId = r.GuardianId,
        HouseholdId = r.HouseholdId,
        CreateTime = r.CreateTime,
        UpdateTime = r.UpdateTime,
        Version = r.Version,
    };
}
