using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Cli;

/// <summary>One CLI invocation: its writers and the configuration switches its command line held.</summary>
internal sealed class CliRun(CliConsole console, string[] configuration)
{
    public TextWriter Out => console.Out;

    public TextWriter Error => console.Error;

    /// <summary>Builds the app's services (same configuration as the web app) without starting a server.</summary>
    public async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action, Action<IServiceCollection>? addServices = null)
    {
        try
        {
            var builder = console.CreateBuilder(configuration);
            addServices?.Invoke(builder.Services);
            // stdout carries the command's JSON; logs go to stderr and only when they matter.
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new CliLoggerProvider(Error));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            await using var app = builder.Build();
            return await action(app.Services);
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Error.WriteLineAsync($"error: {FirstLine(e.GetBaseException().Message)}");
            return 1;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
