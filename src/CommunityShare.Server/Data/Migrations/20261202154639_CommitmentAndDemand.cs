using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommitmentAndDemand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Rules_CommitmentAdmission",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Rules_HighDemand",
                table: "Facilities",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ApprovalReason",
                table: "Bookings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "OnCommitment",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Rules_CommitmentAdmission",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "Rules_HighDemand",
                table: "Facilities");

            migrationBuilder.DropColumn(
                name: "ApprovalReason",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "OnCommitment",
                table: "Bookings");
        }
    }
}
