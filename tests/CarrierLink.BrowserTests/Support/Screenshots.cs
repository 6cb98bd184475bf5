namespace CarrierLink.BrowserTests.Support;

/// <summary>Where step screenshots go: $CARRIERLINK_SCREENSHOTS, else &lt;repo&gt;/TestResults/screenshots (scripts/test.sh's results folder).</summary>
public static class Screenshots
{
    public const string FolderVariable = "CARRIERLINK_SCREENSHOTS";

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } set) return Path.GetFullPath(set);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CarrierLink.slnx"))) return Path.Combine(dir.FullName, "TestResults", "screenshots");
        }
        return Path.Combine(Path.GetTempPath(), "carrierlink-screenshots");
    }

    /// <summary>A fresh folder for one test: screenshots of an earlier run of the same test are removed.</summary>
    public static string FolderFor(string testClass, string test)
    {
        var folder = Path.Combine(Root, testClass, test);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
