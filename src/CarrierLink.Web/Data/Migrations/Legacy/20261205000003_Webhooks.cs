using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Issue 14: signed webhooks: endpoints per merchant, one delivery per event and endpoint, and the attempts log.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261205000003_Webhooks")]
public sealed class Webhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "webhook_endpoints",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                url = t.Column<string>(maxLength: 2048, nullable: false),
                description = t.Column<string>(maxLength: 200, nullable: true),
                event_types = t.Column<string>(maxLength: 1024, nullable: true),
                secret_cipher = t.Column<string>(nullable: false),
                previous_secret_cipher = t.Column<string>(nullable: true),
                previous_secret_expires_at = t.Column<DateTime>(nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
                failing_since = t.Column<DateTime>(nullable: true),
                disabled_at = t.Column<DateTime>(nullable: true),
                disabled_reason = t.Column<string>(maxLength: 32, nullable: true),
                disabled_mail_due_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_webhook_endpoints", x => x.id);
                t.ForeignKey("fk_webhook_endpoints_merchants_merchant_id", x => x.merchant_id, "merchants", "id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_webhook_endpoints_merchant_id", "webhook_endpoints", "merchant_id");
        migrationBuilder.CreateIndex("ix_webhook_endpoints_mail_due", "webhook_endpoints", "id", filter: "disabled_mail_due_at IS NOT NULL");

        migrationBuilder.CreateTable(
            name: "webhook_deliveries",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                endpoint_id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                message_id = t.Column<Guid>(nullable: true),
                type = t.Column<string>(maxLength: 64, nullable: false),
                payload = t.Column<string>(nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                attempts = t.Column<int>(nullable: false),
                schedule_step = t.Column<int>(nullable: false),
                occurred_at = t.Column<DateTime>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                next_attempt_at = t.Column<DateTime>(nullable: true),
                last_attempt_at = t.Column<DateTime>(nullable: true),
                last_status_code = t.Column<int>(nullable: true),
                succeeded_at = t.Column<DateTime>(nullable: true),
                claim_token = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_webhook_deliveries", x => x.id);
                t.ForeignKey("fk_webhook_deliveries_webhook_endpoints_endpoint_id", x => x.endpoint_id, "webhook_endpoints", "id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_webhook_deliveries_endpoint_message", "webhook_deliveries", ["endpoint_id", "message_id"],
            unique: true);
        migrationBuilder.CreateIndex("ix_webhook_deliveries_due", "webhook_deliveries", "next_attempt_at",
            filter: "next_attempt_at IS NOT NULL");
        migrationBuilder.CreateIndex("ix_webhook_deliveries_endpoint_id_id", "webhook_deliveries", ["endpoint_id", "id"]);

        migrationBuilder.CreateTable(
            name: "webhook_attempts",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                delivery_id = t.Column<Guid>(nullable: false),
                endpoint_id = t.Column<Guid>(nullable: false),
                at = t.Column<DateTime>(nullable: false),
                status_code = t.Column<int>(nullable: true),
                latency_milliseconds = t.Column<int>(nullable: false),
                outcome = t.Column<string>(maxLength: 32, nullable: false),
                response_excerpt = t.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_webhook_attempts", x => x.id);
                t.ForeignKey("fk_webhook_attempts_webhook_deliveries_delivery_id", x => x.delivery_id, "webhook_deliveries", "id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_webhook_attempts_delivery_id_id", "webhook_attempts", ["delivery_id", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("webhook_attempts");
        migrationBuilder.DropTable("webhook_deliveries");
        migrationBuilder.DropTable("webhook_endpoints");
    }
}
