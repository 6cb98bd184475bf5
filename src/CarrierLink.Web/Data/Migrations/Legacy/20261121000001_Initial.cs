using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// Written by hand (docs/decisions/0001-ef-migrations.md). Column types come from the
/// CLR types so one migration serves SQLite and PostgreSQL; names are the snake_case the model uses.
/// </summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261121000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "merchants",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 200, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_merchants", x => x.id));

        migrationBuilder.CreateTable(
            name: "users",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: true),
                email = t.Column<string>(maxLength: 320, nullable: false),
                normalized_email = t.Column<string>(maxLength: 320, nullable: false),
                password_hash = t.Column<string>(nullable: false),
                role = t.Column<string>(maxLength: 32, nullable: false),
                failed_sign_ins = t.Column<int>(nullable: false),
                locked_until = t.Column<DateTime>(nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_users", x => x.id);
                t.ForeignKey("fk_users_merchants_merchant_id", x => x.merchant_id, "merchants", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_users_normalized_email", "users", "normalized_email", unique: true);
        migrationBuilder.CreateIndex("ix_users_merchant_id", "users", "merchant_id");

        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                prefix = t.Column<string>(maxLength: 16, nullable: false),
                hash = t.Column<string>(maxLength: 64, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                last_used_at = t.Column<DateTime>(nullable: true),
                revoked_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_api_keys", x => x.id);
                t.ForeignKey("fk_api_keys_merchants_merchant_id", x => x.merchant_id, "merchants", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_api_keys_hash", "api_keys", "hash", unique: true);
        migrationBuilder.CreateIndex("ix_api_keys_merchant_id", "api_keys", "merchant_id");

        migrationBuilder.CreateTable(
            name: "carrier_accounts",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                carrier = t.Column<string>(maxLength: 32, nullable: false),
                nickname = t.Column<string>(maxLength: 100, nullable: false),
                state = t.Column<string>(maxLength: 32, nullable: false),
                state_reason = t.Column<string>(nullable: true),
                state_changed_at = t.Column<DateTime>(nullable: false),
                carrier_account_id = t.Column<string>(nullable: true),
                carrier_sub_account_id = t.Column<string>(nullable: true),
                settings_json = t.Column<string>(nullable: false),
                last_success_at = t.Column<DateTime>(nullable: true),
                last_failure_at = t.Column<DateTime>(nullable: true),
                last_failure_kind = t.Column<string>(nullable: true),
                last_failure_message = t.Column<string>(nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
                version = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carrier_accounts", x => x.id);
                t.ForeignKey("fk_carrier_accounts_merchants_merchant_id", x => x.merchant_id, "merchants", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carrier_accounts_merchant_id_id", "carrier_accounts", ["merchant_id", "id"]);

        migrationBuilder.CreateTable(
            name: "carrier_credentials",
            columns: t => new
            {
                account_id = t.Column<Guid>(nullable: false),
                access_token_cipher = t.Column<string>(nullable: true),
                access_token_expires_at = t.Column<DateTime>(nullable: true),
                refresh_token_cipher = t.Column<string>(nullable: true),
                refresh_token_expires_at = t.Column<DateTime>(nullable: true),
                username_cipher = t.Column<string>(nullable: true),
                password_cipher = t.Column<string>(nullable: true),
                pending_password_cipher = t.Column<string>(nullable: true),
                updated_at = t.Column<DateTime>(nullable: false),
                version = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carrier_credentials", x => x.account_id);
                t.ForeignKey("fk_carrier_credentials_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "account_events",
            columns: t => new
            {
                id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                account_id = t.Column<Guid>(nullable: false),
                at = t.Column<DateTime>(nullable: false),
                type = t.Column<string>(maxLength: 64, nullable: false),
                detail = t.Column<string>(nullable: false),
                user_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_account_events", x => x.id);
                t.ForeignKey("fk_account_events_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_account_events_account_id_id", "account_events", ["account_id", "id"]);

        migrationBuilder.CreateTable(
            name: "oauth_states",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                state_hash = t.Column<string>(maxLength: 64, nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: true),
                carrier = t.Column<string>(maxLength: 32, nullable: false),
                redirect_uri = t.Column<string>(nullable: false),
                code_verifier_cipher = t.Column<string>(nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                expires_at = t.Column<DateTime>(nullable: false),
                consumed_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_oauth_states", x => x.id);
                t.ForeignKey("fk_oauth_states_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_oauth_states_state_hash", "oauth_states", "state_hash", unique: true);
        migrationBuilder.CreateIndex("ix_oauth_states_account_id", "oauth_states", "account_id");

        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: t => new
            {
                id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                friendly_name = t.Column<string>(nullable: true),
                xml = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_data_protection_keys", x => x.id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("data_protection_keys");
        migrationBuilder.DropTable("oauth_states");
        migrationBuilder.DropTable("account_events");
        migrationBuilder.DropTable("carrier_credentials");
        migrationBuilder.DropTable("carrier_accounts");
        migrationBuilder.DropTable("api_keys");
        migrationBuilder.DropTable("users");
        migrationBuilder.DropTable("merchants");
    }
}
