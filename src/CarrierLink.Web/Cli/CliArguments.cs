namespace CarrierLink.Web.Cli;

/// <summary>
/// The CLI's command line holds two things: the command with its own options, and configuration
/// switches for the app (<c>--ConnectionStrings:CarrierLink X</c>, <c>--Database:Provider=postgres</c>)
/// that may stand anywhere on the line, before or after the command, as with dotnet tools. A
/// configuration switch is a <c>--</c> option whose name has a <c>:</c> (a configuration path);
/// no command option has one, so the two never clash.
/// </summary>
internal static class CliArguments
{
    public static (string[] Command, string[] Configuration) Split(IReadOnlyList<string> args)
    {
        var command = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsConfigurationSwitch(arg))
            {
                command.Add(arg);
                continue;
            }
            configuration.Add(arg);
            // "--Key:Path value": the value is the next word (unless it is itself an option).
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                configuration.Add(args[++i]);
        }
        return (command.ToArray(), configuration.ToArray());
    }

    private static bool IsConfigurationSwitch(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2 && arg[2..].Split('=', 2)[0].Contains(':', StringComparison.Ordinal);
}
