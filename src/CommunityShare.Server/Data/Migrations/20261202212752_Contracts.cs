using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Contracts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Providers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Providers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceContracts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ContractingPlaceCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Start = table.Column<int>(type: "INTEGER", nullable: false),
                    End = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", nullable: false),
                    FacilityIds = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    SuspensionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TerminationReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivateTime = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Levels_ComplaintResponseWorkingDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Levels_MinSatisfaction = table.Column<double>(type: "REAL", nullable: true),
                    Levels_MinUseRate = table.Column<double>(type: "REAL", nullable: true),
                    Levels_OpenHoursPerWeek = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceContracts", x => x.Id);
                    table.CheckConstraint("CK_ServiceContracts_Term", "\"End\" >= \"Start\"");
                    table.ForeignKey(
                        name: "FK_ServiceContracts_Providers_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Providers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContractReminders",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ContractId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Measured = table.Column<double>(type: "REAL", nullable: true),
                    Promised = table.Column<double>(type: "REAL", nullable: true),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractReminders_ServiceContracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "ServiceContracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContractReminders_ContractId_CreateTime",
                table: "ContractReminders",
                columns: new[] { "ContractId", "CreateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Providers_PlaceCode",
                table: "Providers",
                column: "PlaceCode");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceContracts_ContractingPlaceCode_State",
                table: "ServiceContracts",
                columns: new[] { "ContractingPlaceCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceContracts_ProviderId_State",
                table: "ServiceContracts",
                columns: new[] { "ProviderId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceContracts_State_End",
                table: "ServiceContracts",
                columns: new[] { "State", "End" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContractReminders");

            migrationBuilder.DropTable(
                name: "ServiceContracts");

            migrationBuilder.DropTable(
                name: "Providers");
        }
    }
}
