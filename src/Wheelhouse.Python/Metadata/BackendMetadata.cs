using System.Text.Json;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Metadata;

/// <summary>
/// Asks the project's build backend for its metadata (PEP 517 <c>prepare_metadata_for_build_wheel</c>, or a wheel
/// build when the backend lacks that hook) through the <c>build</c> frontend's own API, in the interpreter that builds.
/// Works with build 0.9 (Debian 12) to 1.x. The backend's output goes to standard error; the answer is one JSON line.
/// </summary>
public static class BackendMetadata
{
    private const string Script = """
        import json, os, subprocess, sys
        import build
        source, output, isolated, entry_points = sys.argv[1], sys.argv[2], sys.argv[3] == "isolated", sys.argv[4] == "entry-points"

        def runner(cmd, cwd=None, extra_environ=None):
            env = os.environ.copy()
            env.update(extra_environ or {})
            subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=sys.stderr.fileno())

        def metadata(builder):
            path = builder.metadata_path(output)
            if entry_points and not os.path.exists(os.path.join(path, "entry_points.txt")):
                # hatchling's prepare_metadata_for_build_wheel writes METADATA only: the entry points are in the wheel.
                import zipfile
                wheel = builder.build("wheel", os.path.join(output, "wheel"))
                with zipfile.ZipFile(wheel) as archive:
                    for name in archive.namelist():
                        if name.count("/") == 1 and name.endswith(".dist-info/entry_points.txt"):
                            with open(os.path.join(path, "entry_points.txt"), "wb") as target:
                                target.write(archive.read(name))
            return path

        try:
            if not isolated:
                path = metadata(build.ProjectBuilder(source, python_executable=sys.executable, runner=runner))
            else:
                try:
                    from build.env import DefaultIsolatedEnv as Env
                except ImportError:
                    from build.env import IsolatedEnvBuilder as Env
                with Env() as env:
                    if hasattr(build.ProjectBuilder, "from_isolated_env"):
                        builder = build.ProjectBuilder.from_isolated_env(env, source, runner=runner)
                    else:
                        builder = build.ProjectBuilder(source, python_executable=env.executable, scripts_dir=env.scripts_dir, runner=runner)
                    env.install(builder.build_system_requires)
                    env.install(builder.get_requires_for_build("wheel"))
                    path = metadata(builder)
            print(json.dumps({"dist_info": path}))
        except Exception as e:
            print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
            sys.exit(1)
        """;

    /// <summary>The metadata the backend of the project in <paramref name="projectDirectory"/> reports.</summary>
    /// <param name="needEntryPoints">The entry points are not known otherwise: when the backend's metadata hook leaves them out
    /// (hatchling writes METADATA only), a wheel is built to read them.</param>
    public static async Task<ProjectMetadata> PrepareAsync(
        BuildInterpreter builder, AbsolutePath projectDirectory, string backend, bool needEntryPoints = true, CancellationToken cancellationToken = default)
    {
        var output = AbsolutePath.Create(Directory.CreateTempSubdirectory("wheelhouse-metadata-").FullName);
        try
        {
            var result = await Tool.RunAsync(builder.Interpreter.Path, ["-I", "-c", Script, projectDirectory, output, builder.Isolated ? "isolated" : "installed", needEntryPoints ? "entry-points" : "metadata-only"],
                new ToolOptions { LogOutput = false, ThrowOnFailure = false, WorkingDirectory = Path.GetTempPath(), Timeout = TimeSpan.FromMinutes(10) }, cancellationToken);
            var answer = result.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
            using var json = answer is null ? null : JsonDocument.Parse(answer);
            if (result.ExitCode != 0 || json is null || !json.RootElement.TryGetProperty("dist_info", out var distInfo) || distInfo.GetString() is not { } folder)
            {
                var cause = json?.RootElement.TryGetProperty("error", out var error) == true ? error.GetString() : $"exit code {result.ExitCode}";
                var tail = string.Join(Environment.NewLine, result.Output.Where(l => l.IsError).TakeLast(12).Select(l => "  " + l.Text));
                throw new BuildException(
                    $"The build backend ({backend}) could not prepare the metadata of {projectDirectory.Name} with {builder.Interpreter}: {cause}." +
                    (tail.Length > 0 ? $"{Environment.NewLine}Its last output:{Environment.NewLine}{tail}" : "") +
                    $"{Environment.NewLine}Fix the project's configuration (./build.sh Build shows the same error), or pass --python with an interpreter whose backend works.");
            }

            var entryPoints = Path.Combine(folder, "entry_points.txt");
            return ProjectMetadata.FromDistInfo(
                await File.ReadAllTextAsync(Path.Combine(folder, "METADATA"), cancellationToken),
                File.Exists(entryPoints) ? await File.ReadAllTextAsync(entryPoints, cancellationToken) : null,
                $"the build backend ({backend})");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
