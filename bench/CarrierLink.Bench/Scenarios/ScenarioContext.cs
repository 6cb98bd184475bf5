using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>What a scenario gets: the options (with its own defaults applied), the builds, a place for files, and the output.</summary>
public sealed class ScenarioContext(BenchOptions options, AppBuilds builds, WorkFolder work, TextWriter output)
{
    public BenchOptions Options { get; } = options;

    public AppBuilds Builds { get; } = builds;

    public WorkFolder Work { get; } = work;

    public int Runs(int scenarioDefault) => Options.Runs ?? scenarioDefault;

    public int Requests(int scenarioDefault) => Options.Requests ?? scenarioDefault;

    /// <summary>All requests at once unless --concurrency bounds it.</summary>
    public int Concurrency(int requests) => Math.Min(Options.Concurrency ?? requests, requests);

    public IReadOnlyList<StoreKind> Stores(params StoreKind[] scenarioDefault) => Options.Stores ?? scenarioDefault;

    /// <summary>The stack for a store: --nodes (default 3) on PostgreSQL, always one node on SQLite.</summary>
    public StackSpec Spec(StoreKind store, IReadOnlyDictionary<string, string>? nodeSettings = null) =>
        new(store, store == StoreKind.Sqlite ? 1 : Options.Nodes ?? 3, nodeSettings);

    public async Task<BenchStack> StartStackAsync(StackSpec spec, CancellationToken cancellationToken)
    {
        Say($"  starting {spec.Describe()}, the sandbox and {spec.Nodes} CarrierLink process{(spec.Nodes == 1 ? "" : "es")} ...");
        return await BenchStack.StartAsync(spec, Builds, Work, cancellationToken);
    }

    /// <summary>A merchant made with the CLI and signed in on the first node.</summary>
    public static async Task<Merchant> NewMerchantAsync(BenchStack stack, CancellationToken cancellationToken)
    {
        var login = await stack.Cli.CreateMerchantAsync("Bench Shipping Co.", cancellationToken);
        return await Merchant.SignInAsync(login, stack.NodeUrls, cancellationToken);
    }

    public void Say(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
