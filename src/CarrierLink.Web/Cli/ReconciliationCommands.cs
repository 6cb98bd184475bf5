using System.CommandLine;
using System.Text.Json;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;

namespace CarrierLink.Web.Cli;

/// <summary>`reconciliation report --account ID` and `reconciliation run`: operations a lost answer left unknown, and what was done about them.</summary>
internal static class ReconciliationCommands
{
    public static Command Create(CliRun cli)
    {
        var account = new Option<Guid>("--account") { Description = "The carrier account's id.", Required = true };
        var report = new Command("report", "Operations of an account whose outcome is not known yet, and the records corrected to agree with the carrier.") { account };
        report.SetAction((parse, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
            cli.Out.WriteLine(JsonSerializer.Serialize(await ReconciliationReportResponse.ReadAsync(db, parse.GetRequiredValue(account), cancellationToken), CarrierLinkCli.Json));
            return 0;
        }));

        var run = new Command("run", "Ask the carriers now about operations left unknown longer than Shipping:SettleAfterSeconds (one batch per account set).");
        run.SetAction((_, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            var reconciler = services.GetRequiredService<OperationReconciler>();
            var total = 0;
            for (var batch = 0; batch < 50; batch++)
            {
                var settled = await reconciler.RunOnceAsync(cancellationToken);
                total += settled;
                if (settled == 0) break;
            }
            cli.Out.WriteLine(JsonSerializer.Serialize(new { tried = total }, CarrierLinkCli.Json));
            return 0;
        }));
        return new Command("reconciliation", "Operations whose carrier answer was lost.") { report, run };
    }
}
