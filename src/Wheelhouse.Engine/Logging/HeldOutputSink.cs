using Serilog.Core;
using Serilog.Events;

namespace Wheelhouse.Engine.Logging;

/// <summary>
/// Sends a log event to the held output of the target (or piece of <see cref="Execution.ParallelWork"/>) that logged it, so it
/// reaches <paramref name="inner"/> with the rest of that output, in plan order. Outside a target it passes straight through.
/// </summary>
public sealed class HeldOutputSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => HeldOutput.Write(() => inner.Emit(logEvent));

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
