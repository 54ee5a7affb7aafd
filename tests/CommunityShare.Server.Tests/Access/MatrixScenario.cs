using System.Collections.Concurrent;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Identity;
using Google.Type;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// The actors of the authorization matrix, as columns. "inst-own" is staff of the institution that
/// owns the target (school-1 unless a cell names a fresh institution); "inst-other" is staff of school-2.
/// </summary>
public static class Actors
{
    public const string Anonymous = "anonymous";
    public const string Owner = "resident-r1";        // owns the bookings of the scenario
    public const string OtherResident = "resident-r2";
    public const string Office = "office-xinzhuang";   // the town office responsible for school-1
    public const string OtherOffice = "office-qibao";
    public const string OwnInstitution = "inst-own";
    public const string OtherInstitution = "inst-other";
    public const string Supervisor = "supervisor";
    public const string District = "district";

    /// <summary>The columns, in the order the matrix lists them.</summary>
    public static readonly string[] All = [Anonymous, Owner, OtherResident, Office, OtherOffice, OwnInstitution, OtherInstitution, Supervisor, District];

    /// <summary>The fixture's actor spec (null: anonymous).</summary>
    public static string? Spec(string actor, string ownInstitution = "school-1") => actor switch
    {
        Anonymous => null,
        Owner => "resident:r1",
        OtherResident => "resident:r2",
        Office => "staff:li:office=310112101",
        OtherOffice => "staff:wang:office=310112102",
        OwnInstitution => $"staff:zhao:institution={ownInstitution}",
        OtherInstitution => "staff:qian:institution=school-2",
        Supervisor => "staff:chen:supervisor=310112",
        District => "staff:admin",
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, null),
    };

    /// <summary>The sign-in account behind each actor (its id is the token's subject).</summary>
    public static (string Id, string? Resident, RoleAssignment[] Roles) Account(string actor) => actor switch
    {
        Anonymous or Owner => ("r1", "r1", []),
        OtherResident => ("r2", "r2", []),
        Office => ("li", null, [new(Role.StreetOfficeStaff, "310112101")]),
        OtherOffice => ("wang", null, [new(Role.StreetOfficeStaff, "310112102")]),
        OwnInstitution => ("zhao", null, [new(Role.InstitutionStaff, "school-1")]),
        OtherInstitution => ("qian", null, [new(Role.InstitutionStaff, "school-2")]),
        Supervisor => ("chen", null, [new(Role.DistrictSupervisor, "310112")]),
        District => ("admin", null, [new(Role.DistrictStaff, "310112")]),
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, null),
    };
}

/// <summary>
/// One server for the whole matrix, with the scenario every cell starts from: Xinzhuang
/// (310112101) holds school-1 with court-x, hall-x (500 places) and approval-x (500 places,
/// approval required); Qibao (310112102) holds school-2 with court-q. court-x has a blackout, and
/// resident r1 a booking there tomorrow at 10:00. Every actor also has a sign-in account whose id
/// is the subject of the fixture's tokens. Cells that change something make their own target first.
/// </summary>
public sealed class MatrixScenario : IAsyncLifetime
{
    public const string Password = "Matrix-pass-2026";
    public static readonly LocalDate Tomorrow = ServerFixture.DefaultNow.InZone(Shanghai).Date.PlusDays(1);

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();
    private readonly ConcurrentDictionary<string, Task<Web.WebSession>> _web = new();
    private int _next = 100;

    public ServerFixture F { get; } = new(settings: new Dictionary<string, string?>
    {
        // The account cells sign in about thirty times from one address.
        ["RateLimits:SignIn:PermitLimit"] = "100000",
        // The waitlist cells put r1 in many lines.
        ["Waitlist:MaxEntriesPerResident"] = "1000",
    });

    /// <summary>r1's booking at court-x, tomorrow 10:00–11:00.</summary>
    public Booking SharedBooking { get; private set; } = null!;

    public Blackout SharedBlackout { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(F);
        await F.AddResidentAsync("r1", "310112101001", "李晓明");
        await F.AddResidentAsync("r2", "310112101001", "王建国");
        await FacilityAsync(F, "hall-x", OpenDaily("莘庄活动室", 500));
        var approval = DefaultRules();
        approval.ApprovalRequired = true;
        await FacilityAsync(F, "approval-x", OpenDaily("莘庄审批场地", 500, approval));
        SharedBlackout = await NewBlackoutAsync();
        SharedBooking = await F.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court-x",
            Booking = Slot(Tomorrow, 10),
        });

        // Strikes the cells record must not change r1's standing (which would turn r1's bookings into requests).
        await new CreditService.CreditServiceClient(F.Channel()).UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest { CreditPolicy = NoConsequences });
        // r1 books in nearly every cell: the district's quotas would stop r1 long before the matrix ends.
        await new QuotaService.QuotaServiceClient(F.Channel()).UpdateQuotaPolicyAsync(new UpdateQuotaPolicyRequest { QuotaPolicy = new QuotaPolicy() });

        // r1 and r2 volunteer in Xinzhuang, with room in their weeks for every cell.
        foreach (var r in new[] { "r1", "r2" })
        {
            await new VolunteerService.VolunteerServiceClient(F.Channel("resident:" + r)).RegisterVolunteerAsync(new RegisterVolunteerRequest
            {
                Parent = "residents/" + r,
                Volunteer = VolunteerProfile(),
            });
        }

        await using var scope = F.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CommunityShare.Server.Identity.Account>>();
        var db = scope.ServiceProvider.GetRequiredService<CommunityShare.Server.Data.CommunityShareDb>();
        foreach (var actor in Actors.All.Where(a => a != Actors.Anonymous))
        {
            var (id, resident, roles) = Actors.Account(actor);
            var account = new CommunityShare.Server.Identity.Account { Id = id, UserName = id, DisplayName = id, ResidentId = resident };
            var created = await users.CreateAsync(account, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            db.Set<AccountRole>().AddRange(roles.Select(r => new AccountRole { AccountId = id, Role = r.Role, ScopeId = r.ScopeId }));
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var web in _web.Values)
        {
            (await web).Dispose();
        }
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        await F.DisposeAsync();
    }

    /// <summary>A call invoker signed in as <paramref name="actor"/> (one channel per actor spec).</summary>
    public CallInvoker Invoker(string actor, string ownInstitution = "school-1")
    {
        var spec = Actors.Spec(actor, ownInstitution);
        return _channels.GetOrAdd(spec ?? "", _ => F.Channel(spec)).CreateCallInvoker();
    }

    /// <summary>A browser session signed in as <paramref name="actor"/> with its cookie (anonymous: none), one per actor.</summary>
    public Task<Web.WebSession> WebAsync(string actor) => _web.GetOrAdd(actor, async a =>
    {
        var session = new Web.WebSession(F);
        if (a != Actors.Anonymous)
        {
            var page = await session.SignInAsync(Actors.Account(a).Id, Password);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, page.Status);
        }
        return session;
    });

    /// <summary>A fresh account with a mobile number and a password reset token for it, as the text message would carry it.</summary>
    public async Task<(string Account, string Token)> NewPasswordResetAsync()
    {
        // Strikes the cells record must not change r1's standing (which would turn r1's bookings into requests).
        await new CreditService.CreditServiceClient(F.Channel()).UpdateCreditPolicyAsync(new UpdateCreditPolicyRequest { CreditPolicy = NoConsequences });
        // r1 books in nearly every cell: the district's quotas would stop r1 long before the matrix ends.
        await new QuotaService.QuotaServiceClient(F.Channel()).UpdateQuotaPolicyAsync(new UpdateQuotaPolicyRequest { QuotaPolicy = new QuotaPolicy() });

        await using var scope = F.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CommunityShare.Server.Identity.Account>>();
        var account = new CommunityShare.Server.Identity.Account { UserName = $"reset-{Next()}", DisplayName = "重置", PhoneNumber = "13900000000" };
        Assert.True((await users.CreateAsync(account, Password)).Succeeded);
        return (account.Id, await users.GeneratePasswordResetTokenAsync(account));
    }

    /// <summary>A number no other cell gets, for ids and codes.</summary>
    public int Next() => Interlocked.Increment(ref _next);

    // Fresh targets, made by district staff.

    public async Task<Place> NewNeighbourhoodAsync() => await F.Places().CreatePlaceAsync(new CreatePlaceRequest
    {
        PlaceId = $"310112101{Next():D3}",
        Place = new Place { Parent = "places/310112101", Kind = Place.Types.Kind.Neighborhood, DisplayName = "新居委会" },
    });

    /// <summary>A new adult resident of Xinzhuang's neighbourhood 310112101001, unique by <paramref name="n"/>.</summary>
    public static RegisterResidentRequest ResidentRequest(int n) => new()
    {
        Resident = new Resident
        {
            DisplayName = "测试居民",
            Mobile = $"139{n:D8}",
            IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter($"31011219900101{n % 1000:D3}"),
            HomePlace = "places/310112101001",
        },
        UserName = $"matrix-resident-{n}",
        Password = "matrix-password-1",
    };

    /// <summary>Registers a new Xinzhuang resident (as anyone may) and returns it.</summary>
    public async Task<Resident> RegisterResidentAsync() =>
        await new ResidentService.ResidentServiceClient(Invoker(Actors.Anonymous)).RegisterResidentAsync(ResidentRequest(Next()));

    /// <summary>A new Xinzhuang resident who has given r2 standing consent (recorded by district staff); the grant.</summary>
    public async Task<ProxyGrant> NewProxyGrantAsync()
    {
        var resident = await RegisterResidentAsync();
        return await new ResidentService.ResidentServiceClient(F.Channel()).CreateProxyGrantAsync(new CreateProxyGrantRequest
        {
            Parent = resident.Name,
            ProxyGrant = new ProxyGrant { Proxy = "residents/r2", Relationship = "邻居", ConsentNote = "本人到场签字" },
        });
    }

    /// <summary>A new staff account of school-1, made by district staff.</summary>
    public async Task<CommunityShare.Contracts.V1.Account> NewStaffAsync() => await new AccountService.AccountServiceClient(F.Channel()).CreateStaffAccountAsync(StaffRequest(Next()));

    public static CreateStaffAccountRequest StaffRequest(int n) => new()
    {
        UserName = $"staff-{n}",
        Account = new CommunityShare.Contracts.V1.Account { DisplayName = "新同事", Mobile = "13600000000", Roles = { "institution=school-1" } },
    };

    public static CreateInstitutionRequest InstitutionRequest(string id) => new()
    {
        InstitutionId = id,
        Institution = new Institution
        {
            DisplayName = "莘庄新学校",
            Kind = Institution.Types.Kind.School,
            Place = "places/310112101001",
            Address = "上海市闵行区莘庄路9号",
            Location = new LatLng { Latitude = 31.11, Longitude = 121.375 },
        },
    };

    public async Task<Institution> NewInstitutionAsync() => await F.Institutions().CreateInstitutionAsync(InstitutionRequest($"inst-{Next()}"));

    public async Task<Facility> NewFacilityAsync() => await FacilityAsync(F, $"fac-{Next()}", OpenDaily("新场地", 1));

    /// <summary>A blackout on court-x in late August, one day of its own, well away from the bookings.</summary>
    public static CreateBlackoutRequest BlackoutRequest(int n) => new()
    {
        Parent = "facilities/court-x",
        Blackout = new Blackout
        {
            StartTime = ToTimestamp(new LocalDate(2026, 8, 1).PlusDays(n % 30).AtStartOfDayInZone(Shanghai).ToInstant()),
            EndTime = ToTimestamp(new LocalDate(2026, 8, 1).PlusDays(n % 30 + 1).AtStartOfDayInZone(Shanghai).ToInstant()),
            Reason = Blackout.Types.Reason.Exam,
        },
    };

    public async Task<Blackout> NewBlackoutAsync() => await F.Facilities().CreateBlackoutAsync(BlackoutRequest(Next()));

    /// <summary>A booking r1 makes for tomorrow 10:00 at hall-x (confirmed) or approval-x (pending approval).</summary>
    public async Task<Booking> NewBookingAsync(string facility = "hall-x") => await F.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest
    {
        Parent = "facilities/" + facility,
        Booking = Slot(Tomorrow, 10),
    });

    /// <summary>A new facility of school-1 whose slot tomorrow at 10:00 a resident outside the matrix has booked full; its name.</summary>
    public async Task<string> NewFullFacilityAsync()
    {
        var facility = await NewFacilityAsync();
        await F.Bookings("resident:holder").CreateBookingAsync(new CreateBookingRequest { Parent = facility.Name, Booking = Slot(Tomorrow, 10) });
        return facility.Name;
    }

    /// <summary>A request to join the line of tomorrow 10:00 at <paramref name="facility"/>, for the caller (or <paramref name="resident"/>).</summary>
    public static JoinWaitlistRequest JoinRequest(string facility, string resident = "")
    {
        var slot = Slot(Tomorrow, 10);
        return new JoinWaitlistRequest
        {
            Parent = facility,
            WaitlistEntry = new WaitlistEntry { Resident = resident, StartTime = slot.StartTime, EndTime = slot.EndTime, PartySize = 1 },
        };
    }

    /// <summary>r1 in line for a new full facility of school-1.</summary>
    public async Task<WaitlistEntry> NewWaitlistEntryAsync() =>
        await F.Waitlists("resident:r1").JoinWaitlistAsync(JoinRequest(await NewFullFacilityAsync()));

    /// <summary>r1 offered a place: in line for a new full facility whose holder then cancels.</summary>
    public async Task<WaitlistEntry> NewWaitlistOfferAsync()
    {
        var facility = await NewFacilityAsync();
        var held = await F.Bookings("resident:holder").CreateBookingAsync(new CreateBookingRequest { Parent = facility.Name, Booking = Slot(Tomorrow, 10) });
        var entry = await F.Waitlists("resident:r1").JoinWaitlistAsync(JoinRequest(facility.Name));
        await F.Bookings("resident:holder").CancelBookingAsync(new CancelBookingRequest { Name = held.Name });
        return await F.Waitlists("resident:r1").GetWaitlistEntryAsync(new GetWaitlistEntryRequest { Name = entry.Name });
    }

    /// <summary>A weekly series of r1's at hall-x: tomorrow only, at 10:00, for 4 people.</summary>
    public static CreateBookingSeriesRequest SeriesRequest(string resident = "") => new()
    {
        Parent = "facilities/hall-x",
        BookingSeries = new BookingSeries
        {
            Resident = resident,
            DisplayName = "太极拳班",
            DaysOfWeek = { (Google.Type.DayOfWeek)(int)Tomorrow.DayOfWeek },
            StartTime = new Google.Type.TimeOfDay { Hours = 10 },
            Slots = 1,
            FirstDate = new Google.Type.Date { Year = Tomorrow.Year, Month = Tomorrow.Month, Day = Tomorrow.Day },
            LastDate = new Google.Type.Date { Year = Tomorrow.Year, Month = Tomorrow.Month, Day = Tomorrow.Day },
            PartySize = 4,
            ProxyConsent = resident.Length == 0 ? null : new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson },
        },
    };

    public async Task<BookingSeries> NewSeriesAsync() =>
        await new BookingSeriesService.BookingSeriesServiceClient(F.Channel("resident:r1")).CreateBookingSeriesAsync(SeriesRequest());

    /// <summary>The slot the lottery facilities draw: ten days ahead at 10:00 (applications close in three days, at 08:00).</summary>
    public static readonly LocalDate LotteryDate = Tomorrow.PlusDays(9);

    /// <summary>A new facility of school-1 run by lottery (applications open 7 days before the close); its name.</summary>
    public async Task<string> NewLotteryFacilityAsync()
    {
        var rules = DefaultRules();
        rules.Lottery = new LotteryRules { Enabled = true, ApplicationDays = 7, HouseholdCap = 1 };
        return (await FacilityAsync(F, $"lot-{Next()}", OpenDaily("摇号场地", 4, rules))).Name;
    }

    public static CreateLotteryApplicationRequest ApplicationRequest(string facility, string resident = "") => new()
    {
        Parent = facility,
        LotteryApplication = new LotteryApplication
        {
            Resident = resident,
            StartTime = Slot(LotteryDate, 10).StartTime,
            PartySize = 1,
            ProxyConsent = resident.Length == 0 ? null : new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson },
        },
    };

    /// <summary>r1's application at a new lottery facility.</summary>
    public async Task<LotteryApplication> NewApplicationAsync() =>
        await new LotteryService.LotteryServiceClient(F.Channel("resident:r1")).CreateLotteryApplicationAsync(ApplicationRequest(await NewLotteryFacilityAsync()));

    /// <summary>A drawn lottery: r1 applied at a new lottery facility and the draw ran at the close (the clock is put back).</summary>
    public async Task<string> NewDrawAsync()
    {
        var application = await NewApplicationAsync();
        F.Clock.Reset(global::CommunityShare.Contracts.ProtoTime.ToInstant(application.CloseTime));
        try
        {
            await using var scope = F.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CommunityShare.Server.Lotteries.ReleaseSweep>().RunAsync(CancellationToken.None);
        }
        finally
        {
            F.Clock.Reset(ServerFixture.DefaultNow);
        }
        return (await new LotteryService.LotteryServiceClient(F.Channel("resident:r1")).GetLotteryApplicationAsync(new GetLotteryApplicationRequest { Name = application.Name })).Draw;
    }

    /// <summary>The one-step cancel link a reminder would carry for <paramref name="booking"/> (path and query).</summary>
    public string CancelLinkFor(Booking booking)
    {
        var ids = booking.Name.Split('/');
        var domain = F.WithDbAsync(db => db.Bookings.FindAsync(ids[3]).AsTask()).GetAwaiter().GetResult()!;
        var link = F.Services.GetRequiredService<CommunityShare.Server.Bookings.CancelLinks>().For(domain);
        return new Uri(link).PathAndQuery;
    }

    /// <summary>A credit policy that records but never bars: the cells' strikes leave r1 in good standing.</summary>
    public static CreditPolicy NoConsequences => new() { StrikeLifetimeDays = 365 };

    /// <summary>A fresh strike on r1's record: r1 booked hall-x today at 11:00 and did not come (recorded by district staff at 11:20).</summary>
    public async Task<CreditEvent> NewStrikeAsync()
    {
        var booking = await NewBookingTodayAsync(11);
        await AtTodayAsync(new LocalTime(11, 20), async () =>
            await F.Bookings("staff:admin").MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name }));
        var record = await new CreditService.CreditServiceClient(F.Channel("resident:r1")).GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/r1/creditRecord" });
        return record.Events.Single(e => e.Source == booking.Name);
    }

    /// <summary>r1's appeal against a fresh strike.</summary>
    public async Task<Appeal> NewAppealAsync()
    {
        var strike = await NewStrikeAsync();
        return await new CreditService.CreditServiceClient(F.Channel("resident:r1")).CreateAppealAsync(new CreateAppealRequest
        {
            Parent = "residents/r1",
            Appeal = new Appeal { Event = strike.Name, Statement = "那天生病了" },
        });
    }

    /// <summary>A booking r1 makes today (the scenario's "now" is 09:00) at <paramref name="hour"/>:00 at hall-x or approval-x.</summary>
    public async Task<Booking> NewBookingTodayAsync(int hour, string facility = "hall-x") => await F.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest
    {
        Parent = "facilities/" + facility,
        Booking = Slot(ServerFixture.DefaultNow.InZone(Shanghai).Date, hour),
    });

    /// <summary>Runs <paramref name="call"/> with the clock at <paramref name="localTime"/> today, then puts it back (web sessions stay valid).</summary>
    public async Task<T> AtTodayAsync<T>(LocalTime localTime, Func<Task<T>> call)
    {
        F.Clock.Reset(ServerFixture.DefaultNow.InZone(Shanghai).Date.At(localTime).InZoneStrictly(Shanghai).ToInstant());
        try
        {
            return await call();
        }
        finally
        {
            F.Clock.Reset(ServerFixture.DefaultNow);
        }
    }

    /// <summary>Runs <paramref name="call"/> with the clock at <paramref name="localTime"/> tomorrow, then puts it back.</summary>
    public async Task AtTomorrowAsync(LocalTime localTime, Func<Task> call)
    {
        F.Clock.Reset(Tomorrow.At(localTime).InZoneStrictly(Shanghai).ToInstant());
        try
        {
            await call();
        }
        finally
        {
            F.Clock.Reset(ServerFixture.DefaultNow);
        }
    }

    // Volunteers.

    private readonly SemaphoreSlim _activityOnce = new(1, 1);
    private readonly SemaphoreSlim _recordOnce = new(1, 1);
    private readonly SemaphoreSlim _certificateOnce = new(1, 1);
    private Activity? _activity;
    private ServiceRecord? _record;
    private Certificate? _certificate;
    private int _todaySlot;

    /// <summary>Available every day around the clock, 60 hours a week.</summary>
    public static Volunteer VolunteerProfile() => new()
    {
        MaxHoursPerWeek = 60,
        Languages = { "普通话" },
        Availability =
        {
            Enumerable.Range(1, 7).Select(d => new WeeklyWindow
            {
                DayOfWeek = (Google.Type.DayOfWeek)d,
                StartTime = new TimeOfDay { Hours = 0 },
                EndTime = new TimeOfDay { Hours = 24 },
            }),
        },
    };

    /// <summary>A week no cell puts shifts in: proposing and publishing there changes nothing the other cells rely on.</summary>
    public static Google.Type.Date RosterWeek => new() { Year = 2026, Month = 9, Day = 7 };

    public static CreateActivityRequest ActivityRequest() => new()
    {
        Activity = new Activity { Place = "places/310112101001", Title = "学校操场周末开放", Location = "莘庄实验学校东门" },
    };

    public static IssueCertificateRequest CertificateRequest() => new()
    {
        Parent = "residents/r1/volunteer",
        Certificate = new Certificate { Content = "学校操场开放现场服务", Organisation = "莘庄镇人民政府", PersonInCharge = "张主任" },
    };

    private VolunteerService.VolunteerServiceClient Volunteers(string actor) => new(F.Channel(actor));

    /// <summary>One activity of Xinzhuang (by its office) for the cells' shifts.</summary>
    public async Task<Activity> SharedActivityAsync()
    {
        await _activityOnce.WaitAsync();
        try
        {
            return _activity ??= await Volunteers("staff:admin").CreateActivityAsync(ActivityRequest());
        }
        finally
        {
            _activityOnce.Release();
        }
    }

    /// <summary>A one-hour shift of its own, a week or more ahead (one slot per number, so that no two cells' shifts overlap).</summary>
    public Shift NextShift()
    {
        var n = Next();
        var start = Tomorrow.PlusDays(7 + n / 12).At(new LocalTime(8 + n % 12, 0)).InZoneStrictly(Shanghai).ToInstant();
        return new Shift { StartTime = ToTimestamp(start), EndTime = ToTimestamp(start + NodaTime.Duration.FromHours(1)), PlacesNeeded = 5 };
    }

    public async Task<Shift> NewShiftAsync() => await Volunteers("staff:admin").CreateShiftAsync(new CreateShiftRequest
    {
        Parent = (await SharedActivityAsync()).Name,
        Shift = NextShift(),
    });

    /// <summary>r1 on a new shift, with a drop requested if asked.</summary>
    public async Task<Assignment> NewAssignmentAsync(bool requestDrop = false)
    {
        var shift = await NewShiftAsync();
        var assignment = await Volunteers("resident:r1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });
        if (requestDrop)
        {
            assignment = await Volunteers("resident:r1").RequestAssignmentChangeAsync(new RequestAssignmentChangeRequest
            {
                Name = assignment.Name,
                Kind = Assignment.Types.ChangeKind.Drop,
                Reason = "临时有事",
            });
        }
        return assignment;
    }

    /// <summary>r1 on a new 10-minute shift later today (one slot each, from 10:10), checked in at its start if asked; the assignment and the local start.</summary>
    public async Task<(Assignment Assignment, LocalTime Start)> NewTodayAssignmentAsync(bool checkIn = false)
    {
        var slot = Interlocked.Increment(ref _todaySlot);
        var start = new LocalTime(10, 0).PlusMinutes(10 * slot);
        var today = ServerFixture.DefaultNow.InZone(Shanghai).Date;
        var instant = today.At(start).InZoneStrictly(Shanghai).ToInstant();
        var shift = await Volunteers("staff:admin").CreateShiftAsync(new CreateShiftRequest
        {
            Parent = (await SharedActivityAsync()).Name,
            Shift = new Shift { StartTime = ToTimestamp(instant), EndTime = ToTimestamp(instant + NodaTime.Duration.FromMinutes(10)), PlacesNeeded = 1 },
        });
        var assignment = await Volunteers("resident:r1").SignUpForShiftAsync(new SignUpForShiftRequest { Shift = shift.Name });
        if (checkIn)
        {
            assignment = await AtTodayAsync(start, async () => await Volunteers("resident:r1").CheckInAsync(new CheckInRequest { Name = assignment.Name }));
        }
        return (assignment, start);
    }

    /// <summary>A confirmed service record of r1 (10 minutes today), with a correction requested if asked.</summary>
    public async Task<ServiceRecord> NewServiceRecordAsync(bool correction = false)
    {
        var (assignment, start) = await NewTodayAssignmentAsync(checkIn: true);
        var record = await AtTodayAsync(start.PlusMinutes(15), async () =>
            await Volunteers("staff:admin").ConfirmHoursAsync(new ConfirmHoursRequest { Name = assignment.Name }));
        if (correction)
        {
            record = await Volunteers("resident:r1").RequestHoursCorrectionAsync(new RequestHoursCorrectionRequest { Name = record.Name, Hours = 1, Reason = "签退晚了" });
        }
        return record;
    }

    public async Task<ServiceRecord> SharedServiceRecordAsync()
    {
        await _recordOnce.WaitAsync();
        try
        {
            return _record ??= await NewServiceRecordAsync();
        }
        finally
        {
            _recordOnce.Release();
        }
    }

    public async Task<Certificate> SharedCertificateAsync()
    {
        await SharedServiceRecordAsync();
        await _certificateOnce.WaitAsync();
        try
        {
            return _certificate ??= await Volunteers("staff:admin").IssueCertificateAsync(CertificateRequest());
        }
        finally
        {
            _certificateOnce.Release();
        }
    }

    /// <summary>A team of Xinzhuang made by district staff, with <paramref name="member"/> in it if given.</summary>
    public async Task<Team> NewTeamAsync(string? member = null)
    {
        var team = await Volunteers("staff:admin").CreateTeamAsync(new CreateTeamRequest { Team = new Team { Place = "places/310112101", DisplayName = "莘庄志愿服务队" } });
        return member is null ? team : await Volunteers("staff:admin").AddTeamMemberAsync(new AddTeamMemberRequest { Team = team.Name, Volunteer = member });
    }
}
