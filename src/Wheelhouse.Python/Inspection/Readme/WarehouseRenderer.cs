using System.Diagnostics;
using Serilog;

namespace Wheelhouse.Python.Inspection.Readme;

/// <summary>
/// readme_renderer kept running, for a server that renders a README per upload as warehouse does: one Python process,
/// started at once in the background, imports readme_renderer (docutils takes a tenth of a second or more) a single
/// time and answers one request per line, with a newer trove-classifiers' verdicts on the classifiers it is sent. Requests take turns. When the process cannot start, dies, or has no
/// renderer, the answer says so (<see cref="WarehouseAnswers.RendererProblem"/>) and the next interpreter is tried.
/// </summary>
public sealed class WarehouseRenderer : IAsyncDisposable
{
    private readonly IReadOnlyList<string> interpreters;
    private readonly SemaphoreSlim turn = new(1, 1);
    private Process? process;
    private string? interpreter;
    private readonly List<string> problems = [];
    private Task? starting;

    public WarehouseRenderer(IReadOnlyList<string> interpreters)
    {
        this.interpreters = interpreters;
        starting = interpreters.Count > 0 ? Task.Run(() => StartFrom(0)) : null;
    }

    /// <param name="classifiers">Classifiers the embedded list does not know, for a newer trove-classifiers installed there to judge (as InspectWheel asks).</param>
    public async Task<WarehouseAnswers> AskAsync(
        IReadOnlyCollection<DescriptionToRender> descriptions, IReadOnlyCollection<string>? classifiers = null, CancellationToken cancellationToken = default)
    {
        classifiers ??= [];
        if (descriptions.Count == 0 && classifiers.Count == 0)
            return WarehouseAnswers.None;
        var ordered = descriptions.Distinct().ToList();
        await turn.WaitAsync(cancellationToken);
        try
        {
            if (starting != null)
                await starting.WaitAsync(cancellationToken);
            starting = null;
            while (process != null)
            {
                try
                {
                    await process.StandardInput.WriteLineAsync(WarehousePython.Request(ordered, classifiers, []).ToJsonString().AsMemory(), cancellationToken);
                    await process.StandardInput.FlushAsync(cancellationToken);
                    var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
                    if (line != null)
                    {
                        var answer = WarehousePython.Parse(interpreter!, line, ordered);
                        // Without a README to render, an interpreter lacking readme_renderer still answers for the classifiers.
                        if (answer.RendererVersion != null || descriptions.Count == 0)
                            return answer;
                        problems.Add($"{interpreter}: {answer.RendererProblem}");
                    }
                    else
                    {
                        problems.Add($"{interpreter} stopped answering");
                    }
                }
                catch (IOException e)
                {
                    problems.Add($"{interpreter}: {e.Message}");
                }

                Stop();
                StartFrom(interpreters.ToList().IndexOf(interpreter!) + 1);
            }

            return WarehouseAnswers.None with { RendererProblem = problems.Count > 0 ? string.Join("; ", problems) : "no Python interpreter to run it" };
        }
        finally
        {
            turn.Release();
        }
    }

    private void StartFrom(int index)
    {
        for (var i = index; i < interpreters.Count; i++)
        {
            var start = new ProcessStartInfo(interpreters[i])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var argument in (string[])["-I", "-c", WarehousePython.ServeArguments, "--serve"])
                start.ArgumentList.Add(argument);
            try
            {
                process = Process.Start(start);
                interpreter = interpreters[i];
                process!.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data != null)
                        Log.Debug("README renderer ({Interpreter}): {Line}", interpreters[i], e.Data);
                };
                process.BeginErrorReadLine();
                return;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                problems.Add($"{interpreters[i]} did not run ({e.Message})");
            }
        }

        process = null;
    }

    private void Stop()
    {
        if (process == null)
            return;
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(2000))
                process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
        }

        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await turn.WaitAsync();
        try
        {
            if (starting != null)
                await starting;
            Stop();
        }
        finally
        {
            turn.Release();
            turn.Dispose();
        }
    }
}
