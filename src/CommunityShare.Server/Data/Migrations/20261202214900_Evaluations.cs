using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Evaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Evaluations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectKind = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectName = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: true),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    AuthorityPlaceCode = table.Column<string>(type: "TEXT", nullable: true),
                    From = table.Column<int>(type: "INTEGER", nullable: false),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    SchemeId = table.Column<string>(type: "TEXT", nullable: false),
                    Weights = table.Column<string>(type: "TEXT", nullable: false),
                    Grades = table.Column<string>(type: "TEXT", nullable: false),
                    Indicators = table.Column<string>(type: "TEXT", nullable: false),
                    ComputedScore = table.Column<double>(type: "REAL", nullable: false),
                    Adjustments = table.Column<string>(type: "TEXT", nullable: false),
                    Grade = table.Column<int>(type: "INTEGER", nullable: false),
                    ContractValueForPeriod = table.Column<decimal>(type: "TEXT", nullable: true),
                    ProposedReward = table.Column<decimal>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ConfirmTime = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", nullable: true),
                    PublishTime = table.Column<long>(type: "INTEGER", nullable: true),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EvaluationSchemes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Weights = table.Column<string>(type: "TEXT", nullable: false),
                    Grades = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationSchemes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_State_From",
                table: "Evaluations",
                columns: new[] { "State", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_SubjectKind_SubjectId_From_To",
                table: "Evaluations",
                columns: new[] { "SubjectKind", "SubjectId", "From", "To" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Evaluations");

            migrationBuilder.DropTable(
                name: "EvaluationSchemes");
        }
    }
}
