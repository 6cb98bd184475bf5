using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// The support loop: a merchant hands Customer Service a new password (encrypted, single use) on
/// the request itself, and a request records why it closed (an agent, or the account reconnecting).
/// </summary>
[DbContext(typeof(LegacyMigrationsDb))]
[Migration("20261201000003_SupportPasswordHandoff")]
public sealed class SupportPasswordHandoff : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("password_cipher", "support_requests", nullable: true);
        migrationBuilder.AddColumn<string>("closed_because", "support_requests", maxLength: 32, nullable: true);
        migrationBuilder.Sql("UPDATE support_requests SET closed_because = 'agent' WHERE status = 'closed'");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("closed_because", "support_requests");
        migrationBuilder.DropColumn("password_cipher", "support_requests");
    }
}
