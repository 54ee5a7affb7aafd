using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Credit;
using CommunityShare.Server.Data;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Bookings;

/// <summary>The <c>Waitlist</c> settings.</summary>
public sealed class WaitlistSettings
{
    public const string Section = "Waitlist";

    /// <summary>How long an offer stands (cut short by the facility's minimum notice before the slot).</summary>
    public int OfferMinutes { get; set; } = 30;

    /// <summary>No offer is made with less time than this to accept it; the place is then simply free.</summary>
    public int ShortestOfferMinutes { get; set; } = 5;

    /// <summary>How many entries a resident may have waiting or offered at once.</summary>
    public int MaxEntriesPerResident { get; set; } = 3;

    /// <summary>How often the sweep looks for lapsed offers (real time); what it decides goes by the injected clock.</summary>
    public int SweepSeconds { get; set; } = 30;

    public OfferTerms Terms => new(Duration.FromMinutes(OfferMinutes), Duration.FromMinutes(ShortestOfferMinutes));
}

/// <summary>Places freed on a facility for a time (a cancellation, a decline, a no-show, a lapsed offer): what the line may now be offered.</summary>
public readonly record struct FreedPlace(string FacilityId, Interval Slot);

/// <summary>
/// Offers free places to the waitlist. It runs only inside a guarded write (<see cref="IBookingGuard"/>),
/// on that write's database and right after the change that freed the places, so that who holds what
/// is read and decided in the one place every booking is decided: a freed place is offered once, and
/// nobody can book it between the change and the offer. An offer holds its places as a booking in
/// state <see cref="BookingState.Offered"/>, and the resident is told through the notification
/// channel of the same unit of work (template <see cref="OfferTemplate"/>).
/// </summary>
public sealed class WaitlistOffers(FacilitySnapshots snapshots, CreditRecords credit, NotificationChannelOn channelOn, IOptions<WaitlistSettings> settings)
{
    public const string OfferTemplate = "waitlist.offer";

    /// <summary>Offers the places freed to the entries waiting on the freed facilities' families; returns how many offers were made.</summary>
    public async Task<int> OfferFreedAsync(CommunityShareDb db, IReadOnlyCollection<FreedPlace> freed, Instant now, CancellationToken cancellationToken)
    {
        if (freed.Count == 0)
        {
            return 0;
        }
        // Whatever freed the places is saved first, so that it is read back below.
        await db.SaveChangesAsync(cancellationToken);
        var families = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var id in freed.Select(f => f.FacilityId).Distinct())
        {
            families[id] = (await snapshots.GetAsync(db, id, now, cancellationToken)).Family;
        }
        var facilityIds = families.Values.SelectMany(f => f).Distinct().ToArray();
        var from = freed.Min(f => f.Slot.Start);
        var to = freed.Max(f => f.Slot.End);
        var candidates = await db.WaitlistEntries
            .Where(w => facilityIds.Contains(w.FacilityId) && w.State == WaitlistEntryState.Waiting && w.Start < to && w.End > from)
            .ToListAsync(cancellationToken);
        var waiting = candidates
            .Where(w => freed.Any(f => families[f.FacilityId].Contains(w.FacilityId) && Admission.Overlaps(f.Slot, w.Slot)))
            .ToList();
        return await OfferFreeAsync(db, waiting, now, cancellationToken);
    }

    /// <summary>
    /// Offers whatever is free now to <paramref name="waiting"/> (entries tracked by <paramref name="db"/>),
    /// first come first served (<see cref="Waitlist.Allocate"/>), and closes the entries no offer can
    /// reach in time any more. Saves; returns how many offers were made.
    /// </summary>
    public async Task<int> OfferFreeAsync(CommunityShareDb db, IReadOnlyCollection<WaitlistEntry> waiting, Instant now, CancellationToken cancellationToken)
    {
        // A facility removed while residents waited for it has no place to offer: its lines close.
        var lineIds = waiting.Select(w => w.FacilityId).Distinct().ToArray();
        var standing = await db.Facilities.AsNoTracking().Where(f => lineIds.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken);
        foreach (var gone in waiting.Where(w => !standing.Contains(w.FacilityId)))
        {
            gone.Close(now);
        }
        waiting = waiting.Where(w => standing.Contains(w.FacilityId)).ToArray();
        if (waiting.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }
        var facilities = new Dictionary<string, FacilitySnapshot>(StringComparer.Ordinal);
        foreach (var id in lineIds.Where(standing.Contains))
        {
            facilities[id] = await snapshots.GetAsync(db, id, now, cancellationToken);
            foreach (var member in facilities[id].Family.Where(m => !facilities.ContainsKey(m)).ToArray())
            {
                facilities[member] = await snapshots.GetAsync(db, member, now, cancellationToken);
            }
        }

        // Who holds what on those families around the slots: bookings and the offers already made.
        var familyIds = facilities.Keys.ToArray();
        var from = waiting.Min(w => w.Start) - Booking.LongestPossible;
        var to = waiting.Max(w => w.End);
        var held = await db.Bookings.AsNoTracking()
            .Where(b => familyIds.Contains(b.FacilityId) && Booking.HoldingStates.Contains(b.State) && b.Start < to && b.End > from)
            .Select(b => new { b.FacilityId, b.Start, b.End, b.PartySize })
            .ToListAsync(cancellationToken);
        var occupants = held.Select(b => new Occupant(b.FacilityId, new Interval(b.Start, b.End),
            facilities[b.FacilityId].Facility.IsExclusive ? 1 : b.PartySize)).ToArray();

        // A resident barred by their credit standing is not offered a place they could not take. Standings
        // are read only for those an offer would go to (inside the guard, every read counts), until the
        // offers go only to residents whose standing is known and allows it.
        var standings = new Dictionary<string, Domain.Credit.CreditStanding>(StringComparer.Ordinal);
        Allocation allocation;
        while (true)
        {
            var line = waiting.Select(entry =>
            {
                var (facility, family, blackouts) = facilities[entry.FacilityId];
                var eligible = !standings.TryGetValue(entry.ResidentId, out var known) || Admission.CheckCredit(facility, known) is null;
                return new WaitingFor(entry, facility, family, blackouts.ToArray(), eligible);
            });
            allocation = Waitlist.Allocate(line, occupants, settings.Value.Terms, now);
            var unknown = allocation.Offers.Select(o => o.Entry.ResidentId).Where(r => !standings.ContainsKey(r)).Distinct().ToArray();
            if (unknown.Length == 0)
            {
                break;
            }
            foreach (var residentId in unknown)
            {
                standings[residentId] = await credit.StandingAsync(db, residentId, now, cancellationToken);
            }
        }
        foreach (var entry in allocation.OutOfTime)
        {
            entry.Close(now);
        }
        var holds = new List<(PlaceOffer Offer, Booking Hold)>();
        foreach (var offer in allocation.Offers)
        {
            var entry = offer.Entry;
            var hold = new Booking(Ids.New(), entry.FacilityId, entry.ResidentId, entry.Slot, entry.PartySize, BookingState.Offered, Ids.CheckInCode(),
                entry.CreatedBy, entry.Start - offer.Facility.Rules.CancellationDeadline, now);
            db.Bookings.Add(hold);
            entry.Offer(hold.Id, offer.Deadline, now);
            holds.Add((offer, hold));
        }
        await db.SaveChangesAsync(cancellationToken);
        await TellAsync(db, holds, now, cancellationToken);
        return holds.Count;
    }

    /// <summary>Each resident offered a place is told what, where, until when, and where to accept it.</summary>
    private async Task TellAsync(CommunityShareDb db, List<(PlaceOffer Offer, Booking Hold)> holds, Instant now, CancellationToken cancellationToken)
    {
        if (holds.Count == 0)
        {
            return;
        }
        var residentIds = holds.Select(h => h.Hold.ResidentId).Distinct().ToArray();
        var mobiles = await db.Set<Residents.ResidentRecord>().AsNoTracking().Where(r => residentIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.Mobile, StringComparer.Ordinal, cancellationToken);
        var channel = channelOn(db);
        foreach (var (offer, hold) in holds)
        {
            // A resident without a real-name record has no number to text; the offer is on their waitlist page.
            if (!mobiles.TryGetValue(hold.ResidentId, out var mobile) || mobile.Length == 0)
            {
                continue;
            }
            var zone = offer.Facility.Zone;
            var text = $"【社区共享】候补到号：{offer.Facility.Name} {Local(hold.Start, zone)}–{LocalTime.Format(hold.End.InZone(zone).TimeOfDay)}"
                       + $"（{hold.PartySize}人）的名额已为您保留至 {Local(offer.Deadline, zone)}，请在此前到“我的候补”（/waitlist）确认；逾期未确认，名额将顺延给下一位。";
            await channel.SendAsync(new OutgoingMessage(new MessageRecipient(ResourceNames.Resident(hold.ResidentId), mobile), OfferTemplate, text, now),
                cancellationToken);
        }
    }

    private static readonly LocalDateTimePattern LocalDateTime = LocalDateTimePattern.CreateWithInvariantCulture("M'月'd'日' HH:mm");
    private static readonly LocalTimePattern LocalTime = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private static string Local(Instant instant, DateTimeZone zone) => LocalDateTime.Format(instant.InZone(zone).LocalDateTime);
}
