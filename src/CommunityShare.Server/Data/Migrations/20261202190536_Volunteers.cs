using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Volunteers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VolunteerActivities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: true),
                    Location = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerActivities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerAssignments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ShiftId = table.Column<string>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangeRequested = table.Column<int>(type: "INTEGER", nullable: true),
                    SubstituteId = table.Column<string>(type: "TEXT", nullable: true),
                    ChangeReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CheckInTime = table.Column<long>(type: "INTEGER", nullable: true),
                    CheckOutTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerCertificates",
                columns: table => new
                {
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    VolunteerName = table.Column<string>(type: "TEXT", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", nullable: false),
                    PersonInCharge = table.Column<string>(type: "TEXT", nullable: false),
                    Handler = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    IssueDate = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerCertificates", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "Volunteers",
                columns: table => new
                {
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Skills = table.Column<int>(type: "INTEGER", nullable: false),
                    Languages = table.Column<string>(type: "TEXT", nullable: false),
                    Availability = table.Column<string>(type: "TEXT", nullable: false),
                    Unavailable = table.Column<string>(type: "TEXT", nullable: false),
                    HomePlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    MaxHoursPerWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Volunteers", x => x.ResidentId);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerServiceRecords",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    AssignmentId = table.Column<string>(type: "TEXT", nullable: false),
                    ShiftId = table.Column<string>(type: "TEXT", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Service = table.Column<string>(type: "TEXT", nullable: false),
                    Where = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    ServiceStart = table.Column<long>(type: "INTEGER", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ConfirmTime = table.Column<long>(type: "INTEGER", nullable: false),
                    CorrectionState = table.Column<int>(type: "INTEGER", nullable: true),
                    CorrectionMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    CorrectionReason = table.Column<string>(type: "TEXT", nullable: false),
                    CorrectionDecidedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerServiceRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VolunteerShifts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    PlacesNeeded = table.Column<int>(type: "INTEGER", nullable: false),
                    RequiredSkills = table.Column<int>(type: "INTEGER", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerShifts", x => x.Id);
                    table.CheckConstraint("CK_VolunteerShifts_Period", "\"End\" > \"Start\"");
                    table.CheckConstraint("CK_VolunteerShifts_Places", "PlacesNeeded >= 1");
                });

            migrationBuilder.CreateTable(
                name: "VolunteerTeamMembers",
                columns: table => new
                {
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Leader = table.Column<bool>(type: "INTEGER", nullable: false),
                    JoinTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerTeamMembers", x => new { x.TeamId, x.ResidentId });
                });

            migrationBuilder.CreateTable(
                name: "VolunteerTeams",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VolunteerTeams", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerActivities_FacilityId",
                table: "VolunteerActivities",
                column: "FacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerActivities_PlaceCode",
                table: "VolunteerActivities",
                column: "PlaceCode");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerAssignments_ResidentId_Start",
                table: "VolunteerAssignments",
                columns: new[] { "ResidentId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerAssignments_ShiftId_State",
                table: "VolunteerAssignments",
                columns: new[] { "ShiftId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerCertificates_ResidentId",
                table: "VolunteerCertificates",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Volunteers_HomePlaceCode",
                table: "Volunteers",
                column: "HomePlaceCode");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerServiceRecords_AssignmentId",
                table: "VolunteerServiceRecords",
                column: "AssignmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerServiceRecords_ResidentId_ServiceStart",
                table: "VolunteerServiceRecords",
                columns: new[] { "ResidentId", "ServiceStart" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerShifts_ActivityId_Start",
                table: "VolunteerShifts",
                columns: new[] { "ActivityId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerShifts_PlaceCode_Start",
                table: "VolunteerShifts",
                columns: new[] { "PlaceCode", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerTeamMembers_ResidentId",
                table: "VolunteerTeamMembers",
                column: "ResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_VolunteerTeams_PlaceCode",
                table: "VolunteerTeams",
                column: "PlaceCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VolunteerActivities");

            migrationBuilder.DropTable(
                name: "VolunteerAssignments");

            migrationBuilder.DropTable(
                name: "VolunteerCertificates");

            migrationBuilder.DropTable(
                name: "Volunteers");

            migrationBuilder.DropTable(
                name: "VolunteerServiceRecords");

            migrationBuilder.DropTable(
                name: "VolunteerShifts");

            migrationBuilder.DropTable(
                name: "VolunteerTeamMembers");

            migrationBuilder.DropTable(
                name: "VolunteerTeams");
        }
    }
}
