namespace CarrierLink.Bench.Stack;

/// <summary>
/// The run's temp folder (/tmp/carrierlink-bench-*): the PostgreSQL cluster, the SQLite file and
/// every process log. Deleted on exit unless --logs asked for the logs to be kept elsewhere.
/// </summary>
public sealed class WorkFolder : IDisposable
{
    private readonly IDisposable _cleanup;

    public WorkFolder(string? keepLogsIn)
    {
        Path = Directory.CreateTempSubdirectory("carrierlink-bench-").FullName;
        // PostgreSQL runs as its own user when we are root, and must be able to reach its folder inside this one.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Logs = Directory.CreateDirectory(System.IO.Path.Combine(Path, "logs")).FullName;
        KeepLogsIn = keepLogsIn;
        _cleanup = Cleanup.Register($"folder {Path}", Delete);
    }

    public string Path { get; }

    public string Logs { get; }

    public string? KeepLogsIn { get; }

    public string LogFile(string name) => System.IO.Path.Combine(Logs, name + ".log");

    public void Dispose()
    {
        Delete();
        _cleanup.Dispose();
    }

    private void Delete()
    {
        if (KeepLogsIn is not null && Directory.Exists(Logs))
        {
            Directory.CreateDirectory(KeepLogsIn);
            foreach (var log in Directory.GetFiles(Logs)) File.Copy(log, System.IO.Path.Combine(KeepLogsIn, System.IO.Path.GetFileName(log)), overwrite: true);
        }
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {Path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Could not delete {Path}: {e.Message}");
        }
    }
}
