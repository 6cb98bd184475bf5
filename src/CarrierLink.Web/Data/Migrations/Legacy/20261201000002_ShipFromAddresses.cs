using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Each merchant's ship-from addresses (Settings > Ship-from addresses), instead of one address for everybody.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261201000002_ShipFromAddresses")]
public sealed class ShipFromAddresses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ship_from_addresses",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 100, nullable: false),
                company = t.Column<string>(maxLength: 100, nullable: true),
                street1 = t.Column<string>(maxLength: 100, nullable: false),
                street2 = t.Column<string>(maxLength: 100, nullable: true),
                city = t.Column<string>(maxLength: 100, nullable: false),
                state = t.Column<string>(maxLength: 2, nullable: false),
                zip = t.Column<string>(maxLength: 10, nullable: false),
                phone = t.Column<string>(maxLength: 30, nullable: true),
                is_default = t.Column<bool>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_ship_from_addresses", x => x.id);
                t.ForeignKey("fk_ship_from_addresses_merchants_merchant_id", x => x.merchant_id, "merchants", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_ship_from_addresses_merchant_id", "ship_from_addresses", "merchant_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ship_from_addresses");
}
