using System.Diagnostics;

namespace CarrierLink.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own (scripts/postgres.sh), which the test may stop and start
/// again to play a database outage; the cluster the whole suite shares is never stopped.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _folder;

    private PrivatePostgres(string folder, string adminConnectionString)
    {
        _folder = folder;
        AdminConnectionString = adminConnectionString;
    }

    public string AdminConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("carrierlink-private-pg-").FullName;
        return new PrivatePostgres(folder, (await RunAsync("start", folder)).Trim());
    }

    public bool IsHalted { get; private set; }

    /// <summary>Stops the server (connections are closed, new ones refused); the data stays.</summary>
    public async Task HaltAsync()
    {
        await RunAsync("halt", _folder);
        IsHalted = true;
    }

    /// <summary>Starts the server again on the same port, and forgets the admin connections the old server closed.</summary>
    public async Task ResumeAsync()
    {
        await RunAsync("resume", _folder);
        IsHalted = false;
        using var admin = new Npgsql.NpgsqlConnection(AdminConnectionString);
        Npgsql.NpgsqlConnection.ClearPool(admin);
    }

    public async ValueTask DisposeAsync() => await RunAsync("stop", _folder);

    private static async Task<string> RunAsync(string action, string folder)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(action);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh {action} failed: {await error}");
        return await output;
    }

    /// <summary>The repository's scripts/postgres.sh, found from the test binaries upwards.</summary>
    private static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "scripts", "postgres.sh");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("scripts/postgres.sh not found above " + AppContext.BaseDirectory);
        }
    }
}
