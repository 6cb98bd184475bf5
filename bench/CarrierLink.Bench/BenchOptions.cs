using System.Globalization;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench;

/// <summary>
/// The command line: scenario names (or a group such as "p2", or "all") followed by options.
/// An option left out means "the scenario's own default", so each scenario keeps the figures of issue 8 by default.
/// </summary>
public sealed record BenchOptions(
    IReadOnlyList<string> Scenarios,
    int? Runs,
    int? Nodes,
    IReadOnlyList<StoreKind>? Stores,
    int? Requests,
    int? Concurrency,
    OperationKind? Operation,
    string? KeepLogsIn,
    TimeSpan Budget,
    bool Help,
    int? Operations = null,
    TimeSpan? Reconcile = null,
    TimeSpan? Duration = null)
{
    /// <summary>Runs stop starting once a scenario has used this much time, so a scenario never runs away on a busy machine.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMinutes(8);

    public const string Usage = """
        usage: dotnet run -c Release --project bench/CarrierLink.Bench -- <scenario|group|all> [options]

        options:
          --runs N           runs of each scenario (default: the scenario's own)
          --nodes N          CarrierLink nodes on PostgreSQL (default 3; SQLite is always 1)
          --store S          postgres, sqlite or both (default: the scenario's own)
          --requests N       requests per run (default: the scenario's own; p3-refresh-rate and i12-hot-path: accounts;
                             i14-delivery: accounts connected and removed per phase, default 400)
          --concurrency N    at most N requests in flight (default: all of them at once; i14-delivery's removals: 32)
          --operation K      p2-failures and p2-break: rates (default), labels or mixed
          --logs DIR         keep every process's log in DIR (otherwise deleted with the temp folder)
          --budget-minutes M no new run starts once a scenario has taken M minutes (default 8)
          --operations N     i11-faults: operations in all, per store (default 10,000)
          --reconcile-minutes M  i11-faults: the wait after the faults end, before the figures (default 2; 0.5 is 30 s)
          --duration S       i12-hot-path: seconds of each wrk run (default 15; 3 for a quick look)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var scenarios = new List<string>();
        int? runs = null, nodes = null, requests = null, concurrency = null;
        IReadOnlyList<StoreKind>? stores = null;
        OperationKind? operation = null;
        string? logs = null;
        var budget = DefaultBudget;
        int? operations = null;
        TimeSpan? reconcile = null;
        TimeSpan? duration = null;
        var help = args.Length == 0;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "--runs": runs = Positive(arg, Value()); break;
                case "--nodes": nodes = Positive(arg, Value()); break;
                case "--requests": requests = Positive(arg, Value()); break;
                case "--concurrency": concurrency = Positive(arg, Value()); break;
                case "--store": stores = Value() is "both" ? [StoreKind.Postgres, StoreKind.Sqlite] : [DatabaseTarget.Parse(args[i])]; break;
                case "--operation": operation = ShippingRequests.Parse(Value()); break;
                case "--logs": logs = Path.GetFullPath(Value()); break;
                case "--budget-minutes": budget = TimeSpan.FromMinutes(Positive(arg, Value())); break;
                case "--operations": operations = Positive(arg, Value()); break;
                case "--reconcile-minutes": reconcile = TimeSpan.FromMinutes(NotNegative(arg, Value())); break;
                case "--duration": duration = TimeSpan.FromSeconds(Positive(arg, Value())); break;
                case "-h" or "--help" or "help": help = true; break;
                default:
                    if (arg.StartsWith('-')) throw new ArgumentException($"Unknown option {arg}.");
                    scenarios.Add(arg.ToLowerInvariant());
                    break;
            }
        }
        return new BenchOptions(scenarios, runs, nodes, stores, requests, concurrency, operation, logs, budget, help, operations, reconcile, duration);
    }

    private static double NotNegative(string option, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{option} takes a number of at least 0, not '{value}'.");

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{option} takes a positive whole number, not '{value}'.");
}
