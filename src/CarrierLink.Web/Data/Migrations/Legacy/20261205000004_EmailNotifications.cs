using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Issue 14: email to the merchants' users: each user's preferences and the mails waiting to be sent.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261205000004_EmailNotifications")]
public sealed class EmailNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "email_preferences",
            columns: t => new
            {
                user_id = t.Column<Guid>(nullable: false),
                daily_digest = t.Column<bool>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_email_preferences", x => x.user_id);
                t.ForeignKey("fk_email_preferences_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "email_event_choices",
            columns: t => new
            {
                user_id = t.Column<Guid>(nullable: false),
                event_type = t.Column<string>(maxLength: 64, nullable: false),
                enabled = t.Column<bool>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_email_event_choices", x => new { x.user_id, x.event_type });
                t.ForeignKey("fk_email_event_choices_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "email_jobs",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                source_id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: false),
                event_type = t.Column<string>(maxLength: 64, nullable: false),
                occurred_at = t.Column<DateTime>(nullable: false),
                headline = t.Column<string>(maxLength: 300, nullable: false),
                body = t.Column<string>(nullable: false),
                action_label = t.Column<string>(maxLength: 64, nullable: true),
                action_path = t.Column<string>(maxLength: 300, nullable: true),
                digest = t.Column<bool>(nullable: false),
                due_at = t.Column<DateTime>(nullable: false),
                sent_at = t.Column<DateTime>(nullable: true),
                attempts = t.Column<int>(nullable: false),
                last_error = t.Column<string>(maxLength: 500, nullable: true),
                claim_token = t.Column<Guid>(nullable: true),
                claimed_until = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_email_jobs", x => x.id);
                t.ForeignKey("fk_email_jobs_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_email_jobs_source_user", "email_jobs", ["source_id", "user_id"], unique: true);
        migrationBuilder.CreateIndex("ix_email_jobs_due", "email_jobs", "due_at", filter: "sent_at IS NULL");
        migrationBuilder.CreateIndex("ix_email_jobs_user_id", "email_jobs", "user_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("email_jobs");
        migrationBuilder.DropTable("email_event_choices");
        migrationBuilder.DropTable("email_preferences");
    }
}
