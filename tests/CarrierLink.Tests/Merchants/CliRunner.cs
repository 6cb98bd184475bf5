using CarrierLink.Web.Cli;

namespace CarrierLink.Tests.Merchants;

/// <summary>Runs a CLI command line in this process as Program does, on writers of its own (tests run side by side).</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <param name="settings">Settings as the environment gives them; null for none (the command line says it all).</param>
    public static async Task<Result> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // Program's own test: a line it would not hand to the CLI starts the web app instead.
        if (!CarrierLinkCli.Handles(args)) return new Result(-1, "", "not a CLI command line: the executable would start the web app");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error) { EnvironmentName = "Testing", Settings = settings ?? new Dictionary<string, string?>() };
        var exitCode = await CarrierLinkCli.RunAsync(args, console);
        return new Result(exitCode, output.ToString(), error.ToString());
    }
}
