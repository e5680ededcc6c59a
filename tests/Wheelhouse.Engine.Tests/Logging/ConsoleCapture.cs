namespace Wheelhouse.Engine.Tests.Logging;

// Tests that redirect the process's console or set environment variables join the non-parallel
// collection Runner/ConsoleCapture.cs defines, so no other test's output lands in a capture.

/// <summary>Redirects Console.Out (and Console.Error) to memory until disposed.</summary>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter originalOut = Console.Out;
    private readonly TextWriter originalError = Console.Error;
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public ConsoleCapture()
    {
        Console.SetOut(TextWriter.Synchronized(output));
        Console.SetError(TextWriter.Synchronized(error));
    }

    public StringWriter OutWriter => output;
    public string Output => output.ToString();
    public string Error => error.ToString();

    public void Dispose()
    {
        Console.SetOut(originalOut);
        Console.SetError(originalError);
    }
}
