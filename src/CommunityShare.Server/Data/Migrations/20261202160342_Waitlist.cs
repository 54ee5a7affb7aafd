using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Waitlist : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WaitlistEntries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    PartySize = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    OfferTime = table.Column<long>(type: "INTEGER", nullable: true),
                    OfferDeadline = table.Column<long>(type: "INTEGER", nullable: true),
                    BookingId = table.Column<string>(type: "TEXT", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaitlistEntries", x => x.Id);
                    table.CheckConstraint("CK_WaitlistEntries_PartySize", "PartySize >= 1");
                    table.CheckConstraint("CK_WaitlistEntries_Slot", "\"End\" > \"Start\"");
                });

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_FacilityId_State_Start",
                table: "WaitlistEntries",
                columns: new[] { "FacilityId", "State", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_ResidentId_State",
                table: "WaitlistEntries",
                columns: new[] { "ResidentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_WaitlistEntries_State_OfferDeadline",
                table: "WaitlistEntries",
                columns: new[] { "State", "OfferDeadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WaitlistEntries");
        }
    }
}
