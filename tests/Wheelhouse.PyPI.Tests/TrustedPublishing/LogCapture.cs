using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>
/// Every line written to Serilog's static logger while these tests run, rendered as a user would read it (with the
/// exception text), so tests can check that no secret was logged.
/// </summary>
internal static class LogCapture
{
    private static readonly ConcurrentQueue<string> Lines = new();
    private static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
            Log.Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Sink()).CreateLogger();
    }

    public static IReadOnlyList<string> All => Lines.ToArray();

    private sealed class Sink : ILogEventSink
    {
        private static readonly MessageTemplateTextFormatter Formatter = new("{Message:lj}{NewLine}{Exception}");

        public void Emit(LogEvent logEvent)
        {
            var writer = new StringWriter();
            Formatter.Format(logEvent, writer);
            Lines.Enqueue(writer.ToString().TrimEnd());
        }
    }
}
