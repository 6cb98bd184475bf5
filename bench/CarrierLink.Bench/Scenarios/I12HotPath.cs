using System.Globalization;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;
using Npgsql;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 12: an operation through CarrierLink should cost about one proxy hop. Per store (SQLite, then PostgreSQL;
/// one CarrierLink node either way, to compare with one hop): the stack as usual, 8 USPS accounts connected through the
/// sandbox's sign-in pages, then the stand-in carrier (bench/StandInCarrier) and the bare hop (bench/BareHop) started,
/// and the node started again with Carriers:Usps:ApiBaseUrl and TokenUrl at the stand-in (its other settings, Warning
/// logging included, unchanged). N clones of the first account (--requests, default 1,000) serve the memory and
/// refresh figures. Then wrk (-t2 --latency, --duration s per run after a 2 s warm-up), one run after the other:
/// rates and label purchases at 0 ms carrier latency with 64 connections and at 50 ms with 256, each direct to the
/// stand-in, through the hop and through CarrierLink (round-robin over the 8 accounts, one mail class per rate, an
/// Idempotency-Key of its own per purchase); then the refresh path: the health engine renewing the N clones against
/// the stand-in's token endpoint, against the hop's refresh floor under wrk. Prints each figure, the ratios and the goals.
/// </summary>
public sealed class I12HotPath : IScenario
{
    private const int LoadAccounts = 8;
    private static readonly I12Load[] Loads = [new(0, 64), new(50, 256)];

    public string Name => "i12-hot-path";

    public string Description => "issue 12: rates, labels and refreshes through CarrierLink against a bare hop and direct to a stand-in carrier "
        + "(goals: 0 ms/64 CL >= 0.70 x hop; 50 ms/256 CL >= 0.95 x direct, p50 within 3 ms of the hop), memory per cached account";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        Wrk.EnsureInstalled();
        var duration = context.Options.Duration ?? TimeSpan.FromSeconds(15);
        var accounts = context.Requests(1000);
        foreach (var store in context.Stores(StoreKind.Sqlite, StoreKind.Postgres))
            await RunStoreAsync(context, store, duration, accounts, cancellationToken);
    }

    private static async Task RunStoreAsync(ScenarioContext context, StoreKind store, TimeSpan duration, int accounts, CancellationToken cancellationToken)
    {
        var spec = new StackSpec(store, 1, new Dictionary<string, string>
        {
            // As p3-refresh-rate: the engine's carrier budget (defaults 16 at once, 200/s) is not what the refresh figure measures.
            ["Health:CarrierConcurrency"] = "64",
            ["Health:CarrierCallsPerSecond"] = "5000",
        });
        await using var stack = await context.StartStackAsync(spec, cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        var connected = await ManyAccounts.ConnectUspsAsync(stack, merchant.Login, LoadAccounts, LoadAccounts, cancellationToken);
        var loadAccounts = connected.Select(a => a.Id).Order().ToList();

        using var standIn = new ToolProcess("StandInCarrier", context.Builds, context.Work);
        await standIn.StartAsync(["--delay-ms", "0"], cancellationToken);
        using var hop = new ToolProcess("BareHop", context.Builds, context.Work);
        await hop.StartAsync(["--carrier", standIn.Url.ToString(), "--store", stack.Database.ProviderName,
            "--connection", await HopDatabaseAsync(context, stack, cancellationToken), "--refresh-rows", accounts.ToString(CultureInfo.InvariantCulture)], cancellationToken);

        var node = stack.Nodes[0];
        node.Kill();
        node.Reconfigure(new Dictionary<string, string>
        {
            ["Carriers:Usps:ApiBaseUrl"] = standIn.Url.ToString(),
            ["Carriers:Usps:TokenUrl"] = new Uri(standIn.Url, "oauth2/v3/token").ToString(),
        });
        await node.StartAsync(migrate: false, cancellationToken);
        var clones = await I12Clones.CreateAsync(stack, loadAccounts[0], accounts, cancellationToken);
        context.Say($"  {LoadAccounts} USPS accounts connected through the sandbox's sign-in pages; the node started again with USPS at the stand-in carrier "
            + $"({standIn.Url}); {clones.Count:N0} clones of the first for the memory and refresh figures; the bare hop on {DatabaseTarget.Name(store)}");
        context.Say($"  node settings of note: Logging:LogLevel:Default={node.Setting("Logging:LogLevel:Default")}, Health:CarrierConcurrency=64, Health:CarrierCallsPerSecond=5000, "
            + "the rest as shipped (Api:KeyCacheSeconds, Shipping:RecordSuccessSeconds, Tokens:* at their defaults)");

        var runs = new I12Runs(context, stack, standIn, hop, duration);
        await CheckEveryPathAsync(runs, loadAccounts, merchant.Login.ApiKey, accounts, cancellationToken);
        var memory = await I12Memory.MeasureAsync(context, stack, merchant, clones, cancellationToken);

        var results = new List<I12Run>();
        foreach (var load in Loads)
        {
            if (load.DelayMs != DelayOf(standIn)) await standIn.StartAsync(["--delay-ms", load.DelayMs.ToString(CultureInfo.InvariantCulture)], cancellationToken);
            foreach (var target in Enum.GetValues<I12Target>())
                results.Add(await runs.RunAsync("rates", load, target, I12Requests.Rates(target, loadAccounts, merchant.Login.ApiKey), cancellationToken));
            foreach (var target in Enum.GetValues<I12Target>())
                results.Add(await runs.RunAsync("labels", load, target, I12Requests.Labels(target, loadAccounts, merchant.Login.ApiKey), cancellationToken));
        }
        if (DelayOf(standIn) != 0) await standIn.StartAsync(["--delay-ms", "0"], cancellationToken);
        var refresh = await I12Refresh.MeasureAsync(context, stack, runs, accounts, cancellationToken);

        I12Report.Print(context, $"{DatabaseTarget.Name(store)}, 1 node", results, refresh, memory, duration);
    }

    /// <summary>
    /// One request on every path before anything is measured, each of which must answer 2xx: a stack that answers
    /// errors would otherwise be measured as a fast one. CarrierLink's rates go to each of the 8 accounts.
    /// </summary>
    private static async Task CheckEveryPathAsync(I12Runs runs, IReadOnlyList<Guid> accounts, string apiKey, int refreshRows, CancellationToken cancellationToken)
    {
        var checks = new List<(string Name, I12Target Target, WrkScript Script, string Path)>();
        foreach (var target in Enum.GetValues<I12Target>())
        {
            var rates = I12Requests.Rates(target, accounts, apiKey);
            checks.AddRange(rates.Paths.Select(p => ($"rates {I12Runs.Name(target)}", target, rates, p)));
            var labels = I12Requests.Labels(target, accounts, apiKey);
            checks.Add(($"labels {I12Runs.Name(target)}", target, labels, labels.Paths[0]));
        }
        var refresh = I12Requests.HopRefresh(refreshRows);
        checks.Add(("refresh bare hop", I12Target.Hop, refresh, refresh.Paths[0]));
        foreach (var (name, target, script, path) in checks)
        {
            var (succeeded, text) = await runs.SendAsync(target, script, path, cancellationToken);
            if (!succeeded) throw new InvalidOperationException($"Before measuring, {name} ({path}) answered {text}; nothing was measured.");
        }
    }

    private static int DelayOf(ToolProcess standIn) =>
        standIn.Arguments is ["--delay-ms", var delay] ? int.Parse(delay, CultureInfo.InvariantCulture) : -1;

    /// <summary>The hop's own database: a file of its own beside CarrierLink's, or a database of its own on the same PostgreSQL server.</summary>
    private static async Task<string> HopDatabaseAsync(ScenarioContext context, BenchStack stack, CancellationToken cancellationToken)
    {
        if (stack.Postgres is null)
        {
            var folder = Directory.CreateDirectory(Path.Combine(context.Work.Path, $"barehop-{Guid.NewGuid():N}"));
            return $"Data Source={Path.Combine(folder.FullName, "barehop.db")}";
        }
        await using (var connection = await stack.Postgres.OpenAsync(cancellationToken))
        await using (var create = new NpgsqlCommand("CREATE DATABASE barehop", connection))
            await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(stack.Postgres.ConnectionString) { Database = "barehop" }.ToString();
    }
}
