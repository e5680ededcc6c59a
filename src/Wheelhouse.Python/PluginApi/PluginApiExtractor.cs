using System.Text.Json;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// The effects of reading a plugin's API: pytest run twice in the interpreter that has the distribution installed (a
/// venv's python), with <see cref="PluginApiProbe"/>, once as users get it and once with the distribution's entry points
/// disabled; <see cref="PluginApiDifference"/> keeps what only the first run has.
/// </summary>
public static class PluginApiExtractor
{
    private static readonly TimeSpan PytestTimeout = TimeSpan.FromMinutes(5);
    private const int TailLines = 15;

    /// <summary>
    /// Reads the API of <paramref name="distribution"/> as <paramref name="python"/>'s pytest sees it. The probe, the
    /// scratch folder, the reports and pytest's output (with.log, without.log) go to <paramref name="workFolder"/>, which
    /// the caller owns. Throws <see cref="BuildException"/> when the distribution is not installed there or pytest fails.
    /// </summary>
    public static Task<PluginApiSnapshot> ExtractAsync(string python, string distribution, AbsolutePath workFolder, CancellationToken cancellationToken = default) =>
        ExtractAsync(python, distribution, workFolder, PluginApiProbe.Source, cancellationToken);

    /// <summary>The same with another probe source: tests force the probe's fallbacks by disabling its first choices.</summary>
    internal static async Task<PluginApiSnapshot> ExtractAsync(string python, string distribution, AbsolutePath workFolder, string probeSource,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workFolder);
        var probeFolder = workFolder / "probe";
        var probe = PluginApiProbe.WriteTo(probeFolder, probeSource);
        var scratch = workFolder / "scratch";

        var withPlugin = await RunAsync(python, distribution, probeFolder, scratch, workFolder / "with", [], cancellationToken);
        if (withPlugin.Report is null)
            throw new BuildException(await StartFailureAsync(python, distribution, probe, scratch, withPlugin, cancellationToken));
        var withApi = withPlugin.Report;
        var names = withApi.EntryPoints.Select(e => e.Name).ToList();
        if (names.Count == 0)
        {
            Log.Warning("{Distribution} {Version} has no pytest11 entry point: pytest does not load it as a plugin, so it has no plugin API", withApi.Distribution, withApi.Version);
            return PluginApiDifference.Between(withApi, withApi);
        }

        var withoutPlugin = await RunAsync(python, distribution, probeFolder, scratch, workFolder / "without", names, cancellationToken);
        if (withoutPlugin.Report is null)
            throw new BuildException(
                $"pytest failed in {python} with {distribution}'s entry points disabled ({string.Join(' ', names.Select(n => "-p no:" + n))}), so pytest's API " +
                $"without the plugin, which is subtracted from the API with it, could not be read: {withoutPlugin.Failure}. Another installed plugin may need " +
                $"{distribution}.{Tail(withoutPlugin.Output)}");

        var api = PluginApiDifference.Between(withApi, withoutPlugin.Report);
        if (api.Unreadable.Count > 0)
            Log.Warning("pytest {Version} keeps parts of the plugin API where the probe could not read them, so the API of {Distribution} is incomplete: {Unreadable}",
                api.PytestVersion, distribution, string.Join("; ", api.Unreadable));
        return api;
    }

    private sealed record ProbeRun(int ExitCode, string Output, PluginApiSnapshot? Report, string? Failure);

    private static async Task<ProbeRun> RunAsync(string python, string distribution, AbsolutePath probeFolder, AbsolutePath scratch, AbsolutePath stem,
        IReadOnlyList<string> disabled, CancellationToken cancellationToken)
    {
        PluginApiProbe.PrepareScratch(scratch);
        var report = AbsolutePath.Create(stem + ".json");
        if (report.FileExists())
            File.Delete(report);
        var arguments = PluginApiProbe.PytestArguments(scratch, disabled);
        var result = await Tool.RunAsync(python, arguments, new ToolOptions
        {
            WorkingDirectory = scratch,
            Environment = PluginApiProbe.Environment(probeFolder, report, distribution),
            LogOutput = false,
            ThrowOnFailure = false,
            Timeout = PytestTimeout,
            InstallHint = "Create the venv first; the plugin API is read with the python that has the plugin installed.",
        }, cancellationToken);
        var output = string.Join('\n', result.Output.Select(l => l.Text));
        await File.WriteAllTextAsync(stem + ".log", $"$ {python} {string.Join(' ', arguments)}\n{output}\n(exit code {result.ExitCode})\n", cancellationToken);

        if (!report.FileExists())
            return new ProbeRun(result.ExitCode, output, null,
                PluginApiProbe.NormalExitCodes.Contains(result.ExitCode)
                    ? $"pytest exited with code {result.ExitCode} but the probe wrote no report (was collection replaced by a plugin?)"
                    : $"pytest exited with code {result.ExitCode}{Meaning(result.ExitCode)} before the probe could write its report");
        var text = await File.ReadAllTextAsync(report, cancellationToken);
        if (ProbeError(text) is { } error)
            throw new BuildException($"The plugin API of {distribution} could not be read: {error}");
        if (!PluginApiProbe.NormalExitCodes.Contains(result.ExitCode))
            return new ProbeRun(result.ExitCode, output, null, $"pytest exited with code {result.ExitCode}{Meaning(result.ExitCode)}");
        return new ProbeRun(result.ExitCode, output, PluginApiJson.Read(text, $"The probe's report {report}"), null);
    }

    /// <summary>The probe's own error (the distribution is not installed, or the probe itself failed), if it reported one.</summary>
    private static string? ProbeError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? error.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null; // PluginApiJson.Read says what is wrong with it
        }
    }

    /// <summary>
    /// Why pytest could not start with the plugin: each entry point is loaded alone, outside pytest, to name the one that
    /// fails to import; pytest's output follows.
    /// </summary>
    private static async Task<string> StartFailureAsync(string python, string distribution, AbsolutePath probe, AbsolutePath scratch, ProbeRun run,
        CancellationToken cancellationToken)
    {
        var loads = await LoadEachAsync(python, distribution, probe, scratch, cancellationToken);
        var failing = loads.Where(l => l.Error != null).ToList();
        var tail = Tail(run.Output);
        if (failing.Count > 0)
        {
            var which = string.Join("; ", failing.Select(f => $"entry point '{f.Name}' ({f.Value}) fails to import: {f.Error}"));
            return $"pytest could not start in {python} with {distribution} installed, so the plugin's API could not be read: {which}. " +
                $"Fix the import (is a module or a dependency missing from the wheel or its requirements?) and build again; {run.Failure}.{tail}";
        }

        var names = loads.Count == 0 ? "" : $" (entry points {string.Join(", ", loads.Select(l => $"'{l.Name}'"))}, each of which imports alone)";
        return $"pytest failed in {python} with {distribution} installed{names}, so the plugin's API could not be read: {run.Failure}.{tail}";
    }

    private sealed record EntryPointLoad(string Name, string Value, string? Error);

    private static async Task<IReadOnlyList<EntryPointLoad>> LoadEachAsync(string python, string distribution, AbsolutePath probe, AbsolutePath scratch,
        CancellationToken cancellationToken)
    {
        var result = await Tool.RunAsync(python, [probe, "entry-points", distribution], new ToolOptions
        {
            WorkingDirectory = scratch,
            Environment = VerificationEnvironment.ForPython(),
            LogOutput = false,
            ThrowOnFailure = false,
            Timeout = PytestTimeout,
        }, cancellationToken);
        var line = result.Output.Where(l => !l.IsError).Select(l => l.Text.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
            return [];
        try
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("entry_points", out var entryPoints))
                return [];
            return entryPoints.EnumerateArray().Select(e =>
            {
                var module = e.GetProperty("module").GetString()!;
                var attribute = e.GetProperty("attribute").GetString();
                var error = e.GetProperty("error");
                return new EntryPointLoad(e.GetProperty("name").GetString()!, attribute is null ? module : $"{module}:{attribute}",
                    error.ValueKind == JsonValueKind.String ? error.GetString() : null);
            }).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string Meaning(int exitCode) => exitCode switch
    {
        2 => " (interrupted)",
        3 => " (internal error)",
        4 => " (usage error)",
        _ => "",
    };

    private static string Tail(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).TakeLast(TailLines).ToList();
        return lines.Count == 0 ? " pytest printed nothing." : "\npytest's output ends with:\n" + string.Join('\n', lines.Select(l => "  " + l));
    }
}
