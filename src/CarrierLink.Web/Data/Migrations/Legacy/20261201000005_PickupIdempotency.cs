using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// Pickups are scheduled under an idempotency record like labels (issue 11): the record points at the pickup
/// it made, so a retry whose first answer was lost gets that pickup instead of a second one. Every record keeps
/// the request it stands for, so an operation left unknown can be settled in the background.
/// </summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261201000005_PickupIdempotency")]
public sealed class PickupIdempotency : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>("pickup_id", "idempotency_records", nullable: true);
        migrationBuilder.AddColumn<string>("request_json", "idempotency_records", nullable: true);
        migrationBuilder.CreateIndex("ix_idempotency_records_status_updated_at", "idempotency_records", ["status", "updated_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_idempotency_records_status_updated_at", "idempotency_records");
        migrationBuilder.DropColumn("request_json", "idempotency_records");
        migrationBuilder.DropColumn("pickup_id", "idempotency_records");
    }
}
