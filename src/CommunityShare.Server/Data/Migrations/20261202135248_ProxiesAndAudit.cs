using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProxiesAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ConsentMethod",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ConsentNote",
                table: "Bookings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Changes",
                table: "AuditEntries",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "ProxyGrants",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    ProxyResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Relationship = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConsentNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokeTime = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProxyGrants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Actor_Time",
                table: "AuditEntries",
                columns: new[] { "Actor", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_ProxyGrants_ProxyResidentId",
                table: "ProxyGrants",
                column: "ProxyResidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ProxyGrants_ResidentId",
                table: "ProxyGrants",
                column: "ResidentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProxyGrants");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Actor_Time",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "ConsentMethod",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "ConsentNote",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Changes",
                table: "AuditEntries");
        }
    }
}
