using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>VerifyInstall's interpreters at once (the build's --parallel): the same result, each interpreter's lines together.</summary>
[Collection(SmallPluginsCollection.Name)]
public sealed class ParallelVerificationTests(SmallPlugins plugins) : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private sealed class Lines : ILogEventSink
    {
        private readonly List<string> lines = [];

        public void Emit(LogEvent logEvent)
        {
            lock (lines)
                lines.Add(logEvent.RenderMessage(CultureInfo.InvariantCulture));
        }

        public IReadOnlyList<string> All
        {
            get
            {
                lock (lines)
                    return lines.ToList();
            }
        }
    }

    /// <summary>
    /// pytest-tiny's source tree with one more smoke test, which passes only when the other interpreter's smoke tests run at
    /// the same time: each marks that it started in a shared folder and waits for the other's mark. One after another, the
    /// first would wait out its bound and fail.
    /// </summary>
    private AbsolutePath ProjectWhoseSmokeTestsMeet()
    {
        var project = folder.Absolute / "project";
        var source = plugins.ProjectOf(SmallPlugins.Tiny);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}dist{Path.DirectorySeparatorChar}")))
        {
            var target = project / Path.GetRelativePath(source, file);
            Directory.CreateDirectory(target.Parent!);
            File.Copy(file, target);
        }

        var meeting = Directory.CreateDirectory(folder.Absolute / "meeting").FullName;
        File.WriteAllText(project / "tests" / "smoke" / "test_meet.py", $$"""
            import os
            import pathlib
            import time


            def test_the_other_interpreter_runs_at_the_same_time():
                meeting = pathlib.Path({{System.Text.Json.JsonSerializer.Serialize(meeting)}})
                (meeting / f"started-{os.getpid()}").touch()
                deadline = time.monotonic() + 180
                while len(list(meeting.glob("started-*"))) < 2:
                    assert time.monotonic() < deadline, "the other interpreter's smoke tests did not run at the same time"
                    time.sleep(0.05)
            """);
        return project;
    }

    [Fact]
    public async Task Two_interpreters_are_verified_at_once_with_each_one_s_lines_together_and_the_same_result()
    {
        await plugins.DistAsync(SmallPlugins.Tiny);
        var project = ProjectWhoseSmokeTestsMeet();
        var request = await plugins.RequestAsync(SmallPlugins.Tiny) with
        {
            Project = new SourceProject(project, VerifySettings.Read(project), Python.Metadata.ProjectMetadataReader.TryReadStatic(project)),
            Parallelism = 2,
        };
        var python = await plugins.SystemPythonAsync();
        var lines = new Lines();
        var previous = Log.Logger;
        // Other test collections log through the same static logger meanwhile: keep only this verification's events
        // (the log context flows into every task the verification starts).
        var run = Guid.NewGuid().ToString("N");
        Log.Logger = new LoggerConfiguration().MinimumLevel.Verbose().Enrich.FromLogContext()
            .Filter.ByIncludingOnly(e => e.Properties.TryGetValue(nameof(ParallelVerificationTests), out var value) && value.ToString() == $"\"{run}\"")
            .WriteTo.Sink(new HeldOutputSink(lines)).CreateLogger();
        VerifiedInstall verified;
        try
        {
            // The same interpreter twice: two folders, two venvs, run at once.
            using (Serilog.Context.LogContext.PushProperty(nameof(ParallelVerificationTests), run))
                verified = await InstallVerifier.VerifyAsync(request, [python, python]);
        }
        finally
        {
            Log.Logger = previous;
        }

        verified.ApiFile.Should().Be(request.PluginApiDirectory! / "pytest-tiny-1.0.0.json");
        verified.Proved.Should().Contain(["the smoke tests (tests/smoke) pass", "its API equals the source tree's"]);
        Directory.GetFileSystemEntries(request.WorkRoot).Should().BeEmpty("both interpreters' folders passed and were removed");

        // Each interpreter's lines, by folder.
        var first = request.WorkRoot / $"py{python.Version.ToString(2)}";
        var second = request.WorkRoot / $"py{python.Version.ToString(2)}-2";
        var mine = lines.All.Select(l => l.Contains(second, StringComparison.Ordinal) ? "second" : l.Contains(first, StringComparison.Ordinal) ? "first"
            : l.Contains("installed into a fresh venv and proved", StringComparison.Ordinal) ? "proved" : null).OfType<string>();
        var runs = mine.Aggregate(new List<string>(), (list, tag) => list.Count > 0 && list[^1] == tag ? list : [.. list, tag]);
        runs.Should().Equal(["first", "proved", "second", "proved"],
            "each interpreter's lines (the commands run in its folder, its smoke tests, what it proved) come out together, the first interpreter's first");
    }
}
