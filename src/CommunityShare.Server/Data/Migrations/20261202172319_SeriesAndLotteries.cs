using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeriesAndLotteries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Rules_Lottery_ApplicationDays",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Rules_Lottery_Enabled",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Rules_Lottery_HostAreaWeight",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Rules_Lottery_HouseholdCap",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "Rules_Lottery_SeniorFrom",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "Rules_Lottery_SeniorUntil",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Rules_Lottery_SeniorWeight",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "BookingSeries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    DayNumbers = table.Column<string>(type: "TEXT", nullable: false),
                    StartTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Slots = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDate = table.Column<int>(type: "INTEGER", nullable: false),
                    LastDate = table.Column<int>(type: "INTEGER", nullable: false),
                    PartySize = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ConsentMethod = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentNote = table.Column<string>(type: "TEXT", nullable: false),
                    CancelledFrom = table.Column<int>(type: "INTEGER", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingSeries", x => x.Id);
                    table.CheckConstraint("CK_BookingSeries_PartySize", "PartySize >= 1");
                });

            migrationBuilder.CreateTable(
                name: "LotteryApplications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    PartySize = table.Column<int>(type: "INTEGER", nullable: false),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false),
                    HostArea = table.Column<bool>(type: "INTEGER", nullable: false),
                    Senior = table.Column<bool>(type: "INTEGER", nullable: false),
                    Ticket = table.Column<string>(type: "TEXT", nullable: false),
                    OpenTime = table.Column<long>(type: "INTEGER", nullable: false),
                    CloseTime = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ConsentMethod = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsentNote = table.Column<string>(type: "TEXT", nullable: false),
                    DrawNumber = table.Column<double>(type: "REAL", nullable: true),
                    DrawKey = table.Column<double>(type: "REAL", nullable: true),
                    Rank = table.Column<int>(type: "INTEGER", nullable: true),
                    HouseholdLabel = table.Column<string>(type: "TEXT", nullable: true),
                    BookingId = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LotteryApplications", x => x.Id);
                    table.CheckConstraint("CK_LotteryApplications_PartySize", "PartySize >= 1");
                    table.CheckConstraint("CK_LotteryApplications_Slot", "\"End\" > \"Start\"");
                    table.CheckConstraint("CK_LotteryApplications_Weight", "Weight >= 100");
                });

            migrationBuilder.CreateTable(
                name: "LotteryDraws",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    CloseTime = table.Column<long>(type: "INTEGER", nullable: false),
                    DrawTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Seed = table.Column<string>(type: "TEXT", nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    HouseholdCap = table.Column<int>(type: "INTEGER", nullable: false),
                    Applicants = table.Column<int>(type: "INTEGER", nullable: false),
                    Winners = table.Column<int>(type: "INTEGER", nullable: false),
                    PlacesAllocated = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LotteryDraws", x => new { x.FacilityId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "SeriesOccurrences",
                columns: table => new
                {
                    SeriesId = table.Column<string>(type: "TEXT", nullable: false),
                    Date = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    BookingId = table.Column<string>(type: "TEXT", nullable: true),
                    ReleaseTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Rejections = table.Column<string>(type: "TEXT", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeriesOccurrences", x => new { x.SeriesId, x.Date });
                    table.ForeignKey(
                        name: "FK_SeriesOccurrences_BookingSeries_SeriesId",
                        column: x => x.SeriesId,
                        principalTable: "BookingSeries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BookingSeries_FacilityId_CreateTime",
                table: "BookingSeries",
                columns: new[] { "FacilityId", "CreateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingSeries_ResidentId_CreateTime",
                table: "BookingSeries",
                columns: new[] { "ResidentId", "CreateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_LotteryApplications_FacilityId_State_Start",
                table: "LotteryApplications",
                columns: new[] { "FacilityId", "State", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_LotteryApplications_ResidentId_Start",
                table: "LotteryApplications",
                columns: new[] { "ResidentId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_LotteryApplications_State_CloseTime",
                table: "LotteryApplications",
                columns: new[] { "State", "CloseTime" });

            migrationBuilder.CreateIndex(
                name: "IX_LotteryDraws_FacilityId_Start",
                table: "LotteryDraws",
                columns: new[] { "FacilityId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_SeriesOccurrences_BookingId",
                table: "SeriesOccurrences",
                column: "BookingId");

            migrationBuilder.CreateIndex(
                name: "IX_SeriesOccurrences_State_ReleaseTime",
                table: "SeriesOccurrences",
                columns: new[] { "State", "ReleaseTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LotteryApplications");

            migrationBuilder.DropTable(
                name: "LotteryDraws");

            migrationBuilder.DropTable(
                name: "SeriesOccurrences");

            migrationBuilder.DropTable(
                name: "BookingSeries");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_ApplicationDays",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_Enabled",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_HostAreaWeight",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_HouseholdCap",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_SeniorFrom",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_SeniorUntil",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_Lottery_SeniorWeight",
                table: "Facilities");
        }
    }
}
