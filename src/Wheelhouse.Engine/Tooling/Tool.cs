using System.ComponentModel;
using CliWrap;
using Serilog;

namespace Wheelhouse.Engine.Tooling;

/// <summary>Runs a process, streaming its output into the build log, and turns failures into errors a user can act on.</summary>
public static class Tool
{
    public static async Task<ToolResult> RunAsync(string executable, IEnumerable<string> arguments, ToolOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ToolOptions();
        var argumentList = arguments.ToList();
        var display = $"{Path.GetFileName(executable)} {string.Join(' ', argumentList.Select(Quote))}".TrimEnd();
        var output = new List<OutputLine>();
        var gate = new object();

        void Receive(string line, bool isError)
        {
            lock (gate)
                output.Add(new OutputLine(line, isError));
            if (options.OutputMayHoldSecrets)
                return;
            if (options.LogOutput)
                Log.Information("{Line}", line);
            else
                Log.Debug("{Line}", line);
        }

        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Log.Debug("> {Command}", display);
        var command = Cli.Wrap(executable)
            .WithArguments(argumentList)
            .WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(options.Environment.ToDictionary(e => e.Key, e => e.Value))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Receive(line, false)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Receive(line, true)));
        if (options.WorkingDirectory != null)
            command = command.WithWorkingDirectory(options.WorkingDirectory);

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(linked.Token);
        }
        catch (Win32Exception e)
        {
            throw new BuildException($"Could not start '{executable}': {e.Message}. {options.InstallHint ?? "Check that it is installed and on PATH."}".TrimEnd());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BuildException($"'{display}' did not finish within {options.Timeout} and was stopped.");
        }

        var toolResult = new ToolResult(result.ExitCode, output);
        if (result.ExitCode != 0 && options.ThrowOnFailure)
        {
            var tail = string.Join(Environment.NewLine, output.TakeLast(10).Select(l => "  " + l.Text));
            throw new BuildException($"'{display}' failed with exit code {result.ExitCode}.{(tail.Length > 0 ? Environment.NewLine + "Last output:" + Environment.NewLine + tail : "")}");
        }

        return toolResult;
    }

    private static string Quote(string argument) =>
        argument.Length == 0 || argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? $"\"{argument.Replace("\"", "\\\"")}\"" : argument;
}
