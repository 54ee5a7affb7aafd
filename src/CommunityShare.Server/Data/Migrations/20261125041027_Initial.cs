using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Blackouts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Blackouts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Bookings",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    PartySize = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckInCode = table.Column<string>(type: "TEXT", nullable: false),
                    DeclineReason = table.Column<string>(type: "TEXT", nullable: false),
                    CancelReason = table.Column<string>(type: "TEXT", nullable: false),
                    LateCancellation = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CancellationDeadline = table.Column<long>(type: "INTEGER", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bookings", x => x.Id);
                    table.CheckConstraint("CK_Bookings_PartySize", "PartySize >= 1");
                    table.CheckConstraint("CK_Bookings_Slot", "\"End\" > \"Start\"");
                });

            migrationBuilder.CreateTable(
                name: "Facilities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    InstitutionId = table.Column<string>(type: "TEXT", nullable: false),
                    ParentFacilityId = table.Column<string>(type: "TEXT", nullable: true),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    TimeZoneId = table.Column<string>(type: "TEXT", nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Accessibility_AccessibleToilet = table.Column<bool>(type: "INTEGER", nullable: false),
                    Accessibility_HearingLoop = table.Column<bool>(type: "INTEGER", nullable: false),
                    Accessibility_Notes = table.Column<string>(type: "TEXT", nullable: false),
                    Accessibility_StepFreeAccess = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rules_ApprovalRequired = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rules_BookingHorizonDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules_CancellationDeadline = table.Column<long>(type: "INTEGER", nullable: false),
                    Rules_MaxActiveBookings = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules_MaxBookingsPerWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules_MaxPartySize = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules_MaxSlotsPerBooking = table.Column<int>(type: "INTEGER", nullable: false),
                    Rules_MinimumNotice = table.Column<long>(type: "INTEGER", nullable: false),
                    Rules_ReleaseTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Rules_SlotLength = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Facilities", x => x.Id);
                    table.CheckConstraint("CK_Facilities_Capacity", "Capacity >= 1");
                });

            migrationBuilder.CreateTable(
                name: "Institutions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Institutions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Places",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", nullable: false),
                    Location = table.Column<string>(type: "TEXT", nullable: true),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Places", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "RecordedRequests",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", nullable: false),
                    ResourceName = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordedRequests", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Blackouts_FacilityId_Start",
                table: "Blackouts",
                columns: new[] { "FacilityId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_CheckInCode",
                table: "Bookings",
                column: "CheckInCode");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_FacilityId_Start",
                table: "Bookings",
                columns: new[] { "FacilityId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_ResidentId_Start",
                table: "Bookings",
                columns: new[] { "ResidentId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_Facilities_InstitutionId",
                table: "Facilities",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_Facilities_ParentFacilityId",
                table: "Facilities",
                column: "ParentFacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_Facilities_PlaceCode_Kind",
                table: "Facilities",
                columns: new[] { "PlaceCode", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_PlaceCode",
                table: "Institutions",
                column: "PlaceCode");

            migrationBuilder.CreateIndex(
                name: "IX_Places_ParentCode",
                table: "Places",
                column: "ParentCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Blackouts");

            migrationBuilder.DropTable(
                name: "Bookings");

            migrationBuilder.DropTable(
                name: "Facilities");

            migrationBuilder.DropTable(
                name: "Institutions");

            migrationBuilder.DropTable(
                name: "Places");

            migrationBuilder.DropTable(
                name: "RecordedRequests");
        }
    }
}
