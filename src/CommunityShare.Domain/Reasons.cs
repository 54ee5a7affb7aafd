namespace CommunityShare.Domain;

/// <summary>
/// Stable reason codes. Clients branch on these; a published code never changes meaning.
/// </summary>
public static class Reasons
{
    // Input
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string Required = "REQUIRED";
    public const string InvalidFormat = "INVALID_FORMAT";
    public const string OutOfRange = "OUT_OF_RANGE";
    public const string TooLong = "TOO_LONG";
    public const string Mismatch = "MISMATCH";
    public const string InvalidPageToken = "INVALID_PAGE_TOKEN";
    public const string InvalidUpdateMask = "INVALID_UPDATE_MASK";
    public const string CheckInCodeMismatch = "CHECK_IN_CODE_MISMATCH";

    // Resources
    public const string NotFound = "NOT_FOUND";
    public const string AlreadyExists = "ALREADY_EXISTS";
    public const string Ambiguous = "AMBIGUOUS";
    public const string EtagMismatch = "ETAG_MISMATCH";
    public const string RequestIdReused = "REQUEST_ID_REUSED";
    public const string HasChildren = "HAS_CHILDREN";

    // Identity (the development header until sign-in arrives)
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string NotAllowed = "NOT_ALLOWED";
    public const string NotInScope = "NOT_IN_SCOPE";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string AccountLocked = "ACCOUNT_LOCKED";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string TokenInvalid = "TOKEN_INVALID";
    public const string RefreshTokenInvalid = "REFRESH_TOKEN_INVALID";
    public const string RefreshTokenExpired = "REFRESH_TOKEN_EXPIRED";
    public const string RefreshTokenReused = "REFRESH_TOKEN_REUSED";
    public const string ResetLinkInvalid = "RESET_LINK_INVALID";
    public const string SessionInvalid = "SESSION_INVALID";
    public const string FormExpired = "FORM_EXPIRED";
    public const string CancelLinkInvalid = "CANCEL_LINK_INVALID";

    // Booking rules
    public const string InThePast = "IN_THE_PAST";
    public const string TooLate = "TOO_LATE";
    public const string TooFarAhead = "TOO_FAR_AHEAD";
    public const string OutsideOpeningHours = "OUTSIDE_OPENING_HOURS";
    public const string NotOnSlotBoundary = "NOT_ON_SLOT_BOUNDARY";
    public const string TooManySlots = "TOO_MANY_SLOTS";
    public const string BlackedOut = "BLACKED_OUT";
    public const string SlotFull = "SLOT_FULL";
    public const string RelatedFacilityBooked = "RELATED_FACILITY_BOOKED";
    public const string PartyTooLarge = "PARTY_TOO_LARGE";
    public const string ActiveBookingLimitReached = "ACTIVE_BOOKING_LIMIT_REACHED";
    public const string WeeklyBookingLimitReached = "WEEKLY_BOOKING_LIMIT_REACHED";
    public const string StateDoesNotAllow = "STATE_DOES_NOT_ALLOW";
    public const string BookingStarted = "BOOKING_STARTED";
    public const string SlotEnded = "SLOT_ENDED";
    public const string CheckInNotOpen = "CHECK_IN_NOT_OPEN";
    public const string CheckInClosed = "CHECK_IN_CLOSED";
    public const string NotStartedYet = "NOT_STARTED_YET";

    // Waitlist
    public const string SlotNotFull = "SLOT_NOT_FULL";
    public const string AlreadyBooked = "ALREADY_BOOKED";
    public const string AlreadyWaiting = "ALREADY_WAITING";
    public const string WaitlistLimitReached = "WAITLIST_LIMIT_REACHED";
    public const string OfferExpired = "OFFER_EXPIRED";

    // Catalogue rules
    public const string PartsRequireExclusiveUse = "PARTS_REQUIRE_EXCLUSIVE_USE";
    public const string PartOfPart = "PART_OF_PART";
    public const string ParentInOtherInstitution = "PARENT_IN_OTHER_INSTITUTION";
    public const string HasActiveBookings = "HAS_ACTIVE_BOOKINGS";
    public const string PlaceKindNotAllowed = "PLACE_KIND_NOT_ALLOWED";
    public const string GuardianRequired = "GUARDIAN_REQUIRED";
    public const string ProxyIsSelf = "PROXY_IS_SELF";
    public const string ProxyMustBeAdult = "PROXY_MUST_BE_ADULT";
    public const string ConsentRequired = "CONSENT_REQUIRED";

    // Credit record
    public const string CreditBarred = "CREDIT_BARRED";
    public const string QuotaReached = "QUOTA_REACHED";
    public const string FacilityRequiresApproval = "FACILITY_REQUIRES_APPROVAL";
    public const string CreditRequiresApproval = "CREDIT_REQUIRES_APPROVAL";
    public const string NotAppealable = "NOT_APPEALABLE";
    public const string AlreadyAppealed = "ALREADY_APPEALED";
    public const string WeakPassword = "WEAK_PASSWORD";

    // Lotteries (摇号) and series
    public const string LotteryDrawPending = "LOTTERY_DRAW_PENDING";
    public const string LotteryOff = "LOTTERY_OFF";
    public const string ApplicationsNotOpen = "APPLICATIONS_NOT_OPEN";
    public const string ApplicationsClosed = "APPLICATIONS_CLOSED";
    public const string AlreadyApplied = "ALREADY_APPLIED";
    public const string HouseholdCapReached = "HOUSEHOLD_CAP_REACHED";
    public const string NoOccurrence = "NO_OCCURRENCE";
    // Time bank
    public const string InsufficientCoins = "INSUFFICIENT_COINS";
    public const string NotFamily = "NOT_FAMILY";
    public const string GiftToSelf = "GIFT_TO_SELF";
    public const string ItemUnavailable = "ITEM_UNAVAILABLE";
    public const string NotReversible = "NOT_REVERSIBLE";
    public const string AlreadyReversed = "ALREADY_REVERSED";
    public const string RedemptionUsed = "REDEMPTION_USED";
    public const string SourceAlreadyDeposited = "SOURCE_ALREADY_DEPOSITED";
    // Volunteers
    public const string NotAVolunteer = "NOT_A_VOLUNTEER";
    public const string ShiftFull = "SHIFT_FULL";
    public const string ShiftOverlap = "SHIFT_OVERLAP";
    public const string WeeklyHoursExceeded = "WEEKLY_HOURS_EXCEEDED";
    public const string SkillMissing = "SKILL_MISSING";
    public const string AlreadyOnShift = "ALREADY_ON_SHIFT";
    public const string ShiftStarted = "SHIFT_STARTED";
    public const string NotCheckedIn = "NOT_CHECKED_IN";
    public const string HoursAlreadyConfirmed = "HOURS_ALREADY_CONFIRMED";
    public const string CorrectionPending = "CORRECTION_PENDING";
    public const string NoConfirmedHours = "NO_CONFIRMED_HOURS";
    // Evaluations (performance evaluation, openness index)
    public const string WeightsNot100 = "WEIGHTS_NOT_100";
    public const string DuplicateIndicator = "DUPLICATE_INDICATOR";
    public const string GradesIncomplete = "GRADES_INCOMPLETE";
    public const string AdjustmentTooLarge = "ADJUSTMENT_TOO_LARGE";
    public const string NothingToEvaluate = "NOTHING_TO_EVALUATE";
    public const string PeriodNotOver = "PERIOD_NOT_OVER";
    public const string AlreadyEvaluated = "ALREADY_EVALUATED";
    public const string OutsideContractTerm = "OUTSIDE_CONTRACT_TERM";

    // Providers and contracts
    public const string ContractTermOver = "CONTRACT_TERM_OVER";
    public const string FacilityOutsidePlace = "FACILITY_OUTSIDE_PLACE";
    public const string FacilityAlreadyContracted = "FACILITY_ALREADY_CONTRACTED";

    // Complaints and supervision
    public const string ComplaintNotClosed = "COMPLAINT_NOT_CLOSED";
    public const string AlreadyRated = "ALREADY_RATED";
    public const string PhotoNotAnImage = "PHOTO_NOT_AN_IMAGE";
    public const string PhotoTooLarge = "PHOTO_TOO_LARGE";
    public const string NotResponsible = "NOT_RESPONSIBLE";

    // Operational
    public const string Busy = "BUSY";
    public const string RateLimited = "RATE_LIMITED";
}
