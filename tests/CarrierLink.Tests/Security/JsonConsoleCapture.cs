using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Every log record CarrierLink writes while a test runs, written by the app's own JSON console formatter with its
/// Production settings (message, every structured field, scopes, exception): what a Production node prints, line by line.
/// </summary>
internal sealed class JsonConsoleCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConsoleFormatter _json;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    private JsonConsoleCapture(ConsoleFormatter json) => _json = json;

    public IReadOnlyCollection<string> Lines => _lines;

    public static JsonConsoleCapture Start(IServiceProvider services)
    {
        var json = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        var capture = new JsonConsoleCapture(json);
        services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    /// <summary>Every property name and string value of every line, decoded (the writer escapes '+', '/' and more).</summary>
    public IEnumerable<(string Line, string Text)> Fields() =>
        _lines.SelectMany(line => Strings(JsonDocument.Parse(line).RootElement).Select(text => (line, text)));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [element.GetString()!],
        _ => [element.GetRawText()],
    };

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(JsonConsoleCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) owner._lines.Enqueue(line);
        }
    }
}
