using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations;

/// <summary>
/// Pickups are scheduled under an idempotency record like labels (issue 11): the record points at the pickup
/// it made, so a retry whose first answer was lost gets that pickup instead of a second one.
/// </summary>
[DbContext(typeof(CarrierLinkDb))]
[Migration("20261201000005_PickupIdempotency")]
public sealed class PickupIdempotency : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<Guid>("pickup_id", "idempotency_records", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("pickup_id", "idempotency_records");
}
