using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Bookings;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityShare.Server.Residents;

/// <summary>A resident found at the counter (masked), and whether this clerk may open their record.</summary>
public sealed record CounterMatch(Resident Resident, bool MayOpen);

public sealed record CounterMatches(IReadOnlyList<CounterMatch> Residents, string NextPageToken);

/// <summary>A standing consent on the resident's record, with the other resident it names (masked when shown).</summary>
public sealed record ConsentOnRecord(ProxyGrant Grant, Resident Other);

/// <summary>
/// A resident as the counter sees them: the record (shown masked), whether they are a minor and who
/// their guardian is, the standing consents they gave and hold, and whether this clerk may record a
/// new consent (only the office of the resident's home may, as with CreateProxyGrant).
/// </summary>
public sealed record CounterCard(Resident Resident, bool IsMinor, Resident? Guardian, IReadOnlyList<ConsentOnRecord> ActForThem,
    IReadOnlyList<ConsentOnRecord> TheyActFor, bool MayRecordConsent);

/// <summary>Who made a booking: its resource name (residents/…, staff/…) and a name to show (a resident's masked); <see cref="ByTheResident"/> when it was their own.</summary>
public sealed record BookingMaker(string ResourceName, string Name, bool ByTheResident);

/// <summary>A booking as the counter shows it: its state now, who made it, and what the clerk can do with it now.</summary>
public sealed record CounterBooking(Booking Booking, BookingState State, BookingMaker MadeBy, bool MayCancel, bool CheckInOpen);

/// <summary>A facility the clerk may book for residents, with its institution's name.</summary>
public sealed record CounterFacility(Facility Facility, string InstitutionName);

public sealed record CounterFacilities(IReadOnlyList<CounterFacility> Shown, int Total);

/// <summary>
/// Counter service at a community affairs centre (社区事务受理中心), for town, subdistrict and district
/// staff (<see cref="Actor.ServesAtCounter"/>): find a resident, open their record (masked; staff who
/// oversee the resident's home, as GetResident), see their upcoming bookings at the facilities the
/// clerk oversees, cancel or check them in, book for them at a facility the clerk manages with the
/// consent the resident gave, and record a family member's standing consent. Every step is the same
/// use case the gRPC door calls (SearchResidents, GetResident, ListBookings, CreateBooking,
/// CancelBooking, CheckInBooking, CreateProxyGrant); this class adds only who serves at a counter
/// and what the counter shows together.
/// </summary>
public sealed class CounterDesk(CommunityShare.Server.Providers.RunningContracts running, CommunityShareDb db, IClock clock, ResidentRegistry residents, ProxyGrants grants, BookingDesk desk,
    CreateBooking create, Availability availability)
{
    public const int SearchPageSize = 20;
    public const int UpcomingShown = 50;
    public const int FacilitiesShown = 30;
    private const string Serve = "serve residents at the counter";
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>
    /// Residents by exact mobile or identity number, or by name among those of the places the clerk
    /// oversees; masked. A resident found by number who lives elsewhere is shown, but only the office
    /// of their home (or the district) opens their record (<see cref="CounterMatch.MayOpen"/>).
    /// </summary>
    public async Task<CounterMatches> FindAsync(Actor actor, string? query, string? pageToken, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        var page = await residents.SearchAsync(actor, query, SearchPageSize, pageToken, violations, cancellationToken);
        return new CounterMatches(page.Residents.Select(r => new CounterMatch(r, actor.Oversees(Jurisdiction.OfPlace(r.HomePlaceCode)))).ToArray(),
            page.NextPageToken);
    }

    /// <summary>The resident alone (shown masked), for the steps of serving them; the same rule as <see cref="OpenAsync"/>.</summary>
    public async Task<Resident> ResidentAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        return (await residents.GetAsync(actor, residentId, full: false, cancellationToken)).Resident;
    }

    public async Task<CounterCard> OpenAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        var resident = (await residents.GetAsync(actor, residentId, full: false, cancellationToken)).Resident;
        var today = clock.GetCurrentInstant().InZone(Shanghai).Date;
        var minor = resident.IsMinorOn(today);
        var guardian = resident.GuardianId is { } g && await ExistsAsync(g, cancellationToken) ? await residents.LoadAsync(g, cancellationToken) : null;
        var given = await grants.ListAsync(actor, residentId, null, showRevoked: false, PageToken.MaxPageSize, null, new Violations(), cancellationToken);
        var held = await grants.ListAsync(actor, null, residentId, showRevoked: false, PageToken.MaxPageSize, null, new Violations(), cancellationToken);
        var actForThem = new List<ConsentOnRecord>();
        foreach (var grant in given.Grants)
        {
            actForThem.Add(new ConsentOnRecord(grant, await residents.LoadAsync(grant.ProxyResidentId, cancellationToken)));
        }
        var theyActFor = new List<ConsentOnRecord>();
        foreach (var grant in held.Grants)
        {
            theyActFor.Add(new ConsentOnRecord(grant, await residents.LoadAsync(grant.ResidentId, cancellationToken)));
        }
        return new CounterCard(resident, minor, guardian, actForThem, theyActFor,
            actor.Manages(Jurisdiction.OfPlace(resident.HomePlaceCode)));
    }

    /// <summary>The resident's bookings that have not ended, at the facilities the clerk oversees, soonest first; cancelled and declined ones left out.</summary>
    public async Task<IReadOnlyList<CounterBooking>> UpcomingAsync(Actor actor, string residentId, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        await residents.GetAsync(actor, residentId, full: false, cancellationToken);
        var now = clock.GetCurrentInstant();
        var page = await desk.ListAsync(actor, new BookingFilter(null, residentId, [], now, null), UpcomingShown, null, new Violations(),
            cancellationToken);
        var shown = page.Bookings.Where(b => b.StateAt(now) is not (BookingState.Cancelled or BookingState.Declined)).ToArray();
        return await DescribeAsync(shown, now, cancellationToken);
    }

    /// <summary>One booking of the resident, as the counter shows it after making it: who made it and with what consent.</summary>
    public async Task<(Resident Resident, CounterBooking Booking)> BookingAsync(Actor actor, string residentId, string facilityId, string bookingId,
        CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        var resident = (await residents.GetAsync(actor, residentId, full: false, cancellationToken)).Resident;
        var booking = await desk.GetAsync(actor, facilityId, bookingId, cancellationToken);
        if (booking.ResidentId != residentId)
        {
            throw Problem.NotFound(ResourceNames.Booking(facilityId, bookingId));
        }
        return (resident, (await DescribeAsync([booking], clock.GetCurrentInstant(), cancellationToken))[0]);
    }

    /// <summary>Cancels (with an optional reason) or checks in (with the code the resident shows) one of the resident's bookings.</summary>
    public async Task<Booking> ActAsync(Actor actor, string residentId, string facilityId, string bookingId, BookingAction action, string argument,
        Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        if (action is not (BookingAction.Cancel or BookingAction.CheckIn))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "The counter cancels and checks in; approval is the institution's.");
        }
        await residents.GetAsync(actor, residentId, full: false, cancellationToken);
        var booking = await desk.GetAsync(actor, facilityId, bookingId, cancellationToken);
        if (booking.ResidentId != residentId)
        {
            throw Problem.NotFound(ResourceNames.Booking(facilityId, bookingId));
        }
        return await desk.ActAsync(actor, facilityId, bookingId, action, argument, null, violations, cancellationToken);
    }

    /// <summary>
    /// Facilities the clerk manages (and so may book for residents), by kind and by a word of the
    /// facility's or its institution's name; the first <see cref="FacilitiesShown"/> by institution and name.
    /// </summary>
    public async Task<CounterFacilities> FacilitiesAsync(Actor actor, FacilityKind? kind, string? text, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var institutions = await db.Institutions.AsNoTracking().Select(i => new { i.Id, i.Name }).ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
        var matching = (await availability.CatalogueAsync(cancellationToken))
            .Where(f => actor.Manages(running.JurisdictionOf(f)) && (kind is null || f.Kind == kind))
            .Select(f => new CounterFacility(f, institutions.GetValueOrDefault(f.InstitutionId, f.InstitutionId)))
            .Where(f => words.All(w => f.Facility.Name.Contains(w, StringComparison.OrdinalIgnoreCase)
                                       || f.InstitutionName.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(f => f.Facility.PlaceCode, StringComparer.Ordinal).ThenBy(f => f.Facility.InstitutionId, StringComparer.Ordinal)
            .ThenBy(f => f.Facility.Id, StringComparer.Ordinal)
            .ToArray();
        return new CounterFacilities(matching.Take(FacilitiesShown).ToArray(), matching.Length);
    }

    /// <summary>One facility the clerk manages, with its slots on a day for a party of that size (the same slots the resident pages show).</summary>
    public async Task<(CounterFacility Facility, IReadOnlyList<SlotView> Slots)> SlotsAsync(Actor actor, string facilityId, LocalDate date, int partySize,
        CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        var facility = (await availability.CatalogueAsync(cancellationToken)).FirstOrDefault(f => f.Id == facilityId)
                       ?? throw Problem.NotFound(ResourceNames.Facility(facilityId));
        actor.RequireManage(running.JurisdictionOf(facility), "book for residents at this facility");
        var institution = await db.Institutions.AsNoTracking().Where(i => i.Id == facility.InstitutionId).Select(i => i.Name)
            .FirstOrDefaultAsync(cancellationToken) ?? facility.InstitutionId;
        var (slots, _) = await availability.ForFacilityAsync(facilityId, new DateInterval(date, date), availableOnly: false, partySize, cancellationToken);
        return (new CounterFacility(facility, institution), slots);
    }

    /// <summary>
    /// Books for the resident as <see cref="CreateBooking"/> does for any caller: the booking is the
    /// resident's, made by the clerk, with the consent the resident gave (<see cref="BookingDraft.Consent"/>).
    /// <paramref name="violations"/> holds what the form already found; all problems come back together.
    /// </summary>
    public async Task<Booking> BookAsync(Actor actor, string residentId, BookingDraft draft, RequestKey? requestKey, Violations violations,
        CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        await residents.GetAsync(actor, residentId, full: false, cancellationToken);
        return await create.HandleAsync(actor, draft with { ResidentId = residentId }, requestKey, violations, cancellationToken);
    }

    /// <summary>
    /// Records a family member's standing consent for the resident (CreateProxyGrant, by staff, with the
    /// note of how the resident consented). The family member is found by the mobile or identity
    /// number they show at the counter.
    /// </summary>
    public async Task<ProxyGrant> RecordConsentAsync(Actor actor, string residentId, string? proxyNumber, string? relationship, string? consentNote,
        RequestKey? requestKey, Violations violations, CancellationToken cancellationToken)
    {
        actor.RequireCounterService(Serve);
        var number = proxyNumber?.Trim() ?? "";
        string? proxyId = null;
        if (number.Length > 0)
        {
            if (!Resident.IsValidMobile(number) && !IdentityNumber.TryParse(number.ToUpperInvariant(), out _))
            {
                violations.Add("proxy_grant.proxy", Reasons.InvalidFormat, "must be the family member's mobile number or identity number.");
            }
            else
            {
                var found = await residents.SearchAsync(actor, number, 2, null, new Violations(), cancellationToken);
                if (found.Residents.Count == 1)
                {
                    proxyId = found.Residents[0].Id;
                }
                else
                {
                    violations.Add("proxy_grant.proxy", found.Residents.Count == 0 ? Reasons.NotFound : Reasons.Ambiguous,
                        found.Residents.Count == 0
                            ? "no registered resident has this number: the family member registers first."
                            : "several residents have this mobile number: use the identity number.");
                }
            }
        }
        return await grants.CreateAsync(actor, residentId, new ProxyGrantDraft(proxyId, relationship, consentNote), requestKey, violations,
            cancellationToken);
    }

    private async Task<bool> ExistsAsync(string residentId, CancellationToken cancellationToken) =>
        await db.Set<ResidentRecord>().AnyAsync(r => r.Id == residentId, cancellationToken);

    private async Task<IReadOnlyList<CounterBooking>> DescribeAsync(IReadOnlyList<Booking> bookings, Instant now, CancellationToken cancellationToken)
    {
        var staffIds = bookings.Select(b => b.CreatedBy).Where(c => c.StartsWith("staff/", StringComparison.Ordinal))
            .Select(c => c["staff/".Length..]).Distinct().ToArray();
        var residentIds = bookings.Select(b => b.CreatedBy).Where(c => c.StartsWith("residents/", StringComparison.Ordinal))
            .Select(c => c["residents/".Length..]).Distinct().ToArray();
        var staffNames = await db.Users.AsNoTracking().Where(a => staffIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        var residentNames = await db.Set<ResidentRecord>().AsNoTracking().Where(r => residentIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => Resident.MaskName(r.Name), cancellationToken);
        return bookings.Select(b =>
        {
            var id = b.CreatedBy[(b.CreatedBy.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var name = b.CreatedBy.StartsWith("staff/", StringComparison.Ordinal)
                ? staffNames.GetValueOrDefault(id, b.CreatedBy)
                : residentNames.GetValueOrDefault(id, b.CreatedBy);
            var maker = new BookingMaker(b.CreatedBy, name, b.CreatedBy == ResourceNames.Resident(b.ResidentId));
            return new CounterBooking(b, b.StateAt(now), maker, b.MayCancelAt(now), b.CheckInOpenAt(now));
        }).ToArray();
    }
}
