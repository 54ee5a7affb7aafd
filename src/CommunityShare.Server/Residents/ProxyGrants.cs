using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Residents;

public sealed record ProxyGrantDraft(string? ProxyResidentId, string? Relationship, string? ConsentNote);

public sealed record ProxyGrantPage(IReadOnlyList<ProxyGrant> Grants, string NextPageToken);

/// <summary>
/// Standing consent for a proxy (代办): the resident gives it (or a minor's guardian), or staff who
/// manage the resident's home record it with a note of how the resident consented. The proxy then
/// books, cancels and checks in in the resident's name; the bookings say who made them.
/// </summary>
public sealed class ProxyGrants(CommunityShareDb db, IClock clock, RequestLedger ledger, ResidentRegistry residents)
{
    public async Task<ProxyGrant> CreateAsync(Actor actor, string residentId, ProxyGrantDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } done)
        {
            return await LoadAsync(residentId, done.Split('/')[^1], cancellationToken);
        }
        if (violations.Required(draft.Relationship, "proxy_grant.relationship"))
        {
            violations.MaxLength(draft.Relationship!.Trim(), ProxyGrant.MaxRelationshipLength, "proxy_grant.relationship");
        }
        violations.MaxLength(draft.ConsentNote?.Trim(), ProxyGrant.MaxConsentNoteLength, "proxy_grant.consent_note");
        // The front door may already have said what is wrong with the proxy it was given (not found, say).
        if (draft.ProxyResidentId is null && !violations.Items.Any(v => v.Field == "proxy_grant.proxy"))
        {
            violations.Add("proxy_grant.proxy", Reasons.Required, "is required, as residents/{id}: the adult resident who will act.");
        }
        var resident = await residents.LoadAsync(residentId, cancellationToken);
        var bySelf = actor.ResidentId == residentId || residents.IsGuardianOfMinor(actor, resident);
        if (!bySelf)
        {
            actor.RequireManage(Jurisdiction.OfPlace(resident.HomePlaceCode), "record consent for this resident");
            violations.Check(string.IsNullOrWhiteSpace(draft.ConsentNote), "proxy_grant.consent_note", Reasons.Required,
                "is required when staff record consent: say how the resident consented (e.g. 本人到场签字).");
        }
        Resident? proxy = null;
        if (draft.ProxyResidentId is not null)
        {
            proxy = await db.Set<ResidentRecord>().AnyAsync(r => r.Id == draft.ProxyResidentId, cancellationToken)
                ? await residents.LoadAsync(draft.ProxyResidentId, cancellationToken)
                : null;
            violations.Check(proxy is null, "proxy_grant.proxy", Reasons.NotFound, $"{ResourceNames.Resident(draft.ProxyResidentId)} does not exist.");
        }
        violations.ThrowIfAny();

        var now = clock.GetCurrentInstant();
        var broken = new List<RuleViolation>();
        if (proxy!.Id == residentId)
        {
            broken.Add(new RuleViolation(Reasons.ProxyIsSelf, "A resident does not need consent to act for themselves.",
                new Dictionary<string, string> { ["field"] = "proxy_grant.proxy" }));
        }
        if (proxy.IsMinorOn(now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date))
        {
            broken.Add(new RuleViolation(Reasons.ProxyMustBeAdult, "A proxy must be an adult (18 or over).",
                new Dictionary<string, string> { ["field"] = "proxy_grant.proxy" }));
        }
        if (broken.Count > 0)
        {
            throw Problem.Broken(broken);
        }
        var grant = new ProxyGrant(Ids.New(), residentId, proxy.Id, draft.Relationship!.Trim(), draft.ConsentNote?.Trim() ?? "", actor.ResourceName, now);
        if (await db.Set<ProxyGrant>().AnyAsync(g => g.ResidentId == residentId && g.ProxyResidentId == proxy.Id && g.RevokeTime == null, cancellationToken))
        {
            throw new Problem(ProblemKind.AlreadyExists, Reasons.AlreadyExists, $"{ResourceNames.Resident(proxy.Id)} already acts for this resident.",
                new Dictionary<string, string> { ["resource"] = ResourceNames.Resident(proxy.Id) });
        }
        db.Set<ProxyGrant>().Add(grant);
        ledger.Record(requestKey, ResourceNames.ProxyGrant(residentId, grant.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    /// <summary>The grants a resident gave (<paramref name="residentId"/>), or those to a proxy (<paramref name="residentId"/> null).</summary>
    public async Task<ProxyGrantPage> ListAsync(Actor actor, string? residentId, string? proxyResidentId, bool showRevoked, int pageSize,
        string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        violations.Check(residentId is null && proxyResidentId is null, "proxy", Reasons.Required,
            "is required when parent is residents/-: whose grants to list.");
        var fingerprint = $"{residentId}|{proxyResidentId}|{showRevoked}";
        var after = PageToken.Decode(pageToken, fingerprint, violations);
        violations.ThrowIfAny();
        foreach (var id in new[] { residentId, proxyResidentId }.OfType<string>().Distinct())
        {
            if (actor.ResidentId == id)
            {
                continue;
            }
            var resident = await residents.LoadAsync(id, cancellationToken);
            if (!residents.IsGuardianOfMinor(actor, resident))
            {
                actor.RequireOversee(Jurisdiction.OfPlace(resident.HomePlaceCode), "see whom this resident's consent reaches");
            }
        }

        var query = db.Set<ProxyGrant>().AsNoTracking();
        if (residentId is not null)
        {
            query = query.Where(g => g.ResidentId == residentId);
        }
        if (proxyResidentId is not null)
        {
            query = query.Where(g => g.ProxyResidentId == proxyResidentId);
        }
        if (!showRevoked)
        {
            query = query.Where(g => g.RevokeTime == null);
        }
        if (after is not null)
        {
            var time = Instant.FromUnixTimeTicks(long.Parse(after[0], CultureInfo.InvariantCulture));
            var lastId = after[1];
            query = query.Where(g => g.CreateTime > time || (g.CreateTime == time && string.Compare(g.Id, lastId) > 0));
        }
        var rows = await query.OrderBy(g => g.CreateTime).ThenBy(g => g.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(pageSize).ToArray();
        var next = rows.Count > pageSize
            ? PageToken.Encode(fingerprint, shown[^1].CreateTime.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture), shown[^1].Id)
            : "";
        return new ProxyGrantPage(shown, next);
    }

    /// <summary>The resident, their guardian, the proxy (stepping down) or staff who manage the resident's home end a grant.</summary>
    public async Task<ProxyGrant> RevokeAsync(Actor actor, string residentId, string grantId, RequestKey? requestKey, CancellationToken cancellationToken)
    {
        var grant = await db.Set<ProxyGrant>().FirstOrDefaultAsync(g => g.Id == grantId && g.ResidentId == residentId, cancellationToken)
                    ?? throw Problem.NotFound(ResourceNames.ProxyGrant(residentId, grantId));
        if (actor.ResidentId != residentId && actor.ResidentId != grant.ProxyResidentId)
        {
            var resident = await residents.LoadAsync(residentId, cancellationToken);
            if (!residents.IsGuardianOfMinor(actor, resident))
            {
                actor.RequireManage(Jurisdiction.OfPlace(resident.HomePlaceCode), "revoke this resident's consent");
            }
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is not null)
        {
            return grant;
        }
        var now = clock.GetCurrentInstant();
        grant.Revoke(now);
        ledger.Record(requestKey, ResourceNames.ProxyGrant(residentId, grant.Id), now);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    private async Task<ProxyGrant> LoadAsync(string residentId, string id, CancellationToken cancellationToken) =>
        await db.Set<ProxyGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id && g.ResidentId == residentId, cancellationToken)
        ?? throw Problem.NotFound(ResourceNames.ProxyGrant(residentId, id));
}
