using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Shipping records, idempotency, reminders, resumable operations and grants awaiting a decision.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261121000002_Shipping")]
public sealed class Shipping : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("carrier_details_json", "carrier_accounts", nullable: true);

        migrationBuilder.CreateTable(
            name: "labels",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                tracking_number = t.Column<string>(nullable: false),
                price = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
                currency = t.Column<string>(nullable: false),
                mail_class = t.Column<string>(nullable: false),
                zone = t.Column<string>(nullable: true),
                status = t.Column<string>(nullable: false),
                mailing_date = t.Column<DateOnly>(nullable: false),
                from_address_json = t.Column<string>(nullable: false),
                manifest_number = t.Column<string>(nullable: true),
                label_pdf = t.Column<byte[]>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                voided_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_labels", x => x.id);
                t.ForeignKey("fk_labels_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_labels_account_id_tracking_number", "labels", ["account_id", "tracking_number"], unique: true);

        migrationBuilder.CreateTable(
            name: "end_of_day_manifests",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                manifest_number = t.Column<string>(nullable: false),
                mailing_date = t.Column<DateOnly>(nullable: false),
                tracking_numbers_json = t.Column<string>(nullable: false),
                form_pdf = t.Column<byte[]>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_end_of_day_manifests", x => x.id);
                t.ForeignKey("fk_end_of_day_manifests_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_end_of_day_manifests_account_id", "end_of_day_manifests", "account_id");

        migrationBuilder.CreateTable(
            name: "pickups",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                confirmation_number = t.Column<string>(nullable: false),
                pickup_date = t.Column<DateOnly>(nullable: false),
                status = t.Column<string>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_pickups", x => x.id);
                t.ForeignKey("fk_pickups_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_pickups_account_id_confirmation_number", "pickups", ["account_id", "confirmation_number"], unique: true);

        migrationBuilder.CreateTable(
            name: "idempotency_records",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                key = t.Column<string>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                request_hash = t.Column<string>(nullable: false),
                carrier_reference = t.Column<string>(nullable: false),
                status = t.Column<string>(nullable: false),
                label_id = t.Column<Guid>(nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_idempotency_records", x => x.id);
                t.ForeignKey("fk_idempotency_records_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_idempotency_records_merchant_id_key", "idempotency_records", ["merchant_id", "key"], unique: true);
        migrationBuilder.CreateIndex("ix_idempotency_records_account_id", "idempotency_records", "account_id");

        migrationBuilder.CreateTable(
            name: "reminder_snoozes",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: true),
                until = t.Column<DateTime>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_reminder_snoozes", x => x.id);
                t.ForeignKey("fk_reminder_snoozes_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_reminder_snoozes_account_id_user_id", "reminder_snoozes", ["account_id", "user_id"]);

        migrationBuilder.CreateTable(
            name: "failed_operations",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                operation = t.Column<string>(nullable: false),
                request_json = t.Column<string>(nullable: false),
                at = t.Column<DateTime>(nullable: false),
                resolved_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_failed_operations", x => x.id);
                t.ForeignKey("fk_failed_operations_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_failed_operations_account_id", "failed_operations", "account_id");

        migrationBuilder.CreateTable(
            name: "pending_grants",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                access_token_cipher = t.Column<string>(nullable: false),
                access_token_expires_at = t.Column<DateTime>(nullable: false),
                refresh_token_cipher = t.Column<string>(nullable: true),
                refresh_token_expires_at = t.Column<DateTime>(nullable: true),
                identity_json = t.Column<string>(nullable: false),
                expires_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_pending_grants", x => x.id);
                t.ForeignKey("fk_pending_grants_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_pending_grants_account_id", "pending_grants", "account_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "pending_grants", "failed_operations", "reminder_snoozes", "idempotency_records", "pickups", "end_of_day_manifests", "labels" })
            migrationBuilder.DropTable(table);
        migrationBuilder.DropColumn("carrier_details_json", "carrier_accounts");
    }
}
