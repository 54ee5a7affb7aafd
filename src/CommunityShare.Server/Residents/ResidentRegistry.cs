using System.Text.RegularExpressions;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Places;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Residents;

public sealed record ResidentDraft(string Name, string Mobile, string IdentityNumber, string? HomePlaceCode, string? GuardianId);

/// <summary>A resident as one caller may see them: <see cref="Full"/> false means personal data masked.</summary>
public sealed record ResidentView(Resident Resident, bool Full);

/// <summary>Real-name residents: sign-up, and reading them with personal data masked or, audited, in full.</summary>
public sealed partial class ResidentRegistry(CommunityShareDb db, IClock clock, RequestLedger ledger, UserManager<Account> users,
    PersonalDataProtection protection)
{
    public const int MaxNameLength = 50;
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

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
        if (draft.HomePlaceCode is null)
        {
            violations.Add("resident.home_place", Reasons.Required, "is required: the neighbourhood or village, as places/{code}.");
        }
        else
        {
            var home = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == draft.HomePlaceCode, cancellationToken);
            if (violations.Check(home is null, "resident.home_place", Reasons.NotFound, $"{ResourceNames.Place(draft.HomePlaceCode)} does not exist."))
            {
                violations.Check(home!.Kind is not (PlaceKind.Neighborhood or PlaceKind.Village), "resident.home_place", Reasons.PlaceKindNotAllowed,
                    "must be a neighbourhood or village.");
            }
        }
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

        // The record, the audit entry and the request are added first; creating the account saves them all at once.
        account.ResidentId = resident.Id;
        db.Set<ResidentRecord>().Add(ToRecord(resident, hash));
        db.Set<AuditEntry>().Add(new AuditEntry { Time = now, Actor = "residents/" + resident.Id, Action = "resident.register", Resource = "residents/" + resident.Id });
        ledger.Record(requestKey, ResourceNames.Resident(resident.Id), now);
        var created = await users.CreateAsync(account, password!);
        if (!created.Succeeded)
        {
            throw Problem.Invalid(created.Errors.Select(e => new FieldViolation("password", Reasons.WeakPassword, e.Description)).ToArray());
        }
        return new ResidentView(resident, Full: true);
    }

    /// <summary>The resident and their guardian see everything; staff who oversee the home place see it masked, or in full (audited).</summary>
    public async Task<ResidentView> GetAsync(Actor actor, string id, bool full, CancellationToken cancellationToken)
    {
        var resident = await LoadAsync(id, cancellationToken);
        if (actor.ResidentId == resident.Id || (actor.ResidentId is not null && actor.ResidentId == resident.GuardianId))
        {
            return new ResidentView(resident, Full: full);
        }
        actor.RequireOversee(Jurisdiction.OfPlace(resident.HomePlaceCode), "see this resident");
        if (full)
        {
            db.Set<AuditEntry>().Add(new AuditEntry
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

    private async Task<Resident> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var record = await db.Set<ResidentRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                     ?? throw Problem.NotFound(ResourceNames.Resident(id));
        return ToDomain(record);
    }

    private Resident ToDomain(ResidentRecord r) =>
        IdentityNumber.TryParse(protection.Unprotect(r.ProtectedIdentityNumber), out var number)
            ? new Resident(r.Id, r.Name, r.Mobile, number!, r.HomePlaceCode, r.GuardianId, r.CreateTime)
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
        CreateTime = r.CreateTime,
        UpdateTime = r.UpdateTime,
        Version = r.Version,
    };
}
