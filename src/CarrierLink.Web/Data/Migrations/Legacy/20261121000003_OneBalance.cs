using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>One Balance: SERA's own label and pickup ids, and support requests for UPS One Balance.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261121000003_OneBalance")]
public sealed class OneBalance : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("carrier_label_id", "labels", nullable: true);
        migrationBuilder.AddColumn<string>("carrier_pickup_id", "pickups", nullable: true);

        migrationBuilder.CreateTable(
            name: "support_requests",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                message = t.Column<string>(nullable: false),
                status = t.Column<string>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                closed_at = t.Column<DateTime>(nullable: true),
                closed_by = t.Column<Guid>(nullable: true),
                resolution = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_support_requests", x => x.id);
                t.ForeignKey("fk_support_requests_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_support_requests_status_created_at", "support_requests", ["status", "created_at"]);
        migrationBuilder.CreateIndex("ix_support_requests_account_id", "support_requests", "account_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("support_requests");
        migrationBuilder.DropColumn("carrier_pickup_id", "pickups");
        migrationBuilder.DropColumn("carrier_label_id", "labels");
    }
}
