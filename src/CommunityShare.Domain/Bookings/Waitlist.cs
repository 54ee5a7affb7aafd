using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Bookings;

/// <summary>How long an offer stands: <see cref="Window"/>, cut short by the facility's minimum notice; never shorter than <see cref="Shortest"/>.</summary>
public sealed record OfferTerms(Duration Window, Duration Shortest)
{
    public static readonly OfferTerms Default = new(Duration.FromMinutes(30), Duration.FromMinutes(5));
}

/// <summary>
/// An entry waiting, with what deciding an offer for it needs: its facility, the facility's family
/// (itself, its whole and its parts), the facility's blackouts, and whether its resident may be
/// offered a place now (a credit bar says no).
/// </summary>
public sealed record WaitingFor(WaitlistEntry Entry, Facility Facility, IReadOnlyCollection<string> Family, IReadOnlyCollection<Blackout> Blackouts,
    bool Eligible = true);

/// <summary>A place to hold for <see cref="Entry"/> until <see cref="Deadline"/>.</summary>
public sealed record PlaceOffer(WaitlistEntry Entry, Facility Facility, Instant Deadline);

/// <summary>What the line gets from the places free now: offers, and the entries for which no offer can come in time any more.</summary>
public sealed record Allocation(IReadOnlyList<PlaceOffer> Offers, IReadOnlyList<WaitlistEntry> OutOfTime);

/// <summary>The waitlist's rules: the order of the line, how long an offer stands, and who gets the places that are free.</summary>
public static class Waitlist
{
    /// <summary>First come, first served: the waiting entries by join time, then id (so that the order is total).</summary>
    public static IEnumerable<WaitlistEntry> InLine(IEnumerable<WaitlistEntry> entries) => entries
        .Where(e => e.State == WaitlistEntryState.Waiting)
        .OrderBy(e => e.CreateTime)
        .ThenBy(e => e.Id, StringComparer.Ordinal);

    /// <summary>Where <paramref name="entry"/> stands among those waiting for the same slot of the same facility (1 is next); 0 when it is not waiting.</summary>
    public static int PositionOf(WaitlistEntry entry, IEnumerable<WaitlistEntry> others)
    {
        if (entry.State != WaitlistEntryState.Waiting)
        {
            return 0;
        }
        var line = InLine(others.Where(o => o.FacilityId == entry.FacilityId && o.Start == entry.Start && o.End == entry.End && o.Id != entry.Id)
            .Append(entry)).ToList();
        return line.FindIndex(e => e.Id == entry.Id) + 1;
    }

    /// <summary>
    /// The deadline of an offer made at <paramref name="now"/>: <see cref="OfferTerms.Window"/> from
    /// now, but never after the last moment the slot could be booked (its start less the minimum
    /// notice); null when that leaves less than <see cref="OfferTerms.Shortest"/>, and the place is
    /// then simply free.
    /// </summary>
    public static Instant? OfferDeadline(Instant now, Interval slot, Duration minimumNotice, OfferTerms terms)
    {
        var lastBooking = slot.Start - minimumNotice;
        var deadline = now + terms.Window < lastBooking ? now + terms.Window : lastBooking;
        return deadline - now >= terms.Shortest ? deadline : null;
    }

    /// <summary>
    /// Who gets the places free now. Walks the line in order and offers a place to each entry whose
    /// party fits what is free on its facility (its whole and parts included), counting the places
    /// held by the offers made before it; an entry that does not fit keeps its place in line and the
    /// next one is tried. Entries too close to their slot for an offer are listed to be closed; those
    /// not eligible, or whose slot is closed now (a blackout, changed hours), wait on.
    /// </summary>
    /// <param name="held">Every place held on the families of the waiting entries (bookings and offers), around their slots.</param>
    public static Allocation Allocate(IEnumerable<WaitingFor> waiting, IEnumerable<Occupant> held, OfferTerms terms, Instant now)
    {
        var byEntry = waiting.ToDictionary(w => w.Entry.Id, StringComparer.Ordinal);
        var holding = held.ToList();
        var offers = new List<PlaceOffer>();
        var outOfTime = new List<WaitlistEntry>();
        foreach (var entry in InLine(byEntry.Values.Select(w => w.Entry)))
        {
            var w = byEntry[entry.Id];
            if (OfferDeadline(now, entry.Slot, w.Facility.Rules.MinimumNotice, terms) is not { } deadline)
            {
                outOfTime.Add(entry);
                continue;
            }
            if (!w.Eligible || Admission.CheckTiming(w.Facility, w.Blackouts, entry.Slot, entry.PartySize, now).Count > 0)
            {
                continue;
            }
            var family = holding.Where(o => w.Family.Contains(o.FacilityId)).ToArray();
            if (Admission.CheckOccupancy(w.Facility, entry.Slot, entry.PartySize, family, new ResidentLoad(0, 0)).Count > 0)
            {
                continue;
            }
            offers.Add(new PlaceOffer(entry, w.Facility, deadline));
            holding.Add(new Occupant(w.Facility.Id, entry.Slot, w.Facility.IsExclusive ? 1 : entry.PartySize));
        }
        return new Allocation(offers, outOfTime);
    }
}
