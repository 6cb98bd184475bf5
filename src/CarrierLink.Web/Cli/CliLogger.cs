namespace CarrierLink.Web.Cli;

/// <summary>
/// A CLI run's log lines on its error writer (stdout carries the command's JSON). Note: the console logger writes to
/// the process's Console only, which runs in-process side by side would share.
/// </summary>
internal sealed class CliLoggerProvider(TextWriter error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CliLogger(categoryName, error);

    public void Dispose()
    {
    }

    private sealed class CliLogger(string category, TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"{Label(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}";
            lock (error)
            {
                error.WriteLine(line);
                if (exception is not null) error.WriteLine(exception);
            }
        }

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
