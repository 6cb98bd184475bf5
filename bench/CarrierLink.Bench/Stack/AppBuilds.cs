using System.Reflection;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// Where the built app and sandbox are. The bench project references both (without linking them),
/// so `dotnet run -c Release --project bench/CarrierLink.Bench` has built them in Release first;
/// the harness runs them from their own bin folders, as a platform would run the published app.
/// </summary>
public sealed record AppBuilds(string RepositoryRoot, string Configuration, string WebFolder, string SandboxFolder)
{
    public string WebDll => Path.Combine(WebFolder, "CarrierLink.Web.dll");

    public string SandboxDll => Path.Combine(SandboxFolder, "CarrierLink.Sandbox.dll");

    /// <summary>The bin folder of a tool project under bench/ (issue 12's StandInCarrier and BareHop), built with the harness.</summary>
    public string BenchToolFolder(string project) => Path.Combine(RepositoryRoot, "bench", project, "bin", Configuration, "net10.0");

    public static AppBuilds Locate()
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Run the harness from the repository (CarrierLink.slnx not found above " + AppContext.BaseDirectory + ").");
        // Same configuration as this harness was built in, so Release figures never come from Debug binaries.
        var configuration = typeof(AppBuilds).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var builds = new AppBuilds(root, configuration,
            Path.Combine(root, "src", "CarrierLink.Web", "bin", configuration, "net10.0"),
            Path.Combine(root, "src", "CarrierLink.Sandbox", "bin", configuration, "net10.0"));
        foreach (var dll in new[] { builds.WebDll, builds.SandboxDll })
        {
            if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: run `dotnet run -c {configuration} --project bench/CarrierLink.Bench`, which builds it.");
        }
        return builds;
    }

    /// <summary>
    /// The commit the figures are about, for the report header: HEAD, the last commit that changed
    /// the app (src/), which is what the figures measure, and whether the work tree had changes.
    /// </summary>
    public string Describe()
    {
        var head = Git("rev-parse", "--short", "HEAD") is { Length: > 0 } h ? h : "unknown";
        var app = Git("log", "-1", "--format=%h", "--", "src") is { Length: > 0 } a ? a : "unknown";
        var dirty = Git("status", "--porcelain", "--", "src", "bench").Length > 0 ? ", with uncommitted changes" : "";
        return $"commit {head} (src/ as of {app}{dirty})";
    }

    private string Git(params string[] arguments)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", RepositoryRoot, .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            var output = git?.StandardOutput.ReadToEnd().Trim() ?? "";
            git?.WaitForExit(5000);
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CarrierLink.slnx"))) return folder.FullName;
        }
        return null;
    }
}
