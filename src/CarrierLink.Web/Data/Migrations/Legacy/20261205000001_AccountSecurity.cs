using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// Issue 13 (ASVS level 2): server-side sessions, sign-in throttles per email instead of a lockout per user,
/// password resets, authenticator apps with recovery codes, and names for API keys.
/// </summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261205000001_AccountSecurity")]
public sealed class AccountSecurity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "user_sessions",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                last_seen_at = t.Column<DateTime>(nullable: false),
                expires_at = t.Column<DateTime>(nullable: false),
                ended_at = t.Column<DateTime>(nullable: true),
                user_agent = t.Column<string>(maxLength: 200, nullable: true),
                ip_address = t.Column<string>(maxLength: 64, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_user_sessions", x => x.id);
                t.ForeignKey("fk_user_sessions_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_user_sessions_user_id", "user_sessions", "user_id");

        migrationBuilder.CreateTable(
            name: "sign_in_throttles",
            columns: t => new
            {
                email_hash = t.Column<string>(maxLength: 64, nullable: false),
                failures = t.Column<int>(nullable: false),
                wait_until = t.Column<DateTime>(nullable: true),
                updated_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_sign_in_throttles", x => x.email_hash));

        migrationBuilder.CreateTable(
            name: "password_resets",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: false),
                token_hash = t.Column<string>(maxLength: 64, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                expires_at = t.Column<DateTime>(nullable: false),
                used_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_password_resets", x => x.id);
                t.ForeignKey("fk_password_resets_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_password_resets_token_hash", "password_resets", "token_hash", unique: true);
        migrationBuilder.CreateIndex("ix_password_resets_user_id", "password_resets", "user_id");

        migrationBuilder.CreateTable(
            name: "recovery_codes",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: false),
                hash = t.Column<string>(maxLength: 64, nullable: false),
                used_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_recovery_codes", x => x.id);
                t.ForeignKey("fk_recovery_codes_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_recovery_codes_user_id", "recovery_codes", "user_id");

        migrationBuilder.AddColumn<DateTime>("password_changed_at", "users", nullable: true);
        migrationBuilder.AddColumn<string>("totp_secret_cipher", "users", nullable: true);
        migrationBuilder.AddColumn<DateTime>("totp_enabled_at", "users", nullable: true);
        migrationBuilder.AddColumn<long>("totp_last_step", "users", nullable: true);
        // The per-user lockout let anyone who knew an email keep its owner out; sign_in_throttles replaces it.
        // Note: plain SQL, because EF's SQLite provider only drops columns by rebuilding the table from a model
        // snapshot, which hand-written migrations do not have; SQLite 3.35+ and PostgreSQL both take this.
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN failed_sign_ins");
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN locked_until");
        migrationBuilder.AddColumn<string>("name", "api_keys", maxLength: 100, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("ALTER TABLE api_keys DROP COLUMN name");
        migrationBuilder.AddColumn<DateTime>("locked_until", "users", nullable: true);
        migrationBuilder.AddColumn<int>("failed_sign_ins", "users", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN totp_last_step");
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN totp_enabled_at");
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN totp_secret_cipher");
        migrationBuilder.Sql("ALTER TABLE users DROP COLUMN password_changed_at");
        migrationBuilder.DropTable("recovery_codes");
        migrationBuilder.DropTable("password_resets");
        migrationBuilder.DropTable("sign_in_throttles");
        migrationBuilder.DropTable("user_sessions");
    }
}
