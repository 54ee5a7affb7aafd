using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Residents;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using Grpc.Core;
using NodaTime;
using DomainProxyConsent = CommunityShare.Domain.Residents.ProxyConsent;
using DomainRuleViolation = CommunityShare.Domain.RuleViolation;
using ProtoBooking = CommunityShare.Contracts.V1.Booking;
using ProtoProxyConsent = CommunityShare.Contracts.V1.ProxyConsent;
using ProtoSeries = CommunityShare.Contracts.V1.BookingSeries;

namespace CommunityShare.Server.Bookings;

public sealed class SeriesGrpcService(CreateBookingSeries create, SeriesDesk desk, IClock clock) : BookingSeriesService.BookingSeriesServiceBase
{
    public override async Task<ProtoSeries> CreateBookingSeries(CreateBookingSeriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var s = request.BookingSeries ?? new ProtoSeries();
        violations.Check(request.BookingSeries is null, "booking_series", Reasons.Required, "is required.");
        var resident = ResourceNames.ParseOptional(s.Resident, "residents", "booking_series.resident", violations);
        var days = new List<IsoDayOfWeek>();
        for (var i = 0; i < s.DaysOfWeek.Count; i++)
        {
            if (violations.Check(!s.DaysOfWeek[i].TryToIsoDayOfWeek(out var day), $"booking_series.days_of_week[{i}]", Reasons.OutOfRange,
                    "must be MONDAY to SUNDAY."))
            {
                days.Add(day);
            }
        }
        LocalTime? start = null;
        if (s.StartTime is not null)
        {
            start = violations.Check(!s.StartTime.TryToLocalTime(out var t, out var endOfDay) || endOfDay, "booking_series.start_time", Reasons.OutOfRange,
                "must be 00:00 to 23:59.") ? t : null;
        }
        var first = ReadDate(s.FirstDate, "booking_series.first_date", violations);
        var last = ReadDate(s.LastDate, "booking_series.last_date", violations);
        violations.Check(s.PartySize is < 1 or > BookingGrpcService.MaxPartySize, "booking_series.party_size", Reasons.OutOfRange,
            $"must be 1 to {BookingGrpcService.MaxPartySize} people.");
        DomainProxyConsent? consent = null;
        if (s.ProxyConsent is { } stated)
        {
            var method = ProtoEnums.Optional<ProtoProxyConsent.Types.Method, ProxyConsentMethod>(stated.Method, "booking_series.proxy_consent.method", violations);
            consent = method is null ? null : new DomainProxyConsent(method.Value, stated.Note);
        }
        var key = RequestLedger.KeyFor(actor, nameof(CreateBookingSeries), request.RequestId, request, violations);
        if (facilityId is null)
        {
            violations.ThrowIfAny();
        }
        var draft = new SeriesDraft(facilityId!, resident, s.DisplayName, days, start, s.Slots, first, last, s.PartySize, consent);
        var view = await create.HandleAsync(actor, draft, key, violations, context.CancellationToken);
        return view.ToProto(clock.GetCurrentInstant());
    }

    public override async Task<ProtoSeries> GetBookingSeries(GetBookingSeriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/bookingSeries/{}", "name", violations);
        violations.ThrowIfAny();
        return (await desk.GetAsync(actor, ids![0], ids[1], context.CancellationToken)).ToProto(clock.GetCurrentInstant());
    }

    public override async Task<ListBookingSeriesResponse> ListBookingSeries(ListBookingSeriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = request.Parent == "facilities/-" ? null : ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var resident = ResourceNames.ParseOptional(request.Resident, "residents", "resident", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await desk.ListAsync(actor, facilityId, resident, pageSize, request.PageToken, violations, context.CancellationToken);
        var now = clock.GetCurrentInstant();
        return new ListBookingSeriesResponse { BookingSeries = { page.Series.Select(v => v.ToProto(now)) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoSeries> CancelBookingSeries(CancelBookingSeriesRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/bookingSeries/{}", "name", violations);
        LocalDate? date = request.Date is null ? null : ReadDate(request.Date, "date", violations);
        var extent = ProtoEnums.Optional<CancelBookingSeriesRequest.Types.Extent, SeriesExtent>(request.Extent, "extent", violations);
        var key = RequestLedger.KeyFor(actor, nameof(CancelBookingSeries), request.RequestId, request, violations);
        if (ids is null)
        {
            violations.ThrowIfAny();
        }
        var view = await desk.CancelAsync(actor, ids![0], ids[1], date, extent == SeriesExtent.OnlyThis, request.Reason, key, violations,
            context.CancellationToken);
        return view.ToProto(clock.GetCurrentInstant());
    }

    private static LocalDate? ReadDate(Google.Type.Date? date, string field, Violations violations) =>
        date is null ? null : violations.Check(!date.TryToLocalDate(out var d), field, Reasons.InvalidFormat, "must be a valid date.") ? d : null;

    /// <summary>CancelBookingSeriesRequest.Extent's numbers.</summary>
    private enum SeriesExtent
    {
        ThisAndFollowing = 1,
        OnlyThis = 2,
    }
}

internal static class SeriesMapping
{
    public static ProtoSeries ToProto(this SeriesView view, Instant now)
    {
        var s = view.Series;
        var proto = new ProtoSeries
        {
            Name = ResourceNames.BookingSeries(s.FacilityId, s.Id),
            Resident = ResourceNames.Resident(s.ResidentId),
            DisplayName = s.DisplayName,
            DaysOfWeek = { s.Pattern.Days.Select(d => d.ToProtoDayOfWeek()) },
            StartTime = s.StartTime.ToProtoTimeOfDay(),
            Slots = s.Slots,
            FirstDate = s.FirstDate.ToProtoDate(),
            LastDate = s.LastDate.ToProtoDate(),
            PartySize = s.PartySize,
            ProxyConsent = s.ConsentMethod == ProxyConsentMethod.None ? null
                : new ProtoProxyConsent { Method = (ProtoProxyConsent.Types.Method)(int)s.ConsentMethod, Note = s.ConsentNote },
            TimeZone = view.Facility.TimeZoneId,
            State = (ProtoSeries.Types.State)(int)view.StateAt(now),
            CreatedBy = s.CreatedBy == ResourceNames.Resident(s.ResidentId) ? "" : s.CreatedBy,
            CancelledFromDate = s.CancelledFrom?.ToProtoDate(),
            CreateTime = ProtoTime.ToTimestamp(s.CreateTime),
            UpdateTime = ProtoTime.ToTimestamp(s.UpdateTime),
            Etag = Etags.Of(s.Version),
        };
        proto.Occurrences.Add(view.Occurrences.Select(o => new ProtoSeries.Types.Occurrence
        {
            Date = o.Occurrence.Date.ToProtoDate(),
            StartTime = ProtoTime.ToTimestamp(o.Occurrence.Start),
            EndTime = ProtoTime.ToTimestamp(o.Occurrence.End),
            State = (ProtoSeries.Types.Occurrence.Types.State)(int)o.State,
            Booking = o.Booking is { } b ? ResourceNames.Booking(b.FacilityId, b.Id) : "",
            BookingState = o.Booking is { } booking ? (ProtoBooking.Types.State)(int)booking.StateAt(now) : ProtoBooking.Types.State.Unspecified,
            Rejections = { o.Occurrence.Rejections.Select(r => r.ToProto()) },
            ReleaseTime = o.Occurrence.ReleaseTime is { } release ? ProtoTime.ToTimestamp(release) : null,
        }));
        return proto;
    }

    public static BrokenRule ToProto(this DomainRuleViolation rule) => new()
    {
        Reason = rule.Reason,
        Description = rule.Description,
        Metadata = { rule.Metadata.ToDictionary() },
    };
}
