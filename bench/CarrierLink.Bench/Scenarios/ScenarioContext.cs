using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>What a scenario gets: the options (with its own defaults applied), the builds, a place for files, and the output.</summary>
public sealed class ScenarioContext(BenchOptions options, AppBuilds builds, WorkFolder work, TextWriter output)
{
    private readonly System.Diagnostics.Stopwatch _clock = new();

    public BenchOptions Options { get; } = options;

    public AppBuilds Builds { get; } = builds;

    public WorkFolder Work { get; } = work;

    public int Runs(int scenarioDefault) => Options.Runs ?? scenarioDefault;

    public int Requests(int scenarioDefault) => Options.Requests ?? scenarioDefault;

    /// <summary>All requests at once unless --concurrency bounds it.</summary>
    public int Concurrency(int requests) => Math.Min(Options.Concurrency ?? requests, requests);

    public OperationKind Operation(OperationKind scenarioDefault) => Options.Operation ?? scenarioDefault;

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

    /// <summary>
    /// Runs <paramref name="run"/> for runs 1..<paramref name="runs"/>, but starts no run once the
    /// scenario has used its time budget (--budget-minutes): on a shared 2-core machine a run can
    /// take several times its usual time, and a scenario should still end well within 10 minutes.
    /// The first run always happens (on every store), so a scenario never ends without a figure.
    /// Returns how many runs were done, and says so when the budget cut them short.
    /// </summary>
    public async Task<int> RepeatAsync(int runs, Func<int, Task> run)
    {
        for (var i = 1; i <= runs; i++)
        {
            if (i > 1 && _clock.Elapsed >= Options.Budget)
            {
                Say($"  stopped after {i - 1} of {runs} runs: the scenario used its {Options.Budget.TotalMinutes:0}-minute budget (--budget-minutes)");
                return i - 1;
            }
            await run(i);
        }
        return runs;
    }

    /// <summary>Starts the scenario's clock (the harness calls it before each scenario).</summary>
    public void StartClock() => _clock.Restart();

    public void Say(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
