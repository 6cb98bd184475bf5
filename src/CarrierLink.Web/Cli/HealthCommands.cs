using System.CommandLine;
using System.Text.Json;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Cli;

/// <summary>`health status`: what the health engine sees across every node, read from the database.</summary>
internal static class HealthCommands
{
    public static Command Create(CliRun cli)
    {
        var status = new Command("status", "Accounts by carrier and state, the due backlog, refreshes in flight and open incidents.");
        status.SetAction((_, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
            cli.Out.WriteLine(JsonSerializer.Serialize(await ReadAsync(db, cancellationToken), CarrierLinkCli.Json));
            return 0;
        }));
        return new Command("health", "The connection health engine.") { status };
    }

    private static async Task<object> ReadAsync(CarrierLinkDb db, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var byState = await db.CarrierAccounts.AsNoTracking()
            .GroupBy(a => new { a.Carrier, a.State })
            .Select(g => new { g.Key.Carrier, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var (due, oldest) = await DueQueue.BacklogAsync(db, now, cancellationToken);
        var nextDue = await db.CarrierAccounts.Where(a => a.NextDueAt > now).MinAsync(a => a.NextDueAt, cancellationToken);
        var incidents = await CarrierIncidents.ListOpenAsync(db, cancellationToken);
        return new
        {
            at = now,
            accounts = byState.GroupBy(r => r.Carrier).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.State.ToSlug(), r => r.Count)),
            due_now = due,
            oldest_due_age_seconds = oldest is null ? 0 : (int)(now - oldest.Value).TotalSeconds,
            next_due_at = nextDue,
            in_trouble = await db.CarrierAccounts.CountAsync(a => a.TroubleSince != null, cancellationToken),
            refreshes_in_flight = await db.CarrierCredentials.CountAsync(c => c.RefreshLeaseUntil > now, cancellationToken),
            refresh_outcomes_unknown = await db.CarrierCredentials.CountAsync(c => c.RefreshOutcomeUnknownSince != null, cancellationToken),
            held_accounts = await db.CarrierAccounts.CountAsync(a => a.HeldByIncidentId != null, cancellationToken),
            open_incidents = incidents.Select(i => new { carrier = i.Carrier, opened_at = i.OpenedAt, last_rejection_at = i.LastRejectionAt, held_accounts = i.HeldAccounts }),
        };
    }
}
