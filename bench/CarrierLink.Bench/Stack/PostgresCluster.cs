using Npgsql;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// A private PostgreSQL cluster on a free loopback port, as scripts/postgres.sh starts one for the
/// tests: trust auth on 127.0.0.1 only, its own socket folder, never a system cluster. The server
/// can be stopped and started again on the same port and data (the outage scenarios).
/// Unlike the test script it keeps PostgreSQL's durable defaults (fsync on): these are figures, not tests.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string DatabaseName = "carrierlink";
    // Three nodes with Npgsql's default pool of 100 each, plus the harness: room for all of them.
    private const int MaxConnections = 400;

    private readonly string _bin;
    private readonly string _folder;
    private readonly string _logPath;
    private readonly IDisposable _cleanup;

    private PostgresCluster(string bin, string folder, int port, string logPath)
    {
        _bin = bin;
        _folder = folder;
        _logPath = logPath;
        Port = port;
        _cleanup = Cleanup.Register($"PostgreSQL on port {port}", () => StopServer("immediate"));
    }

    public int Port { get; }

    public bool IsRunning { get; private set; }

    /// <summary>The CarrierLink database, as the nodes use it (Npgsql's default pool).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={DatabaseName}";

    /// <summary>The same database for the harness's own queries (seeding, inspecting), with a small pool of its own.</summary>
    public string HarnessConnectionString => ConnectionString + ";Maximum Pool Size=10;Application Name=carrierlink-bench";

    public static async Task<PostgresCluster> StartAsync(WorkFolder work, CancellationToken cancellationToken)
    {
        var bin = FindBinaries();
        // A folder of its own: a scenario may start more than one cluster in a run (i14-delivery: 1 node, then 3).
        var folder = Path.Combine(work.Path, "pg");
        for (var n = 2; Directory.Exists(folder); n++) folder = Path.Combine(work.Path, $"pg{n}");
        Directory.CreateDirectory(folder);
        if (RunsAsRoot) await RunAsync("chown", ["postgres:postgres", folder], work.LogFile("postgres-setup"), cancellationToken);
        await RunAsync(Path.Combine(bin, "initdb"), ["--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", Path.Combine(folder, "data")],
            work.LogFile("postgres-setup"), cancellationToken);

        var cluster = new PostgresCluster(bin, folder, FreePort.Next(), Path.Combine(folder, "server.log"));
        await cluster.StartServerAsync(cancellationToken);
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Database=postgres;Pooling=false"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return cluster;
    }

    /// <summary>Starts the server (again) on the same port and data; waits until it accepts connections.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", Path.Combine(_folder, "data"), "-l", _logPath, "-w", "-t", "60",
             "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections={MaxConnections}", "start"],
            _logPath + ".ctl", cancellationToken);
        IsRunning = true;
    }

    /// <summary>Stops the server the way an operator or a failover would ("fast": connections are cut, data is safe).</summary>
    public async Task StopServerAsync(CancellationToken cancellationToken)
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop"], _logPath + ".ctl", cancellationToken);
        IsRunning = false;
    }

    /// <summary>The postmaster's process id (the first line of postmaster.pid), for the server's CPU time; null when stopped.</summary>
    public int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(HarnessConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        StopServer("immediate");
        _cleanup.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private void StopServer(string mode)
    {
        if (!Directory.Exists(Path.Combine(_folder, "data"))) return;
        var command = AsOwner(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", mode, "-w", "stop"]);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command.File, command.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        process?.WaitForExit(30_000);
        IsRunning = false;
    }

    private static async Task RunAsync(string file, string[] arguments, string logPath, CancellationToken cancellationToken)
    {
        var command = file == "chown" ? (File: file, Arguments: arguments) : AsOwner(file, arguments);
        var (exitCode, _) = await ChildProcess.RunAsync(command.File, command.Arguments, "/", logPath, null, TimeSpan.FromSeconds(90), cancellationToken);
        if (exitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {exitCode}; see {logPath}.");
    }

    /// <summary>PostgreSQL refuses to run as root: as root, run it as the postgres user the Debian package creates.</summary>
    private static (string File, string[] Arguments) AsOwner(string file, string[] arguments) =>
        RunsAsRoot ? ("runuser", ["-u", "postgres", "--", file, .. arguments]) : (file, arguments);

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install -y postgresql).");
    }
}
