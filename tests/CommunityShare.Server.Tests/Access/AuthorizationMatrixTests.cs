using System.Reflection;
using CommunityShare.Contracts.V1;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Access.Actors;
using static CommunityShare.Server.Tests.Access.Outcome;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Access;

/// <summary>What one actor gets from one call.</summary>
public enum Outcome
{
    /// <summary>The call succeeds.</summary>
    Ok,

    /// <summary>UNAUTHENTICATED, reason UNAUTHENTICATED: the call needs a caller.</summary>
    Unauth,

    /// <summary>PERMISSION_DENIED, reason NOT_ALLOWED: a resident asking for staff work or for someone else's data.</summary>
    NotAllowed,

    /// <summary>PERMISSION_DENIED, reason NOT_IN_SCOPE: staff whose roles do not reach the resource.</summary>
    NotInScope,

    /// <summary>NOT_FOUND (404 on a page): what the actor asked for is not theirs to find, e.g. another resident's entry under their own record.</summary>
    Unfound,
}

/// <summary>
/// The authorization matrix: every RPC of communityshare.v1 has an entry saying how to call it in
/// the <see cref="MatrixScenario"/> and what each actor gets. The RPCs are enumerated from the
/// generated descriptors, so a new RPC without an entry fails <see cref="Every_rpc_has_a_matrix_entry"/>.
/// Every cell that changes something first makes a fresh target where the call would succeed for
/// the responsible staff, so the cells do not depend on one another.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixScenario s) : IClassFixture<MatrixScenario>
{
    private const string V1 = "communityshare.v1.";

    /// <summary>How to make the call: the scenario, the actor (column) and the actor's call invoker.</summary>
    public delegate Task Invoke(MatrixScenario s, string actor, CallInvoker me);

    /// <summary>
    /// One row: "Service/Method" with an optional " [variant]" (kept short: xunit shows 50 characters
    /// of it), how to call it, and the outcome per column of <see cref="Actors.All"/>.
    /// </summary>
    public sealed record Entry(string Key, Invoke Call, Outcome[] Expected)
    {
        /// <summary>The RPC's full name, e.g. communityshare.v1.BookingService/CancelBooking.</summary>
        public string Method => V1 + Key.Split(" [")[0];
    }

    // Column order: anonymous, resident-r1 (owner), resident-r2, office-xinzhuang, office-qibao,
    //               inst-own (school-1), inst-other (school-2), supervisor, district.
    private static readonly Outcome[] Public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly Outcome[] SignedIn = [Unauth, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    /// <summary>Changes to what an institution in Xinzhuang owns: its staff, the Xinzhuang office, the district.</summary>
    private static readonly Outcome[] ManagedByInstitution = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok];
    /// <summary>Changes to the place tree or the register in Xinzhuang: the Xinzhuang office and the district, not institutions.</summary>
    private static readonly Outcome[] ManagedByOffice = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];
    /// <summary>What r1 does to r1's own booking at school-1 and its staff do too.</summary>
    private static readonly Outcome[] OwnerOrStaff = [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, NotInScope, Ok];
    /// <summary>What r1 and the staff overseeing school-1 (the supervisor included) may see.</summary>
    /// <summary>r1's volunteer record: r1, and the staff overseeing r1's home (the Xinzhuang office, the supervisor, the district).</summary>
    private static readonly Outcome[] OwnerOrOfficeOverseers = [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok];
    /// <summary>Volunteer work in Xinzhuang seen by its office, the supervisor and the district.</summary>
    private static readonly Outcome[] OfficeOverseers = [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok];
    /// <summary>What r1 does on r1's own shift in Xinzhuang and its office does too.</summary>
    private static readonly Outcome[] OwnerOrOffice = [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok];
    private static readonly Outcome[] OwnerOrOverseers = [Unauth, Ok, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok];

    public static readonly Entry[] Matrix =
    [
        // SystemService and AccountService take no resource: public, or about the caller's own account.
        new("SystemService/Ping", (s, a, me) => Client<SystemService.SystemServiceClient>(me).PingAsync(new PingRequest()).ResponseAsync, Public),
        new("AccountService/SignIn", (s, a, me) => SignInAsync(me, a), Public),
        new("AccountService/RefreshSession", async (s, a, me) =>
        {
            var session = await SignInAsync(s.Invoker(Anonymous), a);
            await Client<AccountService.AccountServiceClient>(me).RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = session.RefreshToken });
        }, Public),
        new("AccountService/SignOut", async (s, a, me) =>
        {
            var session = await SignInAsync(s.Invoker(Anonymous), a);
            await Client<AccountService.AccountServiceClient>(me).SignOutAsync(new SignOutRequest { RefreshToken = session.RefreshToken });
        }, Public),
        new("AccountService/RequestPasswordReset", (s, a, me) => Client<AccountService.AccountServiceClient>(me)
            .RequestPasswordResetAsync(new RequestPasswordResetRequest { UserName = "li" }).ResponseAsync, Public),
        new("AccountService/ResetPassword", async (s, a, me) =>
        {
            var (account, token) = await s.NewPasswordResetAsync();
            await Client<AccountService.AccountServiceClient>(me).ResetPasswordAsync(new ResetPasswordRequest
            {
                Account = "accounts/" + account,
                Token = token,
                NewPassword = "a-new-password-" + s.Next(),
            });
        }, Public),
        // Roles are given within what the giver manages: school-1's roles by its staff, its office and the district.
        new("AccountService/CreateStaffAccount", (s, a, me) =>
            Client<AccountService.AccountServiceClient>(me).CreateStaffAccountAsync(MatrixScenario.StaffRequest(s.Next())).ResponseAsync,
            ManagedByInstitution),
        new("AccountService/ListStaffAccounts", (s, a, me) =>
            Client<AccountService.AccountServiceClient>(me).ListStaffAccountsAsync(new ListStaffAccountsRequest()).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("AccountService/GrantRole", async (s, a, me) =>
        {
            var staff = await s.NewStaffAsync();
            await Client<AccountService.AccountServiceClient>(me).GrantRoleAsync(new GrantRoleRequest { Account = staff.Name, Role = "institution=school-1" });
        }, ManagedByInstitution),
        new("AccountService/GrantRole [supervisor]", async (s, a, me) =>
        {
            var staff = await s.NewStaffAsync();
            await Client<AccountService.AccountServiceClient>(me).GrantRoleAsync(new GrantRoleRequest { Account = staff.Name, Role = "supervisor=310112" });
        }, [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("AccountService/RevokeRole", async (s, a, me) =>
        {
            var staff = await s.NewStaffAsync();
            await Client<AccountService.AccountServiceClient>(me).RevokeRoleAsync(new RevokeRoleRequest { Account = staff.Name, Role = "institution=school-1" });
        }, ManagedByInstitution),
        new("AccountService/GetCurrentAccount", async (s, a, me) =>
        {
            var account = await Client<AccountService.AccountServiceClient>(me).GetCurrentAccountAsync(new GetCurrentAccountRequest());
            Assert.Equal("accounts/" + Actors.Account(a).Id, account.Name); // self only
        }, SignedIn),

        // ResidentService
        new("ResidentService/RegisterResident", (s, a, me) =>
            Client<ResidentService.ResidentServiceClient>(me).RegisterResidentAsync(MatrixScenario.ResidentRequest(s.Next())).ResponseAsync, Public),
        new("ResidentService/GetResident", async (s, a, me) =>
        {
            var resident = await s.RegisterResidentAsync();
            await Client<ResidentService.ResidentServiceClient>(me).GetResidentAsync(new GetResidentRequest
            {
                Name = resident.Name,
                View = GetResidentRequest.Types.View.Full,
            });
        },
            // A Xinzhuang resident: seen by the Xinzhuang office and the district, not by institutions or other residents.
            [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("ResidentService/UpdateResident", async (s, a, me) =>
        {
            var resident = await s.RegisterResidentAsync();
            await Residents(me).UpdateResidentAsync(new UpdateResidentRequest
            {
                Resident = new Resident { Name = resident.Name, Mobile = "13700000000" },
                UpdateMask = new FieldMask { Paths = { "mobile" } },
            });
        }, ManagedByOffice),
        new("ResidentService/UpdateResident [own]", (s, a, me) => Residents(me).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = "residents/r1", HomePlace = "places/310112101001" },
            UpdateMask = new FieldMask { Paths = { "home_place" } },
        }).ResponseAsync, [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        // Any staff find a resident by the number on the card; by name only where they oversee places.
        new("ResidentService/SearchResidents [mobile]", (s, a, me) =>
            Residents(me).SearchResidentsAsync(new SearchResidentsRequest { Query = "13900000101" }).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("ResidentService/SearchResidents [name]", (s, a, me) =>
            Residents(me).SearchResidentsAsync(new SearchResidentsRequest { Query = "测试" }).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, Ok, NotInScope, NotInScope, Ok, Ok]),
        // Consent is the resident's to give; staff who manage the resident's home record it with a note.
        new("ResidentService/CreateProxyGrant", async (s, a, me) =>
        {
            var resident = await s.RegisterResidentAsync();
            await Residents(me).CreateProxyGrantAsync(new CreateProxyGrantRequest
            {
                Parent = resident.Name,
                ProxyGrant = new ProxyGrant { Proxy = "residents/r2", Relationship = "邻居", ConsentNote = "本人到场签字" },
            });
        }, ManagedByOffice),
        new("ResidentService/CreateProxyGrant [own]", async (s, a, me) =>
        {
            var proxy = await s.RegisterResidentAsync();
            await Residents(me).CreateProxyGrantAsync(new CreateProxyGrantRequest
            {
                Parent = "residents/r1",
                ProxyGrant = new ProxyGrant { Proxy = proxy.Name, Relationship = "子女", ConsentNote = "本人到场签字" },
            });
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("ResidentService/ListProxyGrants", (s, a, me) =>
            Residents(me).ListProxyGrantsAsync(new ListProxyGrantsRequest { Parent = "residents/r1" }).ResponseAsync,
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        // The proxy (r2) may step down; the resident's office and the district may end it.
        new("ResidentService/RevokeProxyGrant", async (s, a, me) =>
        {
            var grant = await s.NewProxyGrantAsync();
            await Residents(me).RevokeProxyGrantAsync(new RevokeProxyGrantRequest { Name = grant.Name });
        }, [Unauth, NotAllowed, Ok, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),

        // CreditService: the record is the resident's and their home office's; other staff see their part.
        new("CreditService/GetCreditRecord", (s, a, me) => Credit(me).GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/r1/creditRecord" }).ResponseAsync,
            [Unauth, Ok, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("CreditService/CreateCreditEvent", async (s, a, me) =>
        {
            var booking = await s.NewBookingTodayAsync(11);
            await s.AtTodayAsync(new LocalTime(11, 30), async () => await Credit(me).CreateCreditEventAsync(new CreateCreditEventRequest
            {
                Parent = "residents/r1",
                CreditEvent = new CreditEvent { Kind = CreditEvent.Types.Kind.RuleBreach, Source = booking.Name, Evidence = "超员使用" },
            }));
        }, ManagedByInstitution),
        new("CreditService/CreateAppeal", async (s, a, me) =>
        {
            var strike = await s.NewStrikeAsync();
            await Credit(me).CreateAppealAsync(new CreateAppealRequest { Parent = "residents/r1", Appeal = new Appeal { Event = strike.Name, Statement = "有病假条" } });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("CreditService/ListAppeals [r1]", (s, a, me) => Credit(me).ListAppealsAsync(new ListAppealsRequest { Parent = "residents/r1" }).ResponseAsync,
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("CreditService/ListAppeals [heard]", (s, a, me) => Credit(me).ListAppealsAsync(new ListAppealsRequest { Parent = "residents/-" }).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, Ok, Ok, NotInScope, NotInScope, Ok, Ok]),
        // Heard by the office over the place where the entry arose (hall-x is in Xinzhuang), not by the institution.
        new("CreditService/DecideAppeal", async (s, a, me) =>
        {
            var appeal = await s.NewAppealAsync();
            await Credit(me).DecideAppealAsync(new DecideAppealRequest { Name = appeal.Name, Grant = false, Decision = "证据不足" });
        }, ManagedByOffice),
        new("CreditService/GetCreditPolicy", (s, a, me) => Credit(me).GetCreditPolicyAsync(new GetCreditPolicyRequest()).ResponseAsync, Public),
        new("CreditService/UpdateCreditPolicy", (s, a, me) => Credit(me).UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest
        {
            CreditPolicy = MatrixScenario.NoConsequences,
        }).ResponseAsync, [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),

        // QuotaService: the policy is public, the district sets it; usage is the resident's and their home office's.
        new("QuotaService/GetQuotaPolicy", (s, a, me) => Quota(me).GetQuotaPolicyAsync(new GetQuotaPolicyRequest()).ResponseAsync, Public),
        new("QuotaService/UpdateQuotaPolicy", (s, a, me) => Quota(me).UpdateQuotaPolicyAsync(new UpdateQuotaPolicyRequest { QuotaPolicy = new QuotaPolicy() }).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("QuotaService/GetQuotaUsage", (s, a, me) => Quota(me).GetQuotaUsageAsync(new GetQuotaUsageRequest { Resident = "residents/r1" }).ResponseAsync,
            [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, Ok, Ok]),

        // AuditService: the district reads the trail; a resident reads what concerns their own record.
        new("AuditService/ListAuditEntries", (s, a, me) =>
            Client<AuditService.AuditServiceClient>(me).ListAuditEntriesAsync(new ListAuditEntriesRequest()).ResponseAsync,
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("AuditService/ListAuditEntries [r1's record]", (s, a, me) =>
            Client<AuditService.AuditServiceClient>(me).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = "residents/r1" }).ResponseAsync,
            [Unauth, Ok, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),

        // PlaceService
        new("PlaceService/GetPlace", (s, a, me) => Places(me).GetPlaceAsync(new GetPlaceRequest { Name = "places/310112101" }).ResponseAsync, Public),
        new("PlaceService/GetPlaceStatistics", (s, a, me) =>
            Places(me).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest { Place = "places/310112101" }).ResponseAsync, Public),
        new("PlaceService/ListPlaces", (s, a, me) => Places(me).ListPlacesAsync(new ListPlacesRequest { Parent = "places/310112" }).ResponseAsync, Public),
        new("PlaceService/CreatePlace", (s, a, me) => Places(me).CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = $"310112101{s.Next():D3}",
            Place = new Place { Parent = "places/310112101", Kind = Place.Types.Kind.Neighborhood, DisplayName = "新居委会" },
        }).ResponseAsync, ManagedByOffice),
        new("PlaceService/CreatePlace [district root]", (s, a, me) => Places(me).CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = $"310112101{s.Next():D3}",
            Place = new Place { Kind = Place.Types.Kind.District, DisplayName = "自设区" },
        }).ResponseAsync,
            // A new root district only by district staff of exactly that code, never by a town office under its prefix.
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope]),
        new("PlaceService/UpdatePlace", async (s, a, me) =>
        {
            var place = await s.NewNeighbourhoodAsync();
            await Places(me).UpdatePlaceAsync(new UpdatePlaceRequest
            {
                Place = new Place { Name = place.Name, DisplayName = "改名居委会" },
                UpdateMask = new FieldMask { Paths = { "display_name" } },
            });
        }, ManagedByOffice),
        new("PlaceService/UpdatePlace [town]", (s, a, me) => Places(me).UpdatePlaceAsync(new UpdatePlaceRequest
        {
            Place = new Place { Name = "places/310112101", DisplayName = "莘庄镇" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }).ResponseAsync,
            // A town is changed by the district, not by its own office.
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("PlaceService/DeletePlace", async (s, a, me) =>
        {
            var place = await s.NewNeighbourhoodAsync();
            await Places(me).DeletePlaceAsync(new DeletePlaceRequest { Name = place.Name });
        }, ManagedByOffice),

        // InstitutionService
        new("InstitutionService/GetInstitution", (s, a, me) =>
            Institutions(me).GetInstitutionAsync(new GetInstitutionRequest { Name = "institutions/school-1" }).ResponseAsync, Public),
        new("InstitutionService/ListInstitutions", (s, a, me) =>
            Institutions(me).ListInstitutionsAsync(new ListInstitutionsRequest { Place = "places/310112101" }).ResponseAsync, Public),
        new("InstitutionService/CreateInstitution", (s, a, me) =>
            Institutions(me).CreateInstitutionAsync(MatrixScenario.InstitutionRequest($"inst-{s.Next()}")).ResponseAsync, ManagedByOffice),
        new("InstitutionService/UpdateInstitution", (s, a, me) => Institutions(me).UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = "institutions/school-1", Address = "上海市闵行区莘庄路1号" },
            UpdateMask = new FieldMask { Paths = { "address" } },
        }).ResponseAsync, ManagedByInstitution),
        new("InstitutionService/DeleteInstitution", async (s, a, me) =>
        {
            var institution = await s.NewInstitutionAsync();
            // inst-own is staff of this very institution: removing it is still for the office.
            var own = s.Invoker(a, institution.Name["institutions/".Length..]);
            await Institutions(own).DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = institution.Name });
        }, ManagedByOffice),

        // FacilityService
        new("FacilityService/GetFacility", (s, a, me) => Facilities(me).GetFacilityAsync(new GetFacilityRequest { Name = "facilities/court-x" }).ResponseAsync, Public),
        new("FacilityService/ListFacilities", (s, a, me) =>
            Facilities(me).ListFacilitiesAsync(new ListFacilitiesRequest { Place = "places/310112101" }).ResponseAsync, Public),
        new("FacilityService/CreateFacility", (s, a, me) => Facilities(me).CreateFacilityAsync(new CreateFacilityRequest
        {
            FacilityId = $"fac-{s.Next()}",
            Facility = new Facility(OpenDaily("新场地", 1)) { Institution = "institutions/school-1" },
        }).ResponseAsync, ManagedByInstitution),
        new("FacilityService/UpdateFacility", (s, a, me) => Facilities(me).UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/court-x", DisplayName = "莘庄篮球场" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }).ResponseAsync, ManagedByInstitution),
        new("FacilityService/DeleteFacility", async (s, a, me) =>
        {
            var facility = await s.NewFacilityAsync();
            await Facilities(me).DeleteFacilityAsync(new DeleteFacilityRequest { Name = facility.Name });
        }, ManagedByInstitution),
        new("FacilityService/CreateBlackout", (s, a, me) =>
            Facilities(me).CreateBlackoutAsync(MatrixScenario.BlackoutRequest(s.Next())).ResponseAsync, ManagedByInstitution),
        new("FacilityService/ListBlackouts", async (s, a, me) =>
        {
            var page = await Facilities(me).ListBlackoutsAsync(new ListBlackoutsRequest { Parent = "facilities/court-x", PageSize = 1000 });
            Assert.Contains(page.Blackouts, b => b.Name == s.SharedBlackout.Name);
        }, Public),
        new("FacilityService/DeleteBlackout", async (s, a, me) =>
        {
            var blackout = await s.NewBlackoutAsync();
            await Facilities(me).DeleteBlackoutAsync(new DeleteBlackoutRequest { Name = blackout.Name });
        }, ManagedByInstitution),
        new("FacilityService/ListFacilitySlots", (s, a, me) => Facilities(me).ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = "facilities/court-x",
            StartDate = Date(MatrixScenario.Tomorrow),
            EndDate = Date(MatrixScenario.Tomorrow),
        }).ResponseAsync, Public),
        new("FacilityService/SearchFreeSlots", (s, a, me) => Facilities(me).SearchFreeSlotsAsync(new SearchFreeSlotsRequest
        {
            Place = "places/310112101",
            StartDate = Date(MatrixScenario.Tomorrow),
            EndDate = Date(MatrixScenario.Tomorrow),
        }).ResponseAsync, Public),

        // BookingService: r1's bookings at school-1 in Xinzhuang.
        new("BookingService/GetBooking", (s, a, me) =>
            Bookings(me).GetBookingAsync(new GetBookingRequest { Name = s.SharedBooking.Name }).ResponseAsync, OwnerOrOverseers),
        new("BookingService/ListBookings", (s, a, me) =>
            Bookings(me).ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/court-x" }).ResponseAsync,
            // A resident does not list a facility's bookings, not even to find their own there.
            [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        // parent facilities/-: staff get the bookings of what they oversee (out of scope: none, see
        // ListAllAsync), residents their own; r2 may not ask for r1's.
        new("BookingService/ListBookings [all, resident r1]", (s, a, me) =>
            ListAllAsync(s, a, me, "residents/r1"), [Unauth, Ok, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("BookingService/ListBookings [institution]", (s, a, me) => Bookings(me).ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/-",
            Institution = "institutions/school-1",
        }).ResponseAsync, [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        new("BookingService/ListBookings [check-in code]", (s, a, me) => Bookings(me).ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/-",
            CheckInCode = s.SharedBooking.CheckInCode,
        }).ResponseAsync, [Unauth, NotAllowed, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("BookingService/ListBookings [all]", (s, a, me) =>
            ListAllAsync(s, a, me, ""), SignedIn),
        new("BookingService/CreateBooking", (s, a, me) => Bookings(me).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/hall-x",
            Booking = new Booking(Slot(MatrixScenario.Tomorrow, 10))
            {
                Resident = "residents/r1",
                ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson },
            },
        }).ResponseAsync, OwnerOrStaff),
        new("BookingService/CancelBooking", async (s, a, me) =>
        {
            var booking = await s.NewBookingAsync();
            await Bookings(me).CancelBookingAsync(new CancelBookingRequest { Name = booking.Name, Reason = "有事" });
        }, OwnerOrStaff),
        new("BookingService/ApproveBooking", async (s, a, me) =>
        {
            var booking = await s.NewBookingAsync("approval-x");
            await Bookings(me).ApproveBookingAsync(new ApproveBookingRequest { Name = booking.Name });
        }, ManagedByInstitution),
        new("BookingService/DeclineBooking", async (s, a, me) =>
        {
            var booking = await s.NewBookingAsync("approval-x");
            await Bookings(me).DeclineBookingAsync(new DeclineBookingRequest { Name = booking.Name, Reason = "场地维修" });
        }, ManagedByInstitution),
        new("BookingService/CheckInBooking", async (s, a, me) =>
        {
            var booking = await s.NewBookingAsync();
            await s.AtTomorrowAsync(new LocalTime(9, 45), () =>
                Bookings(me).CheckInBookingAsync(new CheckInBookingRequest { Name = booking.Name, CheckInCode = booking.CheckInCode }).ResponseAsync);
        }, OwnerOrStaff),
        new("BookingService/MarkBookingNoShow", async (s, a, me) =>
        {
            var booking = await s.NewBookingAsync();
            await s.AtTomorrowAsync(new LocalTime(10, 10), () =>
                Bookings(me).MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name }).ResponseAsync);
        }, ManagedByInstitution),

        // WaitlistService: residents queue for themselves (or as proxy or guardian); staff who oversee a facility see its line.
        new("WaitlistService/JoinWaitlist", async (s, a, me) =>
            await Waitlists(me).JoinWaitlistAsync(MatrixScenario.JoinRequest(await s.NewFullFacilityAsync())),
            [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("WaitlistService/JoinWaitlist [for r1]", async (s, a, me) =>
            await Waitlists(me).JoinWaitlistAsync(MatrixScenario.JoinRequest(await s.NewFullFacilityAsync(), "residents/r1")),
            [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("WaitlistService/GetWaitlistEntry", async (s, a, me) =>
        {
            var entry = await s.NewWaitlistEntryAsync();
            await Waitlists(me).GetWaitlistEntryAsync(new GetWaitlistEntryRequest { Name = entry.Name });
        }, OwnerOrOverseers),
        new("WaitlistService/ListWaitlistEntries", (s, a, me) =>
            Waitlists(me).ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest { Parent = "facilities/court-x" }).ResponseAsync,
            // A resident does not list a facility's line, not even to find their own place in it.
            [Unauth, NotAllowed, NotAllowed, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        new("WaitlistService/ListWaitlistEntries [all, resident r1]", (s, a, me) => Waitlists(me).ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest
        {
            Parent = "facilities/-",
            Resident = "residents/r1",
        }).ResponseAsync, [Unauth, Ok, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Only the resident takes an offer: it is their booking, under their commitment.
        new("WaitlistService/AcceptWaitlistOffer", async (s, a, me) =>
        {
            var entry = await s.NewWaitlistOfferAsync();
            await Waitlists(me).AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = entry.Name });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("WaitlistService/WithdrawWaitlistEntry", async (s, a, me) =>
        {
            var entry = await s.NewWaitlistEntryAsync();
            await Waitlists(me).WithdrawWaitlistEntryAsync(new WithdrawWaitlistEntryRequest { Name = entry.Name });
        }, OwnerOrStaff),

        // BookingSeriesService: like bookings — the resident (or staff at the counter who manage the facility) makes and cancels; overseers see.
        new("BookingSeriesService/CreateBookingSeries [for r1]", (s, a, me) =>
            Series(me).CreateBookingSeriesAsync(MatrixScenario.SeriesRequest("residents/r1")).ResponseAsync, OwnerOrStaff),
        new("BookingSeriesService/GetBookingSeries", async (s, a, me) =>
        {
            var series = await s.NewSeriesAsync();
            await Series(me).GetBookingSeriesAsync(new GetBookingSeriesRequest { Name = series.Name });
        }, OwnerOrOverseers),
        new("BookingSeriesService/ListBookingSeries", (s, a, me) =>
            Series(me).ListBookingSeriesAsync(new ListBookingSeriesRequest { Parent = "facilities/hall-x" }).ResponseAsync,
            // A resident gets their own series there; staff must oversee the facility.
            [Unauth, Ok, Ok, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        new("BookingSeriesService/ListBookingSeries [all, r1]", (s, a, me) => Series(me).ListBookingSeriesAsync(new ListBookingSeriesRequest
        {
            Parent = "facilities/-",
            Resident = "residents/r1",
        }).ResponseAsync, [Unauth, Ok, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("BookingSeriesService/CancelBookingSeries", async (s, a, me) =>
        {
            var series = await s.NewSeriesAsync();
            await Series(me).CancelBookingSeriesAsync(new CancelBookingSeriesRequest { Name = series.Name, Date = Date(MatrixScenario.Tomorrow) });
        }, OwnerOrStaff),

        // LotteryService: applications are the resident's (or made at the counter by staff who manage the facility); draws are public.
        new("LotteryService/CreateLotteryApplication [for r1]", async (s, a, me) =>
            await Lotteries(me).CreateLotteryApplicationAsync(MatrixScenario.ApplicationRequest(await s.NewLotteryFacilityAsync(), "residents/r1")),
            OwnerOrStaff),
        new("LotteryService/GetLotteryApplication", async (s, a, me) =>
        {
            var application = await s.NewApplicationAsync();
            await Lotteries(me).GetLotteryApplicationAsync(new GetLotteryApplicationRequest { Name = application.Name });
        }, OwnerOrOverseers),
        new("LotteryService/ListLotteryApplications", (s, a, me) =>
            Lotteries(me).ListLotteryApplicationsAsync(new ListLotteryApplicationsRequest { Parent = "facilities/hall-x" }).ResponseAsync,
            [Unauth, Ok, Ok, Ok, NotInScope, Ok, NotInScope, Ok, Ok]),
        new("LotteryService/ListLotteryApplications [all, r1]", (s, a, me) => Lotteries(me).ListLotteryApplicationsAsync(new ListLotteryApplicationsRequest
        {
            Parent = "facilities/-",
            Resident = "residents/r1",
        }).ResponseAsync, [Unauth, Ok, NotAllowed, Ok, Ok, Ok, Ok, Ok, Ok]),
        new("LotteryService/WithdrawLotteryApplication", async (s, a, me) =>
        {
            var application = await s.NewApplicationAsync();
            await Lotteries(me).WithdrawLotteryApplicationAsync(new WithdrawLotteryApplicationRequest { Name = application.Name });
        }, OwnerOrStaff),
        new("LotteryService/GetLotteryDraw", async (s, a, me) =>
            await Lotteries(me).GetLotteryDrawAsync(new GetLotteryDrawRequest { Name = await s.NewDrawAsync() }), Public),
        new("LotteryService/ListLotteryDraws", async (s, a, me) =>
        {
            var draw = await s.NewDrawAsync();
            var page = await Lotteries(me).ListLotteryDrawsAsync(new ListLotteryDrawsRequest { Parent = string.Join('/', draw.Split('/')[..2]) });
            Assert.Equal(draw, Assert.Single(page.LotteryDraws).Name);
        }, Public),

        // NotificationService: the outbox holds residents' numbers and addresses; it is staff-wide,
        // not scoped to a place (README: "staff only"), so every member of staff reads all of it.
        new("NotificationService/ListOutboxMessages [r1's own]", (s, a, me) =>
            Notifications(me).ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1" }).ResponseAsync,
            [Unauth, Ok, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),
        new("NotificationService/ListOutboxMessages", (s, a, me) =>
            Notifications(me).ListOutboxMessagesAsync(new ListOutboxMessagesRequest()).ResponseAsync,
            // Messages carry residents' full phone numbers: district staff and supervisors only.
            [Unauth, NotAllowed, NotAllowed, NotInScope, NotInScope, NotInScope, NotInScope, Ok, Ok]),

        // ComplaintService: rows in ComplaintsMatrix.cs.
        .. ComplaintsMatrix.Rows,
        // TimeBankService: rows in TimeBankMatrix.cs.
        .. TimeBankMatrix.Rows,
        .. ContractsMatrix.Rows,

        // EvaluationService: rows in EvaluationsMatrix.cs.
        .. EvaluationsMatrix.Rows,
        // VolunteerService: r1 and r2 are volunteers of Xinzhuang; activities and rosters belong to the office over their place.
        new("VolunteerService/RegisterVolunteer", async (s, a, me) =>
        {
            var resident = await s.RegisterResidentAsync();
            await Volunteers(me).RegisterVolunteerAsync(new RegisterVolunteerRequest { Parent = resident.Name, Volunteer = MatrixScenario.VolunteerProfile() });
        }, ManagedByOffice),
        new("VolunteerService/GetVolunteer", (s, a, me) => Volunteers(me).GetVolunteerAsync(new GetVolunteerRequest { Name = "residents/r1/volunteer" }).ResponseAsync,
            OwnerOrOfficeOverseers),
        new("VolunteerService/UpdateVolunteer", (s, a, me) =>
        {
            var profile = MatrixScenario.VolunteerProfile();
            profile.Name = "residents/r1/volunteer";
            return Volunteers(me).UpdateVolunteerAsync(new UpdateVolunteerRequest { Volunteer = profile }).ResponseAsync;
        }, [Unauth, Ok, NotAllowed, Ok, NotInScope, NotInScope, NotInScope, NotInScope, Ok]),
        new("VolunteerService/ListVolunteers", (s, a, me) => Volunteers(me).ListVolunteersAsync(new ListVolunteersRequest { Parent = "places/310112101" }).ResponseAsync,
            OfficeOverseers),
        new("VolunteerService/CreateTeam", (s, a, me) => Volunteers(me).CreateTeamAsync(new CreateTeamRequest
        {
            Team = new Team { Place = "places/310112101", DisplayName = "莘庄志愿服务队" },
        }).ResponseAsync, ManagedByOffice),
        new("VolunteerService/ListTeams", (s, a, me) => Volunteers(me).ListTeamsAsync(new ListTeamsRequest { Parent = "places/310112101" }).ResponseAsync,
            OfficeOverseers),
        new("VolunteerService/AddTeamMember", async (s, a, me) =>
        {
            var team = await s.NewTeamAsync();
            await Volunteers(me).AddTeamMemberAsync(new AddTeamMemberRequest { Team = team.Name, Volunteer = "residents/r1/volunteer", Leader = true });
        }, ManagedByOffice),
        new("VolunteerService/RemoveTeamMember", async (s, a, me) =>
        {
            var team = await s.NewTeamAsync("residents/r1/volunteer");
            await Volunteers(me).RemoveTeamMemberAsync(new RemoveTeamMemberRequest { Team = team.Name, Volunteer = "residents/r1/volunteer" });
        }, ManagedByOffice),
        new("VolunteerService/CreateActivity", (s, a, me) => Volunteers(me).CreateActivityAsync(MatrixScenario.ActivityRequest()).ResponseAsync, ManagedByOffice),
        new("VolunteerService/ListActivities", (s, a, me) => Volunteers(me).ListActivitiesAsync(new ListActivitiesRequest { Parent = "places/310112101" }).ResponseAsync,
            SignedIn),
        new("VolunteerService/CreateShift", async (s, a, me) =>
        {
            var activity = await s.SharedActivityAsync();
            await Volunteers(me).CreateShiftAsync(new CreateShiftRequest { Parent = activity.Name, Shift = s.NextShift() });
        }, ManagedByOffice),
        new("VolunteerService/ListShifts", (s, a, me) => Volunteers(me).ListShiftsAsync(new ListShiftsRequest { Parent = "activities/-" }).ResponseAsync, SignedIn),
        new("VolunteerService/DeleteShift", async (s, a, me) =>
        {
            var shift = await s.NewShiftAsync();
            await Volunteers(me).DeleteShiftAsync(new DeleteShiftRequest { Name = shift.Name });
        }, ManagedByOffice),
        new("VolunteerService/SignUpForShift", async (s, a, me) =>
        {
            var shift = await s.NewShiftAsync();
            await Volunteers(me).SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });
        }, [Unauth, Ok, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("VolunteerService/AssignVolunteer", async (s, a, me) =>
        {
            var shift = await s.NewShiftAsync();
            await Volunteers(me).AssignVolunteerAsync(new AssignVolunteerRequest { Shift = shift.Name, Volunteer = "residents/r2/volunteer" });
        }, ManagedByOffice),
        new("VolunteerService/ListAssignments [r1]", (s, a, me) =>
            Volunteers(me).ListAssignmentsAsync(new ListAssignmentsRequest { Parent = "residents/r1/volunteer" }).ResponseAsync, OwnerOrOfficeOverseers),
        new("VolunteerService/ListAssignments [shift]", async (s, a, me) =>
        {
            var shift = await s.NewShiftAsync();
            await Volunteers(me).ListAssignmentsAsync(new ListAssignmentsRequest { Parent = shift.Name });
        }, OfficeOverseers),
        new("VolunteerService/ProposeRoster", (s, a, me) => Volunteers(me).ProposeRosterAsync(new ProposeRosterRequest
        {
            Parent = "places/310112101",
            Week = MatrixScenario.RosterWeek,
        }).ResponseAsync, ManagedByOffice),
        new("VolunteerService/PublishRoster", (s, a, me) => Volunteers(me).PublishRosterAsync(new PublishRosterRequest
        {
            Parent = "places/310112101",
            Week = MatrixScenario.RosterWeek,
        }).ResponseAsync, ManagedByOffice),
        new("VolunteerService/RequestAssignmentChange", async (s, a, me) =>
        {
            var assignment = await s.NewAssignmentAsync();
            await Volunteers(me).RequestAssignmentChangeAsync(new RequestAssignmentChangeRequest
            {
                Name = assignment.Name,
                Kind = Assignment.Types.ChangeKind.Drop,
                Reason = "临时有事",
            });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("VolunteerService/DecideAssignmentChange", async (s, a, me) =>
        {
            var assignment = await s.NewAssignmentAsync(requestDrop: true);
            await Volunteers(me).DecideAssignmentChangeAsync(new DecideAssignmentChangeRequest { Name = assignment.Name, Approve = false });
        }, ManagedByOffice),
        new("VolunteerService/CheckIn", async (s, a, me) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync();
            await s.AtTodayAsync(start.PlusMinutes(-10), async () => await Volunteers(me).CheckInAsync(new CheckInRequest { Name = assignment.Name }));
        }, OwnerOrOffice),
        new("VolunteerService/CheckOut", async (s, a, me) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync(checkIn: true);
            await s.AtTodayAsync(start.PlusMinutes(10), async () => await Volunteers(me).CheckOutAsync(new CheckOutRequest { Name = assignment.Name }));
        }, OwnerOrOffice),
        new("VolunteerService/ConfirmHours", async (s, a, me) =>
        {
            var (assignment, start) = await s.NewTodayAssignmentAsync(checkIn: true);
            await s.AtTodayAsync(start.PlusMinutes(15), async () => await Volunteers(me).ConfirmHoursAsync(new ConfirmHoursRequest { Name = assignment.Name }));
        }, ManagedByOffice),
        new("VolunteerService/ListServiceRecords", (s, a, me) =>
            Volunteers(me).ListServiceRecordsAsync(new ListServiceRecordsRequest { Parent = "residents/r1/volunteer" }).ResponseAsync, OwnerOrOfficeOverseers),
        new("VolunteerService/RequestHoursCorrection", async (s, a, me) =>
        {
            var record = await s.NewServiceRecordAsync();
            await Volunteers(me).RequestHoursCorrectionAsync(new RequestHoursCorrectionRequest { Name = record.Name, Hours = 1, Reason = "签退晚了" });
        }, [Unauth, Ok, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed, NotAllowed]),
        new("VolunteerService/DecideHoursCorrection", async (s, a, me) =>
        {
            var record = await s.NewServiceRecordAsync(correction: true);
            await Volunteers(me).DecideHoursCorrectionAsync(new DecideHoursCorrectionRequest { Name = record.Name, Grant = false });
        }, ManagedByOffice),
        new("VolunteerService/IssueCertificate", async (s, a, me) =>
        {
            await s.SharedServiceRecordAsync();
            await Volunteers(me).IssueCertificateAsync(MatrixScenario.CertificateRequest());
        }, ManagedByOffice),
        new("VolunteerService/ListCertificates", (s, a, me) =>
            Volunteers(me).ListCertificatesAsync(new ListCertificatesRequest { Parent = "residents/r1/volunteer" }).ResponseAsync, OwnerOrOfficeOverseers),
        new("VolunteerService/VerifyCertificate", async (s, a, me) =>
        {
            var certificate = await s.SharedCertificateAsync();
            await Volunteers(me).VerifyCertificateAsync(new VerifyCertificateRequest { Name = certificate.Name });
        }, Public),
    ];

    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var entry in Matrix)
            {
                foreach (var actor in All)
                {
                    data.Add(entry.Key, actor);
                }
            }
            return data;
        }
    }

    /// <summary>Every RPC of the communityshare.v1 package, as "communityshare.v1.Service/Method", read from the generated descriptors.</summary>
    public static IReadOnlySet<string> Rpcs() => typeof(BookingService).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .Select(p => (FileDescriptor)p!.GetValue(null)!)
        .Where(f => f.Package == "communityshare.v1")
        .SelectMany(f => f.Services)
        .SelectMany(service => service.Methods)
        .Select(m => $"{m.Service.FullName}/{m.Name}")
        .ToHashSet();

    [Fact]
    public void Every_rpc_has_a_matrix_entry()
    {
        var rpcs = Rpcs();
        var entered = Matrix.Select(e => e.Method).ToHashSet();

        Assert.True(rpcs.Count >= 30, $"Only {rpcs.Count} RPCs found by reflection; the descriptor scan is broken.");
        Assert.True(rpcs.SetEquals(entered),
            $"RPCs without a matrix entry: [{string.Join(", ", rpcs.Except(entered).Order())}]; " +
            $"entries for no RPC: [{string.Join(", ", entered.Except(rpcs).Order())}].");
        Assert.All(Matrix, e => Assert.Equal(All.Length, e.Expected.Length));
        Assert.Equal(Matrix.Length, Matrix.Select(e => e.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string method, string actor)
    {
        var entry = Matrix.Single(e => e.Key == method);
        var expected = entry.Expected[Array.IndexOf(All, actor)];

        var actual = await OutcomeOf(() => entry.Call(s, actor, s.Invoker(actor)));

        Assert.Equal(Describe(expected), actual);
    }

    private static string Describe(Outcome outcome) => outcome switch
    {
        Ok => "OK",
        Unauth => "Unauthenticated UNAUTHENTICATED",
        NotAllowed => "PermissionDenied NOT_ALLOWED",
        Unfound => "NotFound NOT_FOUND",
        _ => "PermissionDenied NOT_IN_SCOPE",
    };

    private static async Task<string> OutcomeOf(Func<Task> call)
    {
        try
        {
            await call();
            return "OK";
        }
        catch (RpcException e)
        {
            // Anything else than the expected status shows with its message, to tell why.
            var reason = Reason(e);
            var described = $"{e.StatusCode} {reason}";
            return e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.NotFound ? described : $"{described} ({e.Status.Detail})";
        }
    }

    /// <summary>Lists bookings at every facility; what comes back must be what the actor may see of r1's booking.</summary>
    private static async Task ListAllAsync(MatrixScenario s, string actor, CallInvoker me, string resident)
    {
        var page = await Bookings(me).ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Resident = resident, PageSize = 1000 });
        var seesR1 = actor is Owner or Office or OwnInstitution or Supervisor or District;
        Assert.Equal(seesR1, page.Bookings.Any(b => b.Name == s.SharedBooking.Name));
        if (actor is OtherResident or OtherOffice or OtherInstitution)
        {
            Assert.Empty(page.Bookings); // nothing of r1's, nothing at school-1
        }
    }

    private static async Task<Session> SignInAsync(CallInvoker me, string actor) =>
        await Client<AccountService.AccountServiceClient>(me).SignInAsync(new SignInRequest
        {
            UserName = Actors.Account(actor).Id,
            Password = MatrixScenario.Password,
        });

    private static Google.Type.Date Date(LocalDate d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private static T Client<T>(CallInvoker me) where T : ClientBase<T> => (T)System.Activator.CreateInstance(typeof(T), me)!;

    private static PlaceService.PlaceServiceClient Places(CallInvoker me) => new(me);

    private static InstitutionService.InstitutionServiceClient Institutions(CallInvoker me) => new(me);

    private static WaitlistService.WaitlistServiceClient Waitlists(CallInvoker me) => new(me);

    private static BookingSeriesService.BookingSeriesServiceClient Series(CallInvoker me) => new(me);

    private static LotteryService.LotteryServiceClient Lotteries(CallInvoker me) => new(me);

    private static FacilityService.FacilityServiceClient Facilities(CallInvoker me) => new(me);

    private static BookingService.BookingServiceClient Bookings(CallInvoker me) => new(me);

    private static NotificationService.NotificationServiceClient Notifications(CallInvoker me) => new(me);

    private static ResidentService.ResidentServiceClient Residents(CallInvoker me) => new(me);

    private static CreditService.CreditServiceClient Credit(CallInvoker me) => new(me);

    private static QuotaService.QuotaServiceClient Quota(CallInvoker me) => new(me);

    private static VolunteerService.VolunteerServiceClient Volunteers(CallInvoker me) => new(me);
}
