using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Issue 14, part 4: in-app notices, one per outbox message, and each user's unread ones.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261205000005_Notices")]
public sealed class Notices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "notices",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                outbox_message_id = t.Column<Guid>(nullable: false),
                type = t.Column<string>(maxLength: 64, nullable: false),
                carrier = t.Column<string>(maxLength: 32, nullable: false),
                nickname = t.Column<string>(maxLength: 100, nullable: false),
                state = t.Column<string>(maxLength: 32, nullable: false),
                detail = t.Column<string>(nullable: false),
                occurred_at = t.Column<DateTime>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_notices", x => x.id);
                t.ForeignKey("fk_notices_merchants_merchant_id", x => x.merchant_id, "merchants", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("fk_notices_carrier_accounts_account_id", x => x.account_id, "carrier_accounts", "id",
                    onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_notices_outbox_message_id", "notices", "outbox_message_id", unique: true);
        migrationBuilder.CreateIndex("ix_notices_merchant_id_occurred_at", "notices", ["merchant_id", "occurred_at"]);
        migrationBuilder.CreateIndex("ix_notices_account_id", "notices", "account_id");

        migrationBuilder.CreateTable(
            name: "unread_notices",
            columns: t => new
            {
                user_id = t.Column<Guid>(nullable: false),
                notice_id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_unread_notices", x => new { x.user_id, x.notice_id });
                t.ForeignKey("fk_unread_notices_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("fk_unread_notices_notices_notice_id", x => x.notice_id, "notices", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_unread_notices_notice_id", "unread_notices", "notice_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("unread_notices");
        migrationBuilder.DropTable("notices");
    }
}
