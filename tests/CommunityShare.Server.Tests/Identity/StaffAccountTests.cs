using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Tests.Web;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Identity;

/// <summary>Staff accounts: made by whoever manages the scope, no password until the owner sets one from a text message; roles given and taken within scope.</summary>
public sealed class StaffAccountTests : IAsyncLifetime
{
    private const string Office = "staff:li:office=310112101";
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync() => await TwoTownsAsync(_f);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private AccountService.AccountServiceClient Accounts(string? actor) => new(_f.Channel(actor));

    private static CreateStaffAccountRequest Request(string userName, params string[] roles) => new()
    {
        UserName = userName,
        Account = new Account { DisplayName = "周老师", Mobile = "13612345678", Roles = { roles } },
    };

    [Fact]
    public async Task An_office_opens_an_account_for_a_school_and_the_teacher_sets_a_password_from_the_text_message()
    {
        var created = await Accounts(Office).CreateStaffAccountAsync(Request("zhou.teacher", "institution=school-1"));
        var message = (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = created.Name })).OutboxMessages.Single();
        var start = message.Text.IndexOf("http", StringComparison.Ordinal);
        var link = new Uri(message.Text[start..message.Text.IndexOf(' ', start)]).PathAndQuery;
        using var web = new WebSession(_f);
        var form = await web.GetAsync(link);
        var set = await web.PostAsync(link, new Dictionary<string, string>
        {
            ["Input.Account"] = form.Value("Input.Account")!,
            ["Input.Token"] = form.Value("Input.Token")!,
            ["Input.NewPassword"] = "周老师设置的新密码",
            ["Input.ConfirmPassword"] = "周老师设置的新密码",
        }, form.AntiforgeryToken);
        var session = await Accounts(null).SignInAsync(new SignInRequest { UserName = "zhou.teacher", Password = "周老师设置的新密码" });

        Assert.Equal(["institution=school-1"], created.Roles);
        Assert.Equal("account.welcome", message.Template);
        Assert.Equal("13612345678", message.Address);
        Assert.Equal(HttpStatusCode.Redirect, set.Status);
        Assert.Equal(created.Name, session.Account.Name);
        Assert.Equal(["institution=school-1"], session.Account.Roles);
    }

    [Fact]
    public async Task Every_problem_of_a_new_account_is_reported_at_once_and_nothing_is_made()
    {
        await Rpc.InvalidAsync(() => Accounts(Office).CreateStaffAccountAsync(new CreateStaffAccountRequest
        {
            UserName = "X Y",
            Account = new Account { Mobile = "123", Roles = { "teacher", "institution=no-such-school" } },
        }), ("user_name", "INVALID_FORMAT"), ("account.display_name", "REQUIRED"), ("account.mobile", "INVALID_FORMAT"),
            ("account.roles[0]", "INVALID_FORMAT"), ("account.roles[1]", "NOT_FOUND"));
        await Rpc.InvalidAsync(() => Accounts(Office).CreateStaffAccountAsync(Request("nobody.here")), ("account.roles", "REQUIRED"));

        var listed = await Accounts("staff:admin").ListStaffAccountsAsync(new ListStaffAccountsRequest());
        Assert.Empty(listed.Accounts);
    }

    [Fact]
    public async Task Roles_are_given_and_taken_only_within_what_the_giver_manages()
    {
        var teacher = await Accounts("staff:admin").CreateStaffAccountAsync(Request("zhou.teacher", "institution=school-1"));

        // The Xinzhuang office may not reach into Qibao, nor make supervisors or district staff.
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE",
            () => Accounts(Office).GrantRoleAsync(new GrantRoleRequest { Account = teacher.Name, Role = "institution=school-2" }));
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE",
            () => Accounts(Office).GrantRoleAsync(new GrantRoleRequest { Account = teacher.Name, Role = "district=310112" }));
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE",
            () => Accounts("staff:zhao:institution=school-1").GrantRoleAsync(new GrantRoleRequest { Account = teacher.Name, Role = "office=310112101" }));
        var twoRoles = await Accounts(Office).GrantRoleAsync(new GrantRoleRequest { Account = teacher.Name, Role = "office=310112101" });
        var again = await Accounts(Office).GrantRoleAsync(new GrantRoleRequest { Account = teacher.Name, Role = "office=310112101" });
        var oneRole = await Accounts("staff:zhao:institution=school-1").RevokeRoleAsync(new RevokeRoleRequest { Account = teacher.Name, Role = "institution=school-1" });
        await Rpc.NotFoundAsync(() => Accounts(Office).RevokeRoleAsync(new RevokeRoleRequest { Account = teacher.Name, Role = "institution=school-1" }));

        Assert.Equal(["institution=school-1", "office=310112101"], twoRoles.Roles.Order(StringComparer.Ordinal));
        Assert.Equal(twoRoles.Roles, again.Roles);
        Assert.Equal(["office=310112101"], oneRole.Roles);
        // Qibao's office does not see the Xinzhuang teacher; the district and Xinzhuang do.
        Assert.Empty((await Accounts("staff:wang:office=310112102").ListStaffAccountsAsync(new ListStaffAccountsRequest())).Accounts);
        Assert.Single((await Accounts(Office).ListStaffAccountsAsync(new ListStaffAccountsRequest())).Accounts);
    }

    [Fact]
    public async Task A_taken_role_is_gone_from_the_next_session()
    {
        await _f.CreateAccountAsync("zhou.teacher", "周老师的密码-2026", null, new CommunityShare.Domain.Access.RoleAssignment(CommunityShare.Domain.Access.Role.InstitutionStaff, "school-1"));
        var session = await Accounts(null).SignInAsync(new SignInRequest { UserName = "zhou.teacher", Password = "周老师的密码-2026" });

        await Accounts("staff:admin").RevokeRoleAsync(new RevokeRoleRequest { Account = session.Account.Name, Role = "institution=school-1" });
        var refreshed = await Accounts(null).RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = session.RefreshToken });

        Assert.Empty(refreshed.Account.Roles);
        var denied = await Assert.ThrowsAsync<RpcException>(() => _f.Facilities(null).UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/court-x", DisplayName = "改名" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "display_name" } },
        }, new Metadata { { "authorization", "Bearer " + refreshed.AccessToken } }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }
}
