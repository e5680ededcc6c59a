using System.Text;

namespace Wheelhouse.Engine.Logging;

/// <summary>
/// Console.Out while targets run: text a piece of work writes to the console directly (a Spectre table, a host's
/// <c>::group::</c> line) joins its <see cref="HeldOutput"/> like its log events, so it is printed with them.
/// </summary>
internal sealed class HeldConsoleWriter(TextWriter console) : TextWriter
{
    public override Encoding Encoding => console.Encoding;
    public override IFormatProvider FormatProvider => console.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => console.NewLine;
        set => console.NewLine = value;
    }

    public override void Write(char value) => HeldOutput.Write(() => console.Write(value));

    public override void Write(string? value)
    {
        if (!string.IsNullOrEmpty(value))
            HeldOutput.Write(() => console.Write(value));
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => HeldOutput.Write(() => console.WriteLine(value));

    public override void Flush() => HeldOutput.Write(console.Flush);

    /// <summary>Puts a held writer in front of Console.Out until disposed.</summary>
    public static IDisposable Install()
    {
        var original = Console.Out;
        Console.SetOut(new HeldConsoleWriter(original));
        return new Restore(original);
    }

    private sealed class Restore(TextWriter original) : IDisposable
    {
        public void Dispose()
        {
            Console.Out.Flush();
            Console.SetOut(original);
        }
    }
}
