using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using CommunityShare.Server.Residents;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Credit;

public sealed record AppealPage(IReadOnlyList<CreditAppeal> Appeals, string NextPageToken);

/// <summary>An appeal as its hearer sees it: the entry appealed, and who (masked).</summary>
public sealed record Hearing(CreditAppeal Appeal, CreditEvent Entry, string ResidentName);

/// <summary>
/// Appeals against credit entries: filed by the resident (or a guardian or proxy), heard by staff of
/// the town or subdistrict where the entry arose — never by the institution that recorded it —
/// with the decision and its reason kept and sent to the resident. One appeal per entry.
/// </summary>
public sealed class CreditAppeals(CommunityShareDb db, IClock clock, ResidentRegistry residents, INotificationChannel channel)
{
    public const string DecidedTemplate = "credit.appeal_decided";

    public async Task<CreditAppeal> FileAsync(Actor actor, string residentId, string? eventId, string? statement, Violations violations,
        CancellationToken cancellationToken)
    {
        violations.Check(eventId is null, "appeal.event", Reasons.Required, "is required, as residents/{resident}/creditEvents/{event}.");
        if (violations.Required(statement, "appeal.statement"))
        {
            violations.MaxLength(statement!.Trim(), CreditAppeal.MaxStatementLength, "appeal.statement");
        }
        violations.ThrowIfAny();
        if (actor.ResidentId != residentId && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is null)
        {
            throw Problem.PermissionDenied(Reasons.NotAllowed, "Only the resident, their guardian or their proxy can appeal.");
        }
        var entry = await db.Set<CreditEvent>().FirstOrDefaultAsync(e => e.Id == eventId && e.ResidentId == residentId, cancellationToken)
                    ?? throw Problem.NotFound(CreditRecords.EventName(residentId, eventId!));
        if (await db.Set<CreditAppeal>().AnyAsync(a => a.EventId == eventId, cancellationToken))
        {
            throw Problem.Broken(Reasons.AlreadyAppealed, "This entry has already been appealed; each entry is heard once.",
                new Dictionary<string, string> { ["field"] = "appeal.event" });
        }
        var appeal = new CreditAppeal(Ids.New(), entry, statement!.Trim(), actor.ResourceName, clock.GetCurrentInstant());
        db.Set<CreditAppeal>().Add(appeal);
        await db.SaveChangesAsync(cancellationToken);
        return appeal;
    }

    /// <summary>A resident's appeals, or (no resident) the appeals the caller hears: pending first, oldest first.</summary>
    public async Task<AppealPage> ListAsync(Actor actor, string? residentId, AppealState? state, int pageSize, string? pageToken, Violations violations,
        CancellationToken cancellationToken)
    {
        var fingerprint = $"{residentId}|{state}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        var query = db.Set<CreditAppeal>().AsNoTracking();
        if (residentId is not null)
        {
            if (actor.ResidentId != residentId && await residents.ProxyConsentAsync(actor, residentId, cancellationToken) is null)
            {
                var resident = await residents.LoadAsync(residentId, cancellationToken);
                actor.RequireOversee(Jurisdiction.OfPlace(resident.HomePlaceCode), "see this resident's appeals");
            }
            query = query.Where(a => a.ResidentId == residentId);
        }
        else
        {
            actor.RequireStaff("hear appeals");
            var places = (await db.Places.AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken))
                .Where(code => actor.Oversees(Jurisdiction.OfPlace(code))).ToArray();
            if (places.Length == 0)
            {
                throw new Problem(ProblemKind.PermissionDenied, Reasons.NotInScope,
                    "Appeals are heard by the town or subdistrict where the entry arose; your roles reach no place.");
            }
            query = query.Where(a => places.Contains(a.PlaceCode));
        }
        if (state is not null)
        {
            query = query.Where(a => a.State == state);
        }
        if (after is not null)
        {
            var (lastState, lastTime, lastId) = ((AppealState)int.Parse(after[0], CultureInfo.InvariantCulture),
                Instant.FromUnixTimeTicks(long.Parse(after[1], CultureInfo.InvariantCulture)), after[2]);
            query = query.Where(a => a.State > lastState || (a.State == lastState && (a.FileTime > lastTime
                                                                                      || (a.FileTime == lastTime && string.Compare(a.Id, lastId) > 0))));
        }
        var rows = await query.OrderBy(a => a.State).ThenBy(a => a.FileTime).ThenBy(a => a.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, ((int)shown[^1].State).ToString(CultureInfo.InvariantCulture),
                shown[^1].FileTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new AppealPage(shown, next);
    }

    /// <summary>The appeals the caller hears (pending first), each with its entry and the resident's masked name.</summary>
    public async Task<IReadOnlyList<Hearing>> HearingsAsync(Actor actor, AppealState? state, int pageSize, CancellationToken cancellationToken)
    {
        var page = await ListAsync(actor, null, state, pageSize, null, new Violations(), cancellationToken);
        var ids = page.Appeals.Select(a => a.EventId).ToArray();
        var entries = await db.Set<CreditEvent>().AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var names = await residents.MaskedNamesAsync(page.Appeals.Select(a => a.ResidentId), cancellationToken);
        return page.Appeals.Select(a => new Hearing(a, entries[a.EventId], names[a.ResidentId])).ToArray();
    }

    /// <summary>Staff of the town or subdistrict over the entry's place decide; the resident is told the outcome and the reason.</summary>
    public async Task<CreditAppeal> DecideAsync(Actor actor, string residentId, string appealId, bool grant, string? decision, Violations violations,
        CancellationToken cancellationToken)
    {
        if (violations.Required(decision, "decision"))
        {
            violations.MaxLength(decision!.Trim(), CreditAppeal.MaxDecisionLength, "decision");
        }
        violations.ThrowIfAny();
        var appeal = await db.Set<CreditAppeal>().FirstOrDefaultAsync(a => a.Id == appealId && a.ResidentId == residentId, cancellationToken)
                     ?? throw Problem.NotFound(CreditRecords.AppealName(residentId, appealId));
        actor.RequireStaff("decide appeals");
        // Office or district staff over the place; an institution's own staff do not judge their own report.
        actor.RequireManage(Jurisdiction.OfPlace(appeal.PlaceCode), "decide this appeal");
        var entry = await db.Set<CreditEvent>().FirstAsync(e => e.Id == appeal.EventId, cancellationToken);
        var now = clock.GetCurrentInstant();
        appeal.Decide(grant, decision!.Trim(), actor.ResourceName, entry, now);
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(residentId), resident.Mobile), DecidedTemplate,
            grant
                ? $"【社区共享】您对诚信记录的申诉已通过：{appeal.Decision}。该记录已作废，相关限制随之解除。"
                : $"【社区共享】您对诚信记录的申诉未通过：{appeal.Decision}。",
            now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return appeal;
    }
}
