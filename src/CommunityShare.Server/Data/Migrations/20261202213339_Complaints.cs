using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

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

            migrationBuilder.InsertData(
                table: "CalendarDays",
                columns: new[] { "Date", "Kind", "Name" },
                values: new object[,]
                {
                    { 20260101, 1, "元旦" },
                    { 20260102, 1, "元旦" },
                    { 20260103, 1, "元旦" },
                    { 20260104, 2, "元旦调休" },
                    { 20260214, 2, "春节调休" },
                    { 20260215, 1, "春节" },
                    { 20260216, 1, "春节" },
                    { 20260217, 1, "春节" },
                    { 20260218, 1, "春节" },
                    { 20260219, 1, "春节" },
                    { 20260220, 1, "春节" },
                    { 20260221, 1, "春节" },
                    { 20260222, 1, "春节" },
                    { 20260223, 1, "春节" },
                    { 20260228, 2, "春节调休" },
                    { 20260404, 1, "清明节" },
                    { 20260405, 1, "清明节" },
                    { 20260406, 1, "清明节" },
                    { 20260501, 1, "劳动节" },
                    { 20260502, 1, "劳动节" },
                    { 20260503, 1, "劳动节" },
                    { 20260504, 1, "劳动节" },
                    { 20260505, 1, "劳动节" },
                    { 20260509, 2, "劳动节调休" },
                    { 20260619, 1, "端午节" },
                    { 20260620, 1, "端午节" },
                    { 20260621, 1, "端午节" },
                    { 20260920, 2, "国庆节调休" },
                    { 20260925, 1, "中秋节" },
                    { 20260926, 1, "中秋节" },
                    { 20260927, 1, "中秋节" },
                    { 20261001, 1, "国庆节" },
                    { 20261002, 1, "国庆节" },
                    { 20261003, 1, "国庆节" },
                    { 20261004, 1, "国庆节" },
                    { 20261005, 1, "国庆节" },
                    { 20261006, 1, "国庆节" },
                    { 20261007, 1, "国庆节" },
                    { 20261010, 2, "国庆节调休" }
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
