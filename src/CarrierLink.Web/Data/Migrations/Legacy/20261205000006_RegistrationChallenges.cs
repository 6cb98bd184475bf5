using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Issue 15: registrations (FedEx) waiting for the merchant's PIN or invoice.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261205000006_RegistrationChallenges")]
public sealed class RegistrationChallenges : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "registration_challenges",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                auth_token_cipher = t.Column<string>(nullable: true),
                methods = t.Column<string>(maxLength: 64, nullable: false),
                masked_email = t.Column<string>(maxLength: 320, nullable: true),
                masked_phone = t.Column<string>(maxLength: 64, nullable: true),
                pin_sent_by = t.Column<string>(maxLength: 16, nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                expires_at = t.Column<DateTime>(nullable: false),
                used_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_registration_challenges", x => x.id);
                t.ForeignKey("fk_registration_challenges_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id",
                    onDelete: ReferentialAction.Cascade);
                t.ForeignKey("fk_registration_challenges_merchants_merchant_id", x => x.merchant_id, "merchants", "id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_registration_challenges_account_id_created_at", "registration_challenges", ["account_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_registration_challenges_merchant_id", "registration_challenges", "merchant_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("registration_challenges");
}
