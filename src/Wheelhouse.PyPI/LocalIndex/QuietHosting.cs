using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>ASP.NET Core's own log lines (warnings and errors only) go to the build log at Debug: the index is quiet on the console.</summary>
internal sealed class SerilogDebugLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Forwarder(categoryName);

    public void Dispose()
    {
    }

    private sealed class Forwarder(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && Serilog.Log.IsEnabled(Serilog.Events.LogEventLevel.Debug);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                Serilog.Log.Debug(exception, "Local index ({Category}, {Level}): {Message}", category, logLevel, formatter(state, exception));
        }
    }
}

/// <summary>
/// A host lifetime that leaves Ctrl-C and SIGTERM alone: the default console lifetime would take them from the
/// build engine (which owns cancellation) and stop the server behind its back.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
