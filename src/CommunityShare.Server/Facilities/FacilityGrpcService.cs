using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Server.Data;
using CommunityShare.Server.Grpc;
using CommunityShare.Server.Identity;
using CommunityShare.Server.Providers;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodaTime;
using DateOverride = CommunityShare.Domain.Facilities.DateOverride;
using TimeRange = CommunityShare.Domain.Facilities.TimeRange;
using WeeklyWindow = CommunityShare.Domain.Facilities.WeeklyWindow;
using DomainAccessibility = CommunityShare.Domain.Facilities.Accessibility;
using DomainBlackout = CommunityShare.Domain.Facilities.Blackout;
using DomainRules = CommunityShare.Domain.Facilities.BookingRules;
using ProtoAccessibility = CommunityShare.Contracts.V1.Accessibility;
using ProtoBlackout = CommunityShare.Contracts.V1.Blackout;
using ProtoFacility = CommunityShare.Contracts.V1.Facility;
using ProtoRules = CommunityShare.Contracts.V1.BookingRules;
using ProtoLotteryRules = CommunityShare.Contracts.V1.LotteryRules;
using LotteryRules = CommunityShare.Domain.Facilities.LotteryRules;

namespace CommunityShare.Server.Facilities;

public sealed class FacilityGrpcService(CommunityShare.Server.Providers.RunningContracts running, FacilityCatalog catalog, Availability availability) : FacilityService.FacilityServiceBase
{
    public override async Task<ProtoFacility> GetFacility(GetFacilityRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "facilities", "name", violations);
        violations.ThrowIfAny();
        return (await catalog.GetAsync(id!, context.CancellationToken)).ToProto().WithOperator(running);
    }

    public override async Task<ListFacilitiesResponse> ListFacilities(ListFacilitiesRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var place = ResourceNames.ParseOptional(request.Place, "places", "place", violations);
        var institution = ResourceNames.ParseOptional(request.Institution, "institutions", "institution", violations);
        var kind = ProtoEnums.Optional<ProtoFacility.Types.Kind, FacilityKind>(request.Kind, "kind", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        var page = await catalog.ListAsync(place, institution, kind, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListFacilitiesResponse { Facilities = { page.Facilities.Select(f => f.ToProto().WithOperator(running)) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<ProtoFacility> CreateFacility(CreateFacilityRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var f = request.Facility ?? new ProtoFacility();
        var draft = FacilityReading.Read(f, FacilityCatalog.UpdatablePaths, violations) with
        {
            Id = string.IsNullOrEmpty(request.FacilityId) ? null : request.FacilityId,
            InstitutionId = ResourceNames.ParseOptional(f.Institution, "institutions", "facility.institution", violations),
            ParentFacilityId = ResourceNames.ParseOptional(f.ParentFacility, "facilities", "facility.parent_facility", violations),
        };
        var key = RequestLedger.KeyFor(actor, nameof(CreateFacility), request.RequestId, request, violations);
        return (await catalog.CreateAsync(actor, draft, key, violations, context.CancellationToken)).ToProto().WithOperator(running);
    }

    public override async Task<ProtoFacility> UpdateFacility(UpdateFacilityRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var f = request.Facility ?? new ProtoFacility();
        var id = ResourceNames.ParseOne(f.Name, "facilities", "facility.name", violations);
        var paths = FieldMasks.Paths(request.UpdateMask, FacilityCatalog.UpdatablePaths, violations);
        var draft = FacilityReading.Read(f, paths, violations);
        var key = RequestLedger.KeyFor(actor, nameof(UpdateFacility), request.RequestId, request, violations);
        if (id is null)
        {
            violations.ThrowIfAny();
        }
        return (await catalog.UpdateAsync(actor, id!, new FacilityChanges(draft, paths, f.Etag), key, violations, context.CancellationToken)).ToProto().WithOperator(running);
    }

    public override async Task<Empty> DeleteFacility(DeleteFacilityRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Name, "facilities", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(DeleteFacility), request.RequestId, request, violations);
        violations.ThrowIfAny();
        await catalog.DeleteAsync(actor, id!, request.Etag, key, context.CancellationToken);
        return new Empty();
    }

    public override async Task<ProtoBlackout> CreateBlackout(CreateBlackoutRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var b = request.Blackout ?? new ProtoBlackout();
        var period = ProtoIntervals.Read(b.StartTime, b.EndTime, "blackout.start_time", "blackout.end_time", violations);
        var reason = ProtoEnums.Optional<ProtoBlackout.Types.Reason, BlackoutReason>(b.Reason, "blackout.reason", violations);
        var key = RequestLedger.KeyFor(actor, nameof(CreateBlackout), request.RequestId, request, violations);
        if (facilityId is null)
        {
            violations.ThrowIfAny();
        }
        return (await catalog.CreateBlackoutAsync(actor, facilityId!, period, reason, b.Note, key, violations, context.CancellationToken)).ToProto();
    }

    public override async Task<ListBlackoutsResponse> ListBlackouts(ListBlackoutsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var facilityId = ResourceNames.ParseOne(request.Parent, "facilities", "parent", violations);
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var page = await catalog.ListBlackoutsAsync(facilityId!, pageSize, request.PageToken, violations, context.CancellationToken);
        return new ListBlackoutsResponse { Blackouts = { page.Blackouts.Select(b => b.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<Empty> DeleteBlackout(DeleteBlackoutRequest request, ServerCallContext context)
    {
        var actor = Callers.Required(context);
        var violations = new Violations();
        var ids = ResourceNames.Parse(request.Name, "facilities/{}/blackouts/{}", "name", violations);
        var key = RequestLedger.KeyFor(actor, nameof(DeleteBlackout), request.RequestId, request, violations);
        violations.ThrowIfAny();
        await catalog.DeleteBlackoutAsync(actor, ids![0], ids[1], key, context.CancellationToken);
        return new Empty();
    }

    public override async Task<ListFacilitySlotsResponse> ListFacilitySlots(ListFacilitySlotsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var id = ResourceNames.ParseOne(request.Facility, "facilities", "facility", violations);
        var dates = ProtoIntervals.Dates(request.StartDate, request.EndDate, Availability.MaxDaysPerFacility, violations);
        violations.Check(request.PartySize < 0, "party_size", Reasons.OutOfRange, "must not be negative.");
        violations.ThrowIfAny();
        var (slots, zone) = await availability.ForFacilityAsync(id!, dates!, request.AvailableOnly, request.PartySize, context.CancellationToken);
        return new ListFacilitySlotsResponse { Slots = { slots.Select(s => s.ToProto()) }, TimeZone = zone };
    }

    public override async Task<SearchFreeSlotsResponse> SearchFreeSlots(SearchFreeSlotsRequest request, ServerCallContext context)
    {
        var violations = new Violations();
        var kind = ProtoEnums.Optional<ProtoFacility.Types.Kind, FacilityKind>(request.Kind, "kind", violations);
        var place = ResourceNames.ParseOptional(request.Place, "places", "place", violations);
        var dates = ProtoIntervals.Dates(request.StartDate, request.EndDate, Availability.MaxDaysPerSearch, violations);
        LocalTime? earliest = null, latest = null;
        var latestIsMidnight = false;
        if (request.EarliestStartTime is not null)
        {
            earliest = violations.Check(!request.EarliestStartTime.TryToLocalTime(out var t, out var endOfDay) || endOfDay,
                "earliest_start_time", Reasons.OutOfRange, "must be a time of day 00:00 to 23:59.") ? t : null;
        }
        if (request.LatestEndTime is not null)
        {
            latest = violations.Check(!request.LatestEndTime.TryToLocalTime(out var t, out latestIsMidnight),
                "latest_end_time", Reasons.OutOfRange, "must be a time of day 00:00 to 24:00.") ? t : null;
        }
        violations.Check(request.PartySize < 0, "party_size", Reasons.OutOfRange, "must not be negative.");
        var pageSize = PageToken.PageSize(request.PageSize, violations);
        violations.ThrowIfAny();
        var search = new SlotSearch(kind, place, dates!, earliest, latest, latestIsMidnight, request.PartySize, request.StepFreeAccess);
        var page = await availability.SearchAsync(search, pageSize, request.PageToken, violations, context.CancellationToken);
        return new SearchFreeSlotsResponse
        {
            Results =
            {
                page.Results.Select(r => new SearchFreeSlotsResponse.Types.FacilitySlots
                {
                    Facility = r.Facility.ToProto().WithOperator(running),
                    Slots = { r.Slots.Select(s => s.ToProto()) },
                }),
            },
            NextPageToken = page.NextPageToken,
        };
    }
}

/// <summary>Reads a proto facility into a draft, collecting every problem on its proto path.</summary>
internal static class FacilityReading
{
    public static FacilityDraft Read(ProtoFacility f, HashSet<string> paths, Violations violations)
    {
        var kind = paths.Contains("kind") ? ProtoEnums.Optional<ProtoFacility.Types.Kind, FacilityKind>(f.Kind, "facility.kind", violations) : null;
        var location = paths.Contains("location") ? ProtoGeo.Optional(f.Location, "facility.location", violations) : null;
        var a = f.Accessibility ?? new ProtoAccessibility();
        var accessibility = new DomainAccessibility(a.StepFreeAccess, a.AccessibleToilet, a.HearingLoop, a.Notes.Trim());
        var weekly = paths.Contains("weekly_windows") ? ReadWeekly(f, violations) : [];
        var overrides = paths.Contains("date_overrides") ? ReadOverrides(f, violations) : [];
        var rules = paths.Contains("rules") ? ReadRules(f.Rules, violations) : null;
        return new FacilityDraft(null, null, null, f.DisplayName, kind, f.Description, f.Capacity, accessibility, location, f.TimeZone,
            weekly, overrides, rules);
    }

    /// <summary>The windows as sent; a value that cannot be read is reported here and passed on as not given.</summary>
    private static List<WindowInput> ReadWeekly(ProtoFacility f, Violations violations) =>
        f.WeeklyWindows.Select((w, i) =>
        {
            var path = $"facility.weekly_windows[{i}]";
            IsoDayOfWeek? day = null;
            if (w.DayOfWeek != Google.Type.DayOfWeek.Unspecified)
            {
                day = violations.Check(!w.DayOfWeek.TryToIsoDayOfWeek(out var d), $"{path}.day_of_week", Reasons.OutOfRange, "must be MONDAY to SUNDAY.")
                    ? d
                    : null;
            }
            return new WindowInput(day, ReadStart(w.StartTime, path, violations), ReadEnd(w.EndTime, path, violations));
        }).ToList();

    private static List<OverrideInput> ReadOverrides(ProtoFacility f, Violations violations) =>
        f.DateOverrides.Select((o, i) =>
        {
            var path = $"facility.date_overrides[{i}]";
            LocalDate? date = null;
            if (o.Date is not null)
            {
                date = violations.Check(!o.Date.TryToLocalDate(out var d), $"{path}.date", Reasons.InvalidFormat, "must be a valid date.") ? d : null;
            }
            var windows = o.Windows.Select((w, j) => new RangeInput(
                ReadStart(w.StartTime, $"{path}.windows[{j}]", violations), ReadEnd(w.EndTime, $"{path}.windows[{j}]", violations))).ToList();
            return new OverrideInput(date, windows, o.Reason);
        }).ToList();

    private static LocalTime? ReadStart(Google.Type.TimeOfDay? time, string path, Violations violations) =>
        time is null ? null
        : violations.Check(!time.TryToLocalTime(out var t, out var endOfDay) || endOfDay, $"{path}.start_time", Reasons.OutOfRange, "must be 00:00 to 23:59.")
            ? t
            : null;

    private static LocalTime? ReadEnd(Google.Type.TimeOfDay? time, string path, Violations violations) =>
        time is null ? null
        : violations.Check(!time.TryToLocalTime(out var t, out _), $"{path}.end_time", Reasons.OutOfRange, "must be 00:00 to 24:00.")
            ? t
            : null;

    private static DomainRules ReadRules(ProtoRules? r, Violations violations)
    {
        if (r is null)
        {
            return DomainRules.Default;
        }
        var d = DomainRules.Default;
        var release = d.ReleaseTime;
        if (r.ReleaseTime is not null)
        {
            violations.Check(!r.ReleaseTime.TryToLocalTime(out release, out var endOfDay) || endOfDay, "facility.rules.release_time",
                Reasons.OutOfRange, "must be 00:00 to 23:59.");
        }
        return new DomainRules
        {
            SlotLength = r.SlotLength?.ToNodaDuration() ?? d.SlotLength,
            MaxSlotsPerBooking = r.MaxSlotsPerBooking == 0 ? d.MaxSlotsPerBooking : r.MaxSlotsPerBooking,
            BookingHorizonDays = r.BookingHorizonDays,
            ReleaseTime = release,
            MinimumNotice = r.MinimumNotice?.ToNodaDuration() ?? NodaTime.Duration.Zero,
            CancellationDeadline = r.CancellationDeadline?.ToNodaDuration() ?? NodaTime.Duration.Zero,
            MaxActiveBookings = r.MaxActiveBookings,
            MaxBookingsPerWeek = r.MaxBookingsPerWeek,
            ApprovalRequired = r.ApprovalRequired,
            MaxPartySize = r.MaxPartySize,
            HighDemand = r.HighDemand,
            CommitmentAdmission = r.CommitmentAdmission,
            Lottery = ReadLottery(r.Lottery, violations),
        };
    }

    private static LotteryRules ReadLottery(ProtoLotteryRules? l, Violations violations)
    {
        if (l is null)
        {
            return LotteryRules.Off;
        }
        const string path = "facility.rules.lottery";
        var from = LocalTime.Midnight;
        var until = LocalTime.Midnight;
        if (l.SeniorStartTime is not null)
        {
            violations.Check(!l.SeniorStartTime.TryToLocalTime(out from, out var endOfDay) || endOfDay, $"{path}.senior_start_time", Reasons.OutOfRange,
                "must be 00:00 to 23:59.");
        }
        if (l.SeniorEndTime is not null)
        {
            violations.Check(!l.SeniorEndTime.TryToLocalTime(out until, out _), $"{path}.senior_end_time", Reasons.OutOfRange, "must be 00:00 to 24:00.");
        }
        return new LotteryRules
        {
            Enabled = l.Enabled,
            ApplicationDays = l.ApplicationDays,
            HostAreaWeight = Hundredths(l.HostAreaWeight, $"{path}.host_area_weight", violations),
            SeniorWeight = Hundredths(l.SeniorWeight, $"{path}.senior_weight", violations),
            SeniorFrom = from,
            SeniorUntil = until,
            HouseholdCap = l.HouseholdCap,
        };
    }

    /// <summary>A weight as hundredths: unset (0) is 1, no preference; more than two decimals is refused rather than rounded.</summary>
    private static int Hundredths(double weight, string field, Violations violations)
    {
        if (weight == 0)
        {
            return LotteryRules.NoPreference;
        }
        var hundredths = Math.Round(weight * 100);
        violations.Check(double.IsNaN(weight) || Math.Abs((weight * 100) - hundredths) > 1e-6, field, Reasons.OutOfRange,
            "must be 1 to 10 in steps of 0.01.");
        return hundredths is > int.MaxValue or < int.MinValue || double.IsNaN(hundredths) ? 0 : (int)hundredths;
    }
}

internal static class FacilityMapping
{
    public static ProtoFacility ToProto(this FacilityView view)
    {
        var f = view.Facility;
        var proto = new ProtoFacility
        {
            Name = ResourceNames.Facility(f.Id),
            Institution = ResourceNames.Institution(f.InstitutionId),
            ParentFacility = f.ParentFacilityId is null ? "" : ResourceNames.Facility(f.ParentFacilityId),
            DisplayName = f.Name,
            Kind = (ProtoFacility.Types.Kind)(int)f.Kind,
            Description = f.Description,
            Capacity = f.Capacity,
            Accessibility = new ProtoAccessibility
            {
                StepFreeAccess = f.Accessibility.StepFreeAccess,
                AccessibleToilet = f.Accessibility.AccessibleToilet,
                HearingLoop = f.Accessibility.HearingLoop,
                Notes = f.Accessibility.Notes,
            },
            Location = f.Location?.ToProto(),
            TimeZone = f.TimeZoneId,
            Rules = f.Rules.ToProto(),
            Parts = { view.PartIds.Select(ResourceNames.Facility) },
            Etag = Etags.Of(f.Version),
            CreateTime = ProtoTime.ToTimestamp(f.CreateTime),
            UpdateTime = ProtoTime.ToTimestamp(f.UpdateTime),
        };
        proto.WeeklyWindows.Add(f.Schedule.Weekly.Select(w => new Contracts.V1.WeeklyWindow
        {
            DayOfWeek = w.Day.ToProtoDayOfWeek(),
            StartTime = w.Hours.Start.ToProtoTimeOfDay(),
            EndTime = w.Hours.End.ToProtoTimeOfDay(endOfDay: true),
        }));
        proto.DateOverrides.Add(f.Schedule.Overrides.Select(o => new Contracts.V1.DateOverride
        {
            Date = o.Date.ToProtoDate(),
            Reason = o.Reason,
            Windows = { o.Windows.Select(r => new Contracts.V1.TimeRange { StartTime = r.Start.ToProtoTimeOfDay(), EndTime = r.End.ToProtoTimeOfDay(endOfDay: true) }) },
        }));
        return proto;
    }

    public static ProtoRules ToProto(this DomainRules r) => new()
    {
        SlotLength = r.SlotLength.ToProtoDuration(),
        MaxSlotsPerBooking = r.MaxSlotsPerBooking,
        BookingHorizonDays = r.BookingHorizonDays,
        ReleaseTime = r.ReleaseTime.ToProtoTimeOfDay(),
        MinimumNotice = r.MinimumNotice.ToProtoDuration(),
        CancellationDeadline = r.CancellationDeadline.ToProtoDuration(),
        MaxActiveBookings = r.MaxActiveBookings,
        MaxBookingsPerWeek = r.MaxBookingsPerWeek,
        ApprovalRequired = r.ApprovalRequired,
        MaxPartySize = r.MaxPartySize,
        HighDemand = r.HighDemand,
        CommitmentAdmission = r.CommitmentAdmission,
        Lottery = r.Lottery.Enabled ? r.Lottery.ToProto() : null,
    };

    public static ProtoLotteryRules ToProto(this LotteryRules l) => new()
    {
        Enabled = l.Enabled,
        ApplicationDays = l.ApplicationDays,
        HostAreaWeight = l.HostAreaWeight / 100.0,
        SeniorWeight = l.SeniorWeight / 100.0,
        SeniorStartTime = l.SeniorFrom == l.SeniorUntil ? null : l.SeniorFrom.ToProtoTimeOfDay(),
        SeniorEndTime = l.SeniorFrom == l.SeniorUntil ? null : l.SeniorUntil.ToProtoTimeOfDay(endOfDay: true),
        HouseholdCap = l.HouseholdCap,
    };

    public static ProtoBlackout ToProto(this DomainBlackout b) => new()
    {
        Name = ResourceNames.Blackout(b.FacilityId, b.Id),
        StartTime = ProtoTime.ToTimestamp(b.Start),
        EndTime = ProtoTime.ToTimestamp(b.End),
        Reason = (ProtoBlackout.Types.Reason)(int)b.Reason,
        Note = b.Note,
        CreateTime = ProtoTime.ToTimestamp(b.CreateTime),
    };

    public static Slot ToProto(this SlotView s) => new()
    {
        Facility = ResourceNames.Facility(s.FacilityId),
        StartTime = ProtoTime.ToTimestamp(s.Time.Interval.Start),
        EndTime = ProtoTime.ToTimestamp(s.Time.Interval.End),
        LocalDate = s.Time.Date.ToProtoDate(),
        LocalStartTime = s.Time.LocalStart.ToProtoTimeOfDay(),
        Capacity = s.Capacity,
        RemainingPlaces = s.RemainingPlaces,
        State = (Slot.Types.State)(int)s.State,
        ReleaseTime = ProtoTime.ToTimestamp(s.ReleaseTime),
    };
}
