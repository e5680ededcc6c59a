using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Wheelhouse.Engine.Hosts;

namespace Wheelhouse.Engine.Logging;

/// <summary>Plain console lines, with the host's annotation prefix on warnings and errors (GitHub Actions' ::warning::).</summary>
internal sealed class AnnotatingConsoleSink(ITextFormatter formatter, BuildHost host) : ILogEventSink
{
    private readonly object gate = new();

    /// <summary>Workflow command data escapes %, CR and LF so a multi-line message stays one annotation.</summary>
    internal static string Escape(string message) => message.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    public void Emit(LogEvent logEvent)
    {
        var writer = new StringWriter();
        formatter.Format(logEvent, writer);
        var text = writer.ToString();
        var prefix = host.AnnotationPrefix(logEvent.Level);
        if (prefix != null)
            text = prefix + Escape(text.TrimEnd('\n', '\r')) + Environment.NewLine;
        lock (gate)
        {
            Console.Out.Write(text);
            Console.Out.Flush();
        }
    }
}
