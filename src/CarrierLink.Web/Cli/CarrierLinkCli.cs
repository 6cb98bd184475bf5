using System.CommandLine;
using System.Text.Json;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Merchants;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Cli;

/// <summary>
/// `migrate`, `merchants create`, `merchants list`, `agents create`, `health status`, `retention run`,
/// `reconciliation report`, `reconciliation run`
/// (http-api.md, "Running"). Output is JSON on
/// stdout; failures are one line on stderr and a non-zero exit code.
/// </summary>
public static class CarrierLinkCli
{
    private static readonly string[] Commands = ["migrate", "merchants", "agents", "health", "retention", "reconciliation"];
    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static bool Handles(string[] args) => CliArguments.Split(args).Command is [var first, ..] && Commands.Contains(first);

    /// <summary>The executable's CLI: the process's console and environment.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliConsole.Process);

    /// <summary>The same command line on <paramref name="console"/>'s writers and settings (tests run it in-process).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var (commandLine, configuration) = CliArguments.Split(args);
        var cli = new CliRun(console, configuration);
        var root = new RootCommand("CarrierLink administration.");
        root.Subcommands.Add(MigrateCommand(cli));
        root.Subcommands.Add(MerchantsCommand(cli));
        root.Subcommands.Add(AgentsCommand(cli));
        root.Subcommands.Add(HealthCommands.Create(cli));
        root.Subcommands.Add(RetentionCommand(cli));
        root.Subcommands.Add(ReconciliationCommands.Create(cli));
        return await root.Parse(commandLine).InvokeAsync(console.Invocation);
    }

    private static Command MigrateCommand(CliRun cli)
    {
        var migrate = new Command("migrate", "Apply every pending database migration.");
        migrate.SetAction((_, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await DatabaseSetup.MigrateAsync(services, cancellationToken);
            cli.Out.WriteLine(JsonSerializer.Serialize(new { migrated = true }, Json));
            return 0;
        }));
        return migrate;
    }

    private static Command MerchantsCommand(CliRun cli)
    {
        var name = new Option<string>("--name") { Description = "The merchant's business name.", Required = true };
        var email = new Option<string>("--email") { Description = "The first user's email (their sign-in).", Required = true };
        var password = new Option<string>("--password") { Description = "The first user's password.", Required = true };
        var create = new Command("create", "Create a merchant with its first user and API key (shown once).") { name, email, password };
        create.SetAction((parse, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<MerchantAccounts>().CreateAsync(
                parse.GetRequiredValue(name), parse.GetRequiredValue(email), parse.GetRequiredValue(password), null, cancellationToken);
            switch (result)
            {
                case CreateMerchantResult.Created created:
                    cli.Out.WriteLine(JsonSerializer.Serialize(new { merchant_id = created.Merchant.MerchantId, user_id = created.Merchant.UserId, api_key = created.Merchant.ApiKey }, Json));
                    return 0;
                case CreateMerchantResult.Rejected rejected:
                    await cli.Error.WriteLineAsync($"error: --{rejected.Field} {rejected.Reason}");
                    return 2;
                default:
                    throw new InvalidOperationException("Unhandled result.");
            }
        }));

        var list = new Command("list", "List merchants with their users' emails.");
        list.SetAction((_, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
            var merchants = await db.Merchants.AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
            var users = await db.Users.AsNoTracking().Where(u => u.MerchantId != null).ToListAsync(cancellationToken);
            var rows = merchants.Select(m => new
            {
                merchant_id = m.Id,
                name = m.Name,
                emails = users.Where(u => u.MerchantId == m.Id).Select(u => u.Email).ToArray(),
                created_at = m.CreatedAt,
            });
            cli.Out.WriteLine(JsonSerializer.Serialize(rows, Json));
            return 0;
        }));

        return new Command("merchants", "Manage merchants.") { create, list };
    }

    private static Command AgentsCommand(CliRun cli)
    {
        var email = new Option<string>("--email") { Description = "The agent's email (their sign-in).", Required = true };
        var password = new Option<string>("--password") { Description = "The agent's password.", Required = true };
        var create = new Command("create", "Create a platform support agent, who signs in to /support.") { email, password };
        create.SetAction((parse, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<MerchantAccounts>().CreateAgentAsync(
                parse.GetRequiredValue(email), parse.GetRequiredValue(password), cancellationToken);
            switch (result)
            {
                case CreateAgentResult.Created created:
                    cli.Out.WriteLine(JsonSerializer.Serialize(new { user_id = created.UserId, role = UserRoles.SupportAgent }, Json));
                    return 0;
                case CreateAgentResult.Rejected rejected:
                    await cli.Error.WriteLineAsync($"error: --{rejected.Field} {rejected.Reason}");
                    return 2;
                default:
                    throw new InvalidOperationException("Unhandled result.");
            }
        }));
        return new Command("agents", "Manage the platform's support agents.") { create };
    }

    private static Command RetentionCommand(CliRun cli)
    {
        var run = new Command("run", "Delete the history rows older than the Retention settings allow, once, and print what went.");
        run.SetAction((_, cancellationToken) => cli.WithServicesAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunOnceAsync(cancellationToken);
            cli.Out.WriteLine(JsonSerializer.Serialize(report, Json));
            return 0;
        }, services => services.AddRetention()));
        return new Command("retention", "The history tables' retention.") { run };
    }
}
