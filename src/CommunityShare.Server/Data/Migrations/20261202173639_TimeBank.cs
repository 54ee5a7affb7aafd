using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityShare.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimeBank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Redemptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    CostMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    LeadHours = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<string>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    RedeemedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RedeemTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpireTime = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    UseTime = table.Column<long>(type: "INTEGER", nullable: true),
                    UsedFor = table.Column<string>(type: "TEXT", nullable: false),
                    ReverseTime = table.Column<long>(type: "INTEGER", nullable: true),
                    ReverseReason = table.Column<string>(type: "TEXT", nullable: false),
                    ReversedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Redemptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TimeEntries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ResidentId = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    BalanceAfter = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Counterparty = table.Column<string>(type: "TEXT", nullable: false),
                    PlaceCode = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OccurTime = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RecordTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimeEntries", x => x.Id);
                    table.CheckConstraint("CK_TimeEntries_BalanceAfter", "BalanceAfter >= 0");
                    table.CheckConstraint("CK_TimeEntries_Minutes", "Minutes <> 0");
                    table.CheckConstraint("CK_TimeEntries_Sequence", "Sequence >= 1");
                });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_ResidentId_Kind_State",
                table: "Redemptions",
                columns: new[] { "ResidentId", "Kind", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_ResidentId_RedeemTime",
                table: "Redemptions",
                columns: new[] { "ResidentId", "RedeemTime" });

            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_Kind_Source",
                table: "TimeEntries",
                columns: new[] { "Kind", "Source" },
                unique: true,
                filter: "Kind IN (1, 5)");

            migrationBuilder.CreateIndex(
                name: "IX_TimeEntries_ResidentId_Sequence",
                table: "TimeEntries",
                columns: new[] { "ResidentId", "Sequence" },
                unique: true);

            // The ledger is append-only, and each entry follows the one before it: its balance is the
            // previous balance plus its minutes. So the ledger always sums to the balance, whoever writes.
            migrationBuilder.Sql("""
                CREATE TRIGGER TimeEntries_AppendOnly_Update BEFORE UPDATE ON TimeEntries
                BEGIN SELECT RAISE(ABORT, 'time ledger is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER TimeEntries_AppendOnly_Delete BEFORE DELETE ON TimeEntries
                BEGIN SELECT RAISE(ABORT, 'time ledger is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER TimeEntries_FollowsPrevious BEFORE INSERT ON TimeEntries
                WHEN NEW.BalanceAfter <> COALESCE((SELECT BalanceAfter FROM TimeEntries
                                                   WHERE ResidentId = NEW.ResidentId AND Sequence = NEW.Sequence - 1), 0) + NEW.Minutes
                  OR (NEW.Sequence > 1 AND NOT EXISTS (SELECT 1 FROM TimeEntries WHERE ResidentId = NEW.ResidentId AND Sequence = NEW.Sequence - 1))
                BEGIN SELECT RAISE(ABORT, 'time ledger entry does not follow the previous one'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TimeEntries_FollowsPrevious;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TimeEntries_AppendOnly_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TimeEntries_AppendOnly_Update;");
            migrationBuilder.DropTable(
                name: "Redemptions");

            migrationBuilder.DropTable(
                name: "TimeEntries");
        }
    }
}
