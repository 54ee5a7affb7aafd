using System.Globalization;
using CommunityShare.Domain;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Institutions;
using CommunityShare.Server.Facilities;
using CommunityShare.Server.Institutions;
using CommunityShare.Server.Web;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityShare.Server.Pages.Manage.Facilities;

/// <summary>
/// Publishing a facility, or changing one: what it is, its places, accessibility, opening hours for
/// each day of the week, dates that differ, and its booking rules. The page only reads what was
/// typed; <see cref="FacilityCatalog"/> checks every rule (the same as CreateFacility and
/// UpdateFacility) and every problem comes back at once on its own field, with what was typed kept.
/// </summary>
public sealed class FacilityEditModel(CommunityShare.Server.Providers.RunningContracts running, FacilityCatalog catalog, InstitutionRegistry institutions) : AppPageModel, IRedisplay, IFormFields
{
    public const int OverrideRows = 6;

    public static readonly IsoDayOfWeek[] Week =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    public sealed class OverrideRow
    {
        public string? Date { get; set; }

        /// <summary>Ranges open that day; empty: closed.</summary>
        public string? Hours { get; set; }

        public string? Reason { get; set; }
    }

    public sealed class FacilityForm
    {
        public string? DisplayName { get; set; }

        public string? Kind { get; set; }

        public string? Description { get; set; }

        public string? Capacity { get; set; }

        public string? ParentFacility { get; set; }

        public bool StepFreeAccess { get; set; }

        public bool AccessibleToilet { get; set; }

        public bool HearingLoop { get; set; }

        public string? AccessibilityNotes { get; set; }

        /// <summary>Opening hours per day of the week, Monday first: "08:00-12:00, 14:00-21:00"; empty: closed.</summary>
        public List<string?> Days { get; set; } = [.. Week.Select(_ => (string?)null)];

        public List<OverrideRow> Overrides { get; set; } = [];

        public string? SlotMinutes { get; set; }

        public string? MaxSlots { get; set; }

        public string? HorizonDays { get; set; }

        public string? ReleaseTime { get; set; }

        public string? NoticeMinutes { get; set; }

        public string? CancelHours { get; set; }

        public string? MaxActive { get; set; }

        public string? MaxPerWeek { get; set; }

        public string? MaxParty { get; set; }

        public bool ApprovalRequired { get; set; }

        public bool CommitmentAdmission { get; set; }

        public bool HighDemand { get; set; }

        /// <summary>The lottery (摇号): on, how many days applications are open, the weights (e.g. 2 or 1.5), senior hours and the household cap.</summary>
        public bool LotteryEnabled { get; set; }

        public string? LotteryDays { get; set; }

        public string? HostAreaWeight { get; set; }

        public string? SeniorWeight { get; set; }

        public string? SeniorFrom { get; set; }

        public string? SeniorUntil { get; set; }

        public string? HouseholdCap { get; set; }

        public string? Etag { get; set; }
    }

    [BindProperty]
    public FacilityForm Input { get; set; } = new();

    /// <summary>Null when publishing a new facility.</summary>
    public Facility? Existing { get; private set; }

    public Institution Institution { get; private set; } = null!;

    /// <summary>Wholes of the institution a new facility may be a part of.</summary>
    public IReadOnlyList<Facility> Wholes { get; private set; } = [];

    // Which form field each API path's entry came from, for putting problems where they were typed.
    private readonly List<IsoDayOfWeek> _windowDays = [];
    private readonly List<(int Row, int Windows)> _overrideRows = [];

    public async Task OnGetAsync(string? id, string? institution)
    {
        RequireMe();
        await LoadAsync(id, institution, HttpContext.RequestAborted);
        Input = Existing is { } f ? FormOf(f) : FormOf(null);
    }

    public async Task<IActionResult> OnPostAsync(string? id, string? institution)
    {
        var me = RequireMe();
        var cancellationToken = HttpContext.RequestAborted;
        await LoadAsync(id, institution, cancellationToken);
        var violations = new Violations();
        var draft = Read(violations);
        try
        {
            var saved = Existing is null
                ? await catalog.CreateAsync(me, draft with { InstitutionId = Institution.Id, ParentFacilityId = Blank(Input.ParentFacility) },
                    null, violations, cancellationToken)
                : await catalog.UpdateAsync(me, Existing.Id, new FacilityChanges(draft, [.. FacilityCatalog.UpdatablePaths.Except(["location"])], Input.Etag),
                    null, violations, cancellationToken);
            return Redirect($"/manage/institutions/{saved.Facility.InstitutionId}?saved={saved.Facility.Id}");
        }
        catch (Problem problem) when (problem.Reason == Reasons.EtagMismatch)
        {
            // Someone saved first: keep what was typed, and let a second save knowingly replace theirs.
            ModelState.Remove("Input.Etag");
            Input.Etag = problem.Metadata["etag"];
            throw;
        }
    }

    public Task OnRedisplayAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? FormField(string apiField)
    {
        const string windows = "facility.weekly_windows[";
        const string overrides = "facility.date_overrides[";
        if (apiField.StartsWith(windows, StringComparison.Ordinal) && Index(apiField, windows) is { } w && w < _windowDays.Count)
        {
            return $"Input.Days[{Array.IndexOf(Week, _windowDays[w])}]";
        }
        if (apiField.StartsWith(overrides, StringComparison.Ordinal) && Index(apiField, overrides) is { } o && o < _overrideRows.Count)
        {
            var row = _overrideRows[o].Row;
            return apiField.EndsWith(".date", StringComparison.Ordinal) ? $"Input.Overrides[{row}].Date"
                : apiField.EndsWith(".reason", StringComparison.Ordinal) ? $"Input.Overrides[{row}].Reason"
                : $"Input.Overrides[{row}].Hours";
        }
        return apiField switch
        {
            "facility.display_name" => "Input.DisplayName",
            "facility.kind" => "Input.Kind",
            "facility.description" => "Input.Description",
            "facility.capacity" => "Input.Capacity",
            "facility.parent_facility" => "Input.ParentFacility",
            "facility.accessibility.notes" => "Input.AccessibilityNotes",
            "facility.rules.slot_length" => "Input.SlotMinutes",
            "facility.rules.max_slots_per_booking" => "Input.MaxSlots",
            "facility.rules.booking_horizon_days" => "Input.HorizonDays",
            "facility.rules.release_time" => "Input.ReleaseTime",
            "facility.rules.minimum_notice" => "Input.NoticeMinutes",
            "facility.rules.cancellation_deadline" => "Input.CancelHours",
            "facility.rules.max_active_bookings" => "Input.MaxActive",
            "facility.rules.max_bookings_per_week" => "Input.MaxPerWeek",
            "facility.rules.max_party_size" => "Input.MaxParty",
            "facility.rules.lottery.application_days" => "Input.LotteryDays",
            "facility.rules.lottery.host_area_weight" => "Input.HostAreaWeight",
            "facility.rules.lottery.senior_weight" => "Input.SeniorWeight",
            "facility.rules.lottery.senior_start_time" => "Input.SeniorFrom",
            "facility.rules.lottery.senior_end_time" => "Input.SeniorUntil",
            "facility.rules.lottery.household_cap" => "Input.HouseholdCap",
            _ when apiField.StartsWith("Input.", StringComparison.Ordinal) => apiField,
            _ => null,
        };
    }

    private async Task LoadAsync(string? id, string? institutionId, CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            Existing = (await catalog.GetAsync(id, cancellationToken)).Facility;
            institutionId = Existing.InstitutionId;
        }
        Institution = await institutions.GetAsync(institutionId ?? "", cancellationToken);
        Wholes = Existing is null
            ? (await catalog.ListAsync(null, Institution.Id, null, 500, null, new Violations(), cancellationToken)).Facilities
                .Select(v => v.Facility).Where(f => f.ParentFacilityId is null && f.Capacity == 1).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray()
            : [];
        // The caller must oversee the institution to see its forms; the use case decides who may save.
        RequireMe().RequireOversee(Existing is null ? new Domain.Access.Jurisdiction(Institution.PlaceCode, Institution.Id) : running.JurisdictionOf(Existing),
            "see this institution's facilities");
    }

    /// <summary>What was typed, as the use case takes it; what cannot be read is reported on its field.</summary>
    private FacilityDraft Read(Violations violations)
    {
        FacilityKind? kind = null;
        if (!string.IsNullOrEmpty(Input.Kind))
        {
            if (Enum.TryParse<FacilityKind>(Input.Kind, out var k) && Enum.IsDefined(k))
            {
                kind = k;
            }
            else
            {
                violations.Add("facility.kind", Reasons.OutOfRange, "is not a kind of facility.");
            }
        }
        var capacity = Number(Input.Capacity, "facility.capacity", violations, required: true) ?? 0;

        var weekly = new List<WindowInput>();
        for (var d = 0; d < Week.Length; d++)
        {
            if (!TimeText.TryRanges(Input.Days.ElementAtOrDefault(d), out var ranges))
            {
                violations.Add($"Input.Days[{d}]", Reasons.InvalidFormat, "write times as 08:00-12:00, several separated by commas.");
                continue;
            }
            foreach (var (start, end) in ranges)
            {
                weekly.Add(new WindowInput(Week[d], start, end));
                _windowDays.Add(Week[d]);
            }
        }
        var overrides = new List<OverrideInput>();
        for (var r = 0; r < Input.Overrides.Count; r++)
        {
            var row = Input.Overrides[r];
            if (string.IsNullOrWhiteSpace(row.Date) && string.IsNullOrWhiteSpace(row.Hours) && string.IsNullOrWhiteSpace(row.Reason))
            {
                continue;
            }
            LocalDate? date = null;
            if (!string.IsNullOrWhiteSpace(row.Date))
            {
                date = violations.Check(!TimeText.TryDate(row.Date, out var d), $"Input.Overrides[{r}].Date", Reasons.InvalidFormat, "must be a date like 2026-10-01.")
                    ? d
                    : null;
            }
            if (!TimeText.TryRanges(row.Hours, out var ranges))
            {
                violations.Add($"Input.Overrides[{r}].Hours", Reasons.InvalidFormat, "write times as 08:00-12:00, or leave empty for closed.");
            }
            overrides.Add(new OverrideInput(date, ranges.Select(x => new RangeInput(x.Start, x.End)).ToArray(), row.Reason ?? ""));
            _overrideRows.Add((r, ranges.Count));
        }

        var release = LocalTime.Midnight;
        if (!string.IsNullOrWhiteSpace(Input.ReleaseTime))
        {
            violations.Check(!TimeText.TryTime(Input.ReleaseTime, out release) || Input.ReleaseTime.Trim() == "24:00", "facility.rules.release_time",
                Reasons.InvalidFormat, "must be a time like 08:00.");
        }
        var rules = new BookingRules
        {
            SlotLength = Duration.FromMinutes(Number(Input.SlotMinutes, "facility.rules.slot_length", violations, required: true) ?? 60),
            MaxSlotsPerBooking = Number(Input.MaxSlots, "facility.rules.max_slots_per_booking", violations, required: true) ?? 1,
            BookingHorizonDays = Number(Input.HorizonDays, "facility.rules.booking_horizon_days", violations) ?? 0,
            ReleaseTime = release,
            MinimumNotice = Duration.FromMinutes(Number(Input.NoticeMinutes, "facility.rules.minimum_notice", violations) ?? 0),
            CancellationDeadline = Duration.FromHours(Number(Input.CancelHours, "facility.rules.cancellation_deadline", violations) ?? 0),
            MaxActiveBookings = Number(Input.MaxActive, "facility.rules.max_active_bookings", violations) ?? 0,
            MaxBookingsPerWeek = Number(Input.MaxPerWeek, "facility.rules.max_bookings_per_week", violations) ?? 0,
            ApprovalRequired = Input.ApprovalRequired,
            CommitmentAdmission = Input.CommitmentAdmission,
            HighDemand = Input.HighDemand,
            MaxPartySize = Number(Input.MaxParty, "facility.rules.max_party_size", violations) ?? 0,
            Lottery = ReadLottery(violations),
        };
        var accessibility = new Accessibility(Input.StepFreeAccess, Input.AccessibleToilet, Input.HearingLoop, Input.AccessibilityNotes?.Trim() ?? "");
        return new FacilityDraft(null, null, null, Input.DisplayName ?? "", kind, Input.Description ?? "", capacity, accessibility, null,
            Existing?.TimeZoneId ?? FacilityCatalog.DefaultTimeZone, weekly, overrides, rules);
    }

    /// <summary>The lottery part of the form; off unless ticked (what was typed is still checked, so it is not lost silently).</summary>
    private LotteryRules ReadLottery(Violations violations)
    {
        const string path = "facility.rules.lottery";
        if (!Input.LotteryEnabled)
        {
            return LotteryRules.Off;
        }
        var from = LocalTime.Midnight;
        var until = LocalTime.Midnight;
        if (!string.IsNullOrWhiteSpace(Input.SeniorFrom))
        {
            violations.Check(!TimeText.TryTime(Input.SeniorFrom, out from) || Input.SeniorFrom.Trim() == "24:00", $"{path}.senior_start_time",
                Reasons.InvalidFormat, "must be a time like 08:00.");
        }
        if (!string.IsNullOrWhiteSpace(Input.SeniorUntil))
        {
            violations.Check(!TimeText.TryTime(Input.SeniorUntil, out until), $"{path}.senior_end_time", Reasons.InvalidFormat, "must be a time like 12:00.");
        }
        return new LotteryRules
        {
            Enabled = true,
            ApplicationDays = Number(Input.LotteryDays, $"{path}.application_days", violations, required: true) ?? 0,
            HostAreaWeight = Weight(Input.HostAreaWeight, $"{path}.host_area_weight", violations),
            SeniorWeight = Weight(Input.SeniorWeight, $"{path}.senior_weight", violations),
            SeniorFrom = from,
            SeniorUntil = until,
            HouseholdCap = Number(Input.HouseholdCap, $"{path}.household_cap", violations) ?? 0,
        };
    }

    /// <summary>A weight typed as 1, 1.5 or 2.25, as hundredths; empty is 1 (no preference).</summary>
    private static int Weight(string? text, string field, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return LotteryRules.NoPreference;
        }
        var ok = decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var weight)
                 && decimal.Round(weight, 2) == weight;
        violations.Check(!ok, field, Reasons.InvalidFormat, "must be a number like 1.5, in steps of 0.01.");
        return ok ? (int)Math.Min(weight * 100, int.MaxValue) : LotteryRules.NoPreference;
    }

    private static string WeightText(int hundredths) => (hundredths / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    private static int? Number(string? text, string field, Violations violations, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            violations.Check(required, field, Reasons.Required, "is required.");
            return null;
        }
        return violations.Check(!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n), field, Reasons.InvalidFormat,
            "must be a whole number.")
            ? n
            : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? Index(string path, string prefix)
    {
        var end = path.IndexOf(']', prefix.Length);
        return end > prefix.Length && int.TryParse(path.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? i
            : null;
    }

    /// <summary>The form filled in from a facility, or with the defaults of a new one.</summary>
    private static FacilityForm FormOf(Facility? f)
    {
        var rules = f?.Rules ?? BookingRules.Default;
        var form = new FacilityForm
        {
            DisplayName = f?.Name,
            Kind = f?.Kind.ToString(),
            Description = f?.Description,
            Capacity = (f?.Capacity ?? 1).ToString(CultureInfo.InvariantCulture),
            StepFreeAccess = f?.Accessibility.StepFreeAccess ?? false,
            AccessibleToilet = f?.Accessibility.AccessibleToilet ?? false,
            HearingLoop = f?.Accessibility.HearingLoop ?? false,
            AccessibilityNotes = f?.Accessibility.Notes,
            Days = [.. Week.Select(day => (string?)TimeText.Ranges((f?.Schedule.Weekly ?? []).Where(w => w.Day == day).Select(w => (w.Hours.Start, w.Hours.End))))],
            Overrides = [.. (f?.Schedule.Overrides ?? []).Select(o => new OverrideRow
            {
                Date = TimeText.Format(o.Date),
                Hours = TimeText.Ranges(o.Windows.Select(w => (w.Start, w.End))),
                Reason = o.Reason,
            })],
            SlotMinutes = ((int)rules.SlotLength.TotalMinutes).ToString(CultureInfo.InvariantCulture),
            MaxSlots = rules.MaxSlotsPerBooking.ToString(CultureInfo.InvariantCulture),
            HorizonDays = rules.BookingHorizonDays.ToString(CultureInfo.InvariantCulture),
            ReleaseTime = TimeText.Format(rules.ReleaseTime),
            NoticeMinutes = ((int)rules.MinimumNotice.TotalMinutes).ToString(CultureInfo.InvariantCulture),
            CancelHours = ((int)rules.CancellationDeadline.TotalHours).ToString(CultureInfo.InvariantCulture),
            MaxActive = rules.MaxActiveBookings.ToString(CultureInfo.InvariantCulture),
            MaxPerWeek = rules.MaxBookingsPerWeek.ToString(CultureInfo.InvariantCulture),
            MaxParty = rules.MaxPartySize.ToString(CultureInfo.InvariantCulture),
            ApprovalRequired = rules.ApprovalRequired,
            CommitmentAdmission = rules.CommitmentAdmission,
            HighDemand = rules.HighDemand,
            LotteryEnabled = rules.Lottery.Enabled,
            LotteryDays = rules.Lottery.Enabled ? rules.Lottery.ApplicationDays.ToString(CultureInfo.InvariantCulture) : "7",
            HostAreaWeight = WeightText(rules.Lottery.HostAreaWeight),
            SeniorWeight = WeightText(rules.Lottery.SeniorWeight),
            SeniorFrom = rules.Lottery.SeniorFrom == rules.Lottery.SeniorUntil ? "" : TimeText.Format(rules.Lottery.SeniorFrom),
            SeniorUntil = rules.Lottery.SeniorFrom == rules.Lottery.SeniorUntil ? "" : TimeText.Format(rules.Lottery.SeniorUntil),
            HouseholdCap = rules.Lottery.HouseholdCap.ToString(CultureInfo.InvariantCulture),
            Etag = f is null ? null : Grpc.Etags.Of(f.Version),
        };
        while (form.Overrides.Count < OverrideRows)
        {
            form.Overrides.Add(new OverrideRow());
        }
        return form;
    }
}
