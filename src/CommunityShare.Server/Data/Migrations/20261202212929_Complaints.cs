using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Complaints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CalendarDays",
                columns: table => new
                {
                    Date = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarDays", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "Complaints",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FiledBy = table.Column<string>(type: "TEXT", nullable: false),
                    Anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    TargetKind = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: true),
                    InstitutionId = table.Column<string>(type: "TEXT", nullable: true),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: true),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    OfficeCode = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    FiledTime = table.Column<long>(type: "INTEGER", nullable: false),
                    DueTime = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstResponseTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Response = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CloseTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    CloseNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Satisfaction = table.Column<int>(type: "INTEGER", nullable: true),
                    StepCount = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Complaints", x => x.Id);
                    table.CheckConstraint("CK_Complaints_Satisfaction", "Satisfaction IS NULL OR Satisfaction BETWEEN 1 AND 5");
                });

            migrationBuilder.CreateTable(
                name: "Inspections",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<string>(type: "TEXT", nullable: false),
                    InstitutionId = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    InspectTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Inspector = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    Result = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintPhotos",
                columns: table => new
                {
                    ComplaintId = table.Column<string>(type: "TEXT", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintPhotos", x => x.ComplaintId);
                    table.ForeignKey(
                        name: "FK_ComplaintPhotos_Complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintSteps",
                columns: table => new
                {
                    ComplaintId = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintSteps", x => new { x.ComplaintId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_ComplaintSteps_Complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_FacilityId",
                table: "Complaints",
                column: "FacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_FiledBy_FiledTime",
                table: "Complaints",
                columns: new[] { "FiledBy", "FiledTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_InstitutionId",
                table: "Complaints",
                column: "InstitutionId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_OfficeCode_State_DueTime",
                table: "Complaints",
                columns: new[] { "OfficeCode", "State", "DueTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_ProviderId",
                table: "Complaints",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_State_DueTime",
                table: "Complaints",
                columns: new[] { "State", "DueTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_FacilityId_InspectTime",
                table: "Inspections",
                columns: new[] { "FacilityId", "InspectTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_PlaceCode_InspectTime",
                table: "Inspections",
                columns: new[] { "PlaceCode", "InspectTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CalendarDays");

            migrationBuilder.DropTable(
                name: "ComplaintPhotos");

            migrationBuilder.DropTable(
                name: "ComplaintSteps");

            migrationBuilder.DropTable(
                name: "Inspections");

            migrationBuilder.DropTable(
                name: "Complaints");
        }
    }
}
