using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>Issue 14: the outbox of connection events, written with the change it reports and told by any node.</summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261205000002_Outbox")]
public sealed class Outbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                merchant_id = t.Column<Guid>(nullable: false),
                account_id = t.Column<Guid>(nullable: false),
                type = t.Column<string>(maxLength: 64, nullable: false),
                occurred_at = t.Column<DateTime>(nullable: false),
                carrier = t.Column<string>(maxLength: 32, nullable: false),
                nickname = t.Column<string>(maxLength: 100, nullable: false),
                state = t.Column<string>(maxLength: 32, nullable: false),
                reason = t.Column<string>(nullable: true),
                reason_code = t.Column<string>(maxLength: 64, nullable: true),
                detail = t.Column<string>(nullable: false),
                dispatched_at = t.Column<DateTime>(nullable: true),
                claim_token = t.Column<Guid>(nullable: true),
                claimed_until = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_outbox_messages", x => x.id));
        migrationBuilder.CreateIndex("ix_outbox_messages_pending", "outbox_messages", "id", filter: "dispatched_at IS NULL");
        migrationBuilder.CreateIndex("ix_outbox_messages_merchant_id_id", "outbox_messages", ["merchant_id", "id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("outbox_messages");
}
