using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Volunteers;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CommunityShare.Server.Volunteers;

public sealed record CertificateDraft(string? Content, string? Organisation, string? PersonInCharge);

/// <summary>
/// Service certificates. Staff of the office over the volunteer's home issue one for all the
/// volunteer's confirmed hours; staff of another office for the hours served under them. The
/// volunteer and staff who oversee their home list them; anyone verifies one by its number.
/// </summary>
public sealed class CertificateDesk(CommunityShareDb db, IClock clock, RequestLedger ledger, IOptions<VolunteerSettings> settings)
{
    public async Task<ServiceCertificate> IssueAsync(Actor actor, string residentId, CertificateDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        foreach (var (value, field) in new[] { (draft.Content, "certificate.content"), (draft.Organisation, "certificate.organisation"),
                     (draft.PersonInCharge, "certificate.person_in_charge") })
        {
            if (violations.Required(value, field))
            {
                violations.MaxLength(value!.Trim(), ServiceCertificate.MaxTextLength, field);
            }
        }
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken);
        if (volunteer is null)
        {
            violations.ThrowIfAny();
            throw Problem.NotFound(VolunteerRegistry.Name(residentId));
        }
        actor.RequireStaff("issue a service certificate");
        var records = await db.Set<ServiceRecord>().AsNoTracking().Where(r => r.ResidentId == residentId).Select(r => new { r.PlaceCode, r.Minutes })
            .ToListAsync(cancellationToken);
        var home = actor.Manages(Jurisdiction.OfPlace(volunteer.HomePlaceCode));
        var counted = records.Where(r => home || actor.Manages(Jurisdiction.OfPlace(r.PlaceCode))).ToList();
        if (!home && counted.Count == 0)
        {
            actor.RequireManage(Jurisdiction.OfPlace(volunteer.HomePlaceCode), "issue a certificate for this volunteer");
        }
        violations.ThrowIfAny();
        var minutes = counted.Sum(r => r.Minutes);
        if (minutes <= 0)
        {
            throw Problem.Broken(Reasons.NoConfirmedHours, "The volunteer has no confirmed hours to certify here.");
        }
        if (await ledger.FindAsync(requestKey, cancellationToken) is { } made)
        {
            var number = made.Split('/')[1];
            return await db.Set<ServiceCertificate>().AsNoTracking().FirstAsync(c => c.Number == number, cancellationToken);
        }
        var now = clock.GetCurrentInstant();
        var today = now.InZone(settings.Value.Zone).Date;
        var name = await db.Set<Residents.ResidentRecord>().AsNoTracking().Where(r => r.Id == residentId).Select(r => r.Name).FirstAsync(cancellationToken);
        var handler = await db.Users.AsNoTracking().Where(u => u.Id == actor.Id).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? actor.Id;
        var certificate = new ServiceCertificate($"vs-{today:yyyyMMdd}-{Ids.New(8)}", residentId, name, minutes, draft.Content!.Trim(), draft.Organisation!.Trim(),
            draft.PersonInCharge!.Trim(), handler, volunteer.HomePlaceCode, today, now);
        db.Add(certificate);
        ledger.Record(requestKey, Name(certificate.Number), now);
        await db.SaveChangesAsync(cancellationToken);
        return certificate;
    }

    public async Task<IReadOnlyList<ServiceCertificate>> ListAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        var volunteer = await db.Set<Volunteer>().AsNoTracking().FirstOrDefaultAsync(v => v.ResidentId == residentId, cancellationToken)
                        ?? throw Problem.NotFound(VolunteerRegistry.Name(residentId));
        VolunteerRegistry.RequireSelfOrOverseer(actor, residentId, volunteer.HomePlaceCode, "see this volunteer's certificates");
        return await db.Set<ServiceCertificate>().AsNoTracking().Where(c => c.ResidentId == residentId).OrderByDescending(c => c.CreateTime)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Public: the certificate with this number, or NOT_FOUND.</summary>
    public async Task<ServiceCertificate> VerifyAsync(string number, CancellationToken cancellationToken) =>
        await db.Set<ServiceCertificate>().AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, cancellationToken) ?? throw Problem.NotFound(Name(number));

    public static string Name(string number) => "certificates/" + number;
}
