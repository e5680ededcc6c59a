using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>A Serilog logger that keeps every event, rendered as the build's console renders it ({Message:lj}), for assertions.</summary>
public sealed class LogCapture : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Formatter = new("{Message:lj}", CultureInfo.InvariantCulture);

    private readonly List<LogEvent> events = [];

    public LogCapture() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public void Emit(LogEvent logEvent)
    {
        lock (events)
            events.Add(logEvent);
    }

    public IReadOnlyList<string> Lines(LogEventLevel? level = null)
    {
        lock (events)
            return events.Where(e => level is null || e.Level == level).Select(Render).ToList();
    }

    public IReadOnlyList<string> Warnings => Lines(LogEventLevel.Warning);

    /// <summary>Everything written: messages, the raw property values and exceptions.</summary>
    public string AllText
    {
        get
        {
            lock (events)
                return string.Join('\n', events.Select(e => $"{Render(e)} {string.Join(' ', e.Properties.Values)} {e.Exception}"));
        }
    }

    private static string Render(LogEvent e)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Formatter.Format(e, text);
        return text.ToString();
    }
}
