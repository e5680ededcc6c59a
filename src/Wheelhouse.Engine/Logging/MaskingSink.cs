using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Wheelhouse.Engine.Logging;

/// <summary>Rewrites each log event so that no secret value reaches a sink: template text, property values and exceptions.</summary>
internal sealed class MaskingSink(ILogEventSink inner, SecretMasker masker) : ILogEventSink, IDisposable
{
    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent)
    {
        if (masker.IsEmpty)
        {
            inner.Emit(logEvent);
            return;
        }

        var template = Parser.Parse(masker.Mask(logEvent.MessageTemplate.Text));
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Mask(p.Value)));
        var exception = logEvent.Exception is { } e ? new MaskedException(masker.Mask(e.ToString()), masker.Mask(e.Message)) : null;
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties));
    }

    private LogEventPropertyValue Mask(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => new ScalarValue(masker.Mask(text)),
        ScalarValue scalar when scalar.Value?.ToString() is { } text && masker.Mask(text) is var masked && masked != text => new ScalarValue(masked),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Mask)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, Mask(kv.Value)))),
        _ => value,
    };

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>Stands in for an exception whose text held a secret; prints as the masked original.</summary>
    private sealed class MaskedException(string text, string message) : Exception(message)
    {
        public override string ToString() => text;
    }
}
