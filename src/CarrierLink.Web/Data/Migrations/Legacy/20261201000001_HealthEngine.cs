using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// The health engine: the due-queue on accounts, conflict-free trouble counters, refresh leases on
/// credentials, carrier-wide incidents, and failed operations remembered once.
/// </summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261201000001_HealthEngine")]
public sealed class HealthEngine : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("state_reason_code", "carrier_accounts", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<DateTime>("trouble_since", "carrier_accounts", nullable: true);
        migrationBuilder.AddColumn<int>("transient_failures", "carrier_accounts", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<DateTime>("last_auth_failure_at", "carrier_accounts", nullable: true);
        migrationBuilder.AddColumn<Guid>("held_by_incident_id", "carrier_accounts", nullable: true);
        migrationBuilder.AddColumn<DateTime>("next_due_at", "carrier_accounts", nullable: true);
        migrationBuilder.AddColumn<string>("due_reason", "carrier_accounts", maxLength: 32, nullable: true);
        migrationBuilder.AddColumn<DateTime>("last_checked_at", "carrier_accounts", nullable: true);
        migrationBuilder.AddColumn<int>("expiry_warned_days", "carrier_accounts", nullable: true);
        migrationBuilder.CreateIndex("ix_carrier_accounts_due", "carrier_accounts", "next_due_at", filter: "next_due_at IS NOT NULL");
        migrationBuilder.CreateIndex("ix_carrier_accounts_auth_failures", "carrier_accounts", ["carrier", "last_auth_failure_at"], filter: "last_auth_failure_at IS NOT NULL");
        migrationBuilder.CreateIndex("ix_carrier_accounts_held", "carrier_accounts", "held_by_incident_id", filter: "held_by_incident_id IS NOT NULL");
        // Every live account is planned by the engine on its first pass.
        migrationBuilder.Sql("UPDATE carrier_accounts SET next_due_at = updated_at, due_reason = 'plan' WHERE state NOT IN ('pending', 'disconnected')");

        migrationBuilder.AddColumn<DateTime>("refresh_lease_until", "carrier_credentials", nullable: true);
        migrationBuilder.AddColumn<string>("refresh_lease_owner", "carrier_credentials", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<DateTime>("refresh_outcome_unknown_since", "carrier_credentials", nullable: true);

        migrationBuilder.CreateTable(
            name: "carrier_incidents",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                carrier = t.Column<string>(maxLength: 32, nullable: false),
                opened_at = t.Column<DateTime>(nullable: false),
                last_rejection_at = t.Column<DateTime>(nullable: false),
                held_accounts = t.Column<int>(nullable: false),
                last_canary_at = t.Column<DateTime>(nullable: true),
                closed_at = t.Column<DateTime>(nullable: true),
                close_reason = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_carrier_incidents", x => x.id));
        migrationBuilder.CreateIndex("ux_carrier_incidents_open", "carrier_incidents", "carrier", unique: true, filter: "closed_at IS NULL");

        // Rates cannot be resumed, so remembering them only grew the table; the rest get a hash of their own.
        migrationBuilder.Sql("DELETE FROM failed_operations WHERE operation = 'rates'");
        migrationBuilder.AddColumn<string>("request_hash", "failed_operations", maxLength: 64, nullable: false, defaultValue: "");
        migrationBuilder.Sql("UPDATE failed_operations SET request_hash = CAST(id AS TEXT)");
        migrationBuilder.CreateIndex("ux_failed_operations_waiting", "failed_operations", ["account_id", "request_hash"], unique: true, filter: "resolved_at IS NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ux_failed_operations_waiting", "failed_operations");
        migrationBuilder.DropColumn("request_hash", "failed_operations");
        migrationBuilder.DropTable("carrier_incidents");
        migrationBuilder.DropColumn("refresh_outcome_unknown_since", "carrier_credentials");
        migrationBuilder.DropColumn("refresh_lease_owner", "carrier_credentials");
        migrationBuilder.DropColumn("refresh_lease_until", "carrier_credentials");
        migrationBuilder.DropIndex("ix_carrier_accounts_held", "carrier_accounts");
        migrationBuilder.DropIndex("ix_carrier_accounts_auth_failures", "carrier_accounts");
        migrationBuilder.DropIndex("ix_carrier_accounts_due", "carrier_accounts");
        foreach (var column in new[] { "expiry_warned_days", "last_checked_at", "due_reason", "next_due_at", "held_by_incident_id", "last_auth_failure_at", "transient_failures", "trouble_since", "state_reason_code" })
            migrationBuilder.DropColumn(column, "carrier_accounts");
    }
}
