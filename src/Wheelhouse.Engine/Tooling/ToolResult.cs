namespace Wheelhouse.Engine.Tooling;

/// <summary>One line a process wrote, and on which stream.</summary>
public sealed record OutputLine(string Text, bool IsError);

public sealed record ToolResult(int ExitCode, IReadOnlyList<OutputLine> Output)
{
    public string StandardOutput => string.Join('\n', Output.Where(l => !l.IsError).Select(l => l.Text));
    public string StandardError => string.Join('\n', Output.Where(l => l.IsError).Select(l => l.Text));
}
