using CarrierLink.Bench.Clients;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// Everything one scenario runs against, each a real process on loopback: the database
/// (a private PostgreSQL cluster, or an SQLite file), the carrier sandbox, and N CarrierLink nodes
/// sharing the database and its key ring. Disposing it stops them all.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private BenchStack(StackSpec spec, DatabaseTarget database, PostgresCluster? postgres, SandboxProcess sandbox,
        IReadOnlyList<CarrierLinkNode> nodes, CarrierLinkCli cli)
    {
        Spec = spec;
        Database = database;
        Postgres = postgres;
        Sandbox = sandbox;
        Nodes = nodes;
        Cli = cli;
        Control = new SandboxControl(sandbox.Url);
    }

    public StackSpec Spec { get; }

    public DatabaseTarget Database { get; }

    /// <summary>The PostgreSQL server (stop/start it for outages; query it directly to seed), or null on SQLite.</summary>
    public PostgresCluster? Postgres { get; }

    public SandboxProcess Sandbox { get; }

    public IReadOnlyList<CarrierLinkNode> Nodes { get; }

    public SandboxControl Control { get; }

    public CarrierLinkCli Cli { get; }

    public IReadOnlyList<Uri> NodeUrls => Nodes.Select(n => n.Url).ToList();

    public static async Task<BenchStack> StartAsync(StackSpec spec, AppBuilds builds, WorkFolder work, CancellationToken cancellationToken)
    {
        if (spec.Store == StoreKind.Sqlite && spec.Nodes != 1) throw new ArgumentException("SQLite is a single-node store: run it with one node.");
        await using var undo = new StartupUndo();
        var postgres = spec.Store == StoreKind.Postgres ? undo.Add(await PostgresCluster.StartAsync(work, cancellationToken)) : null;
        var database = postgres is not null ? new DatabaseTarget(StoreKind.Postgres, postgres.ConnectionString) : SqliteFile(work);

        var urls = Enumerable.Range(0, spec.Nodes).Select(_ => new Uri($"http://127.0.0.1:{FreePort.Next()}/")).ToList();
        var sandbox = undo.Add(await SandboxProcess.StartAsync(builds, work, urls.Select(u => new Uri(u, "connect/usps/callback")).ToList(), cancellationToken));
        var settings = NodeSettings.Shared(database, sandbox.Url, spec.NodeSettings ?? new Dictionary<string, string>());
        var nodes = urls.Select((url, i) => undo.Add(new CarrierLinkNode(i, url, builds, work, settings))).ToList();
        await StartNodesAsync(nodes, cancellationToken);

        undo.Keep();
        return new BenchStack(spec, database, postgres, sandbox, nodes, new CarrierLinkCli(builds, work, settings));
    }

    /// <summary>A fresh SQLite file in the work folder (deleted with it).</summary>
    private static DatabaseTarget SqliteFile(WorkFolder work)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work.Path, $"sqlite-{Guid.NewGuid():N}"));
        return new DatabaseTarget(StoreKind.Sqlite, $"Data Source={Path.Combine(folder.FullName, "carrierlink.db")}");
    }

    /// <summary>
    /// The first node migrates and creates the Data Protection key ring before the others start:
    /// nodes starting together on an empty database would each create a key of their own (issue 8).
    /// </summary>
    private static async Task StartNodesAsync(IReadOnlyList<CarrierLinkNode> nodes, CancellationToken cancellationToken)
    {
        await nodes[0].StartAsync(migrate: true, cancellationToken);
        using (var http = new HttpClient { BaseAddress = nodes[0].Url, Timeout = TimeSpan.FromSeconds(60) })
        {
            // The sign-in page carries an anti-forgery token, which needs (so creates) the key ring.
            (await http.GetAsync("login", cancellationToken)).EnsureSuccessStatusCode();
        }
        await Task.WhenAll(nodes.Skip(1).Select(n => n.StartAsync(migrate: false, cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        foreach (var node in Nodes) node.Dispose();
        Sandbox.Dispose();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }

    /// <summary>Stops what was started when a later step of start-up fails.</summary>
    private sealed class StartupUndo : IAsyncDisposable
    {
        private readonly List<object> _started = [];
        private bool _keep;

        public T Add<T>(T started) where T : class
        {
            _started.Add(started);
            return started;
        }

        public void Keep() => _keep = true;

        public async ValueTask DisposeAsync()
        {
            if (_keep) return;
            foreach (var started in Enumerable.Reverse(_started))
            {
                if (started is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
                else if (started is IDisposable disposable) disposable.Dispose();
            }
        }
    }
}
