using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// An Idempotency-Key belongs to one account and one operation, as payment APIs scope theirs: the same key
/// on another account is another request, not a replay of the first account's label.
/// </summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261201000004_IdempotencyScope")]
public sealed class IdempotencyScope : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("operation", "idempotency_records", maxLength: 32, nullable: false, defaultValue: "label");
        migrationBuilder.DropIndex("ix_idempotency_records_merchant_id_key", "idempotency_records");
        migrationBuilder.DropIndex("ix_idempotency_records_account_id", "idempotency_records");
        migrationBuilder.CreateIndex("ux_idempotency_records_account_operation_key", "idempotency_records", ["account_id", "operation", "key"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ux_idempotency_records_account_operation_key", "idempotency_records");
        migrationBuilder.CreateIndex("ix_idempotency_records_account_id", "idempotency_records", "account_id");
        migrationBuilder.CreateIndex("ix_idempotency_records_merchant_id_key", "idempotency_records", ["merchant_id", "key"], unique: true);
        migrationBuilder.DropColumn("operation", "idempotency_records");
    }
}
