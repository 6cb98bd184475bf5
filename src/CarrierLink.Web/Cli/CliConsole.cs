using System.CommandLine;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Memory;

namespace CarrierLink.Web.Cli;

/// <summary>
/// Where one CLI run writes (its JSON to <see cref="Out"/>, reasons and logs to <see cref="Error"/>) and the settings it
/// adds to the app's configuration. Program runs it on the process's console; tests run it in-process on their own
/// writers and settings, so runs side by side never share Console or environment variables.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    public static CliConsole Process => new(Console.Out, Console.Error) { OwnsProcess = true };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Settings under the command line's switches, where environment variables stand for an operator.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The host environment (Production when null, or as the process's environment variables say).</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>Only the process's own run handles Ctrl+C: an in-process run must not hook the process's signals.</summary>
    private bool OwnsProcess { get; init; }

    internal InvocationConfiguration Invocation => OwnsProcess
        ? new InvocationConfiguration { Output = Out, Error = Error }
        : new InvocationConfiguration { Output = Out, Error = Error, ProcessTerminationTimeout = null };

    /// <summary>The app's builder for this run: <see cref="Settings"/> go just under the command line's switches.</summary>
    internal WebApplicationBuilder CreateBuilder(string[] configuration)
    {
        var builder = CarrierLinkApp.CreateBuilder(configuration, EnvironmentName);
        if (Settings.Count == 0) return builder;
        var sources = builder.Configuration.Sources;
        var commandLine = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is CommandLineConfigurationSource);
        var settings = new MemoryConfigurationSource { InitialData = Settings };
        if (commandLine.source is null) sources.Add(settings);
        else sources.Insert(commandLine.index, settings);
        return builder;
    }
}
