using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScheduledNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ScheduledNotices",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Template = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    DueTime = table.Column<long>(type: "INTEGER", nullable: false),
                    SendTime = table.Column<long>(type: "INTEGER", nullable: true),
                    DropTime = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduledNotices", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScheduledNotices_SendTime_DueTime",
                table: "ScheduledNotices",
                columns: new[] { "SendTime", "DueTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScheduledNotices");
        }
    }
}
