using System.Text.Json;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python;

/// <summary>What to ask an interpreter.</summary>
/// <param name="Modules">Modules to look for (importable from a neutral folder).</param>
/// <param name="Distributions">Distributions whose installed version to report.</param>
/// <param name="AllDistributions">Also list every installed distribution with its Requires-Dist (for requirement checks).</param>
/// <param name="WorkingDirectory">Where the probe runs; by default a neutral folder (the system's temporary folder).</param>
public sealed record ProbeQuestions(IReadOnlyList<string> Modules, IReadOnlyList<string>? Distributions = null, bool AllDistributions = false, string? WorkingDirectory = null)
{
    public static ProbeQuestions None { get; } = new([]);
}

/// <summary>
/// The one way the build asks a Python interpreter about itself. The probe runs isolated (<c>-I</c>: no PYTHONPATH, no
/// user site, no script or working folder on sys.path) from a neutral working folder, so a folder of the repository
/// can never pass for a module: from a repository root, the C# <c>build/</c> folder is a namespace package named
/// "build" to a plain <c>python -c</c>.
/// </summary>
public static class PythonProbe
{
    private const string Script = """
        import importlib.util, json, os, platform, sys
        import importlib.metadata as metadata
        args = sys.argv[1:]
        report = {
            "version": "%d.%d.%d" % sys.version_info[:3],
            "executable": os.path.realpath(sys.executable),
            "virtual": sys.prefix != getattr(sys, "base_prefix", sys.prefix),
            "modules": [], "distributions": {}, "installed": None,
        }
        for arg in args:
            kind, _, name = arg.partition(":")
            if kind == "m":
                try:
                    found = importlib.util.find_spec(name) is not None
                except Exception:
                    found = False
                if found:
                    report["modules"].append(name)
            elif kind == "d":
                try:
                    report["distributions"][name] = metadata.version(name)
                except Exception:
                    report["distributions"][name] = None
            elif kind == "all":
                seen = {}
                for dist in metadata.distributions():
                    dist_name = dist.metadata["Name"]
                    if dist_name and dist_name.lower() not in seen:
                        seen[dist_name.lower()] = {"name": dist_name, "version": dist.version, "requires": dist.requires or []}
                report["installed"] = sorted(seen.values(), key=lambda d: d["name"].lower())
        report["venv"] = importlib.util.find_spec("venv") is not None
        try:
            import ensurepip
            report["bundled_pip"] = ensurepip.version()
        except Exception:
            report["bundled_pip"] = None
        impl = sys.implementation
        impl_version = "%d.%d.%d" % impl.version[:3]
        if impl.version.releaselevel != "final":
            impl_version += impl.version.releaselevel[0] + str(impl.version.serial)
        report["markers"] = {
            "implementation_name": impl.name,
            "implementation_version": impl_version,
            "os_name": os.name,
            "platform_machine": platform.machine(),
            "platform_python_implementation": platform.python_implementation(),
            "platform_release": platform.release(),
            "platform_system": platform.system(),
            "platform_version": platform.version(),
            "python_full_version": platform.python_version(),
            "python_version": ".".join(platform.python_version_tuple()[:2]),
            "sys_platform": sys.platform,
        }
        print(json.dumps(report))
        """;

    /// <summary>Asks <paramref name="path"/> the <paramref name="questions"/>; null when it does not run as a Python 3 interpreter.</summary>
    public static async Task<PythonInterpreter?> ProbeAsync(string path, ProbeQuestions questions, CancellationToken cancellationToken = default)
    {
        var arguments = new List<string> { "-I", "-c", Script };
        arguments.AddRange(questions.Modules.Select(m => "m:" + m));
        arguments.AddRange((questions.Distributions ?? []).Select(d => "d:" + d));
        if (questions.AllDistributions)
            arguments.Add("all:");
        ToolResult result;
        try
        {
            result = await Tool.RunAsync(path, arguments, new ToolOptions
            {
                LogOutput = false,
                ThrowOnFailure = false,
                Timeout = TimeSpan.FromSeconds(30),
                WorkingDirectory = questions.WorkingDirectory ?? Path.GetTempPath(),
            }, cancellationToken);
        }
        catch (BuildException)
        {
            return null;
        }

        var line = result.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        return result.ExitCode == 0 && line != null ? Parse(path, line) : null;
    }

    private static PythonInterpreter? Parse(string path, string json)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            if (!Version.TryParse(root.GetProperty("version").GetString(), out var version))
                return null;
            var bundled = root.GetProperty("bundled_pip");
            var installed = root.GetProperty("installed");
            return new PythonInterpreter(path, version, root.GetProperty("modules").EnumerateArray().Select(m => m.GetString()!).ToHashSet(StringComparer.Ordinal))
            {
                Executable = root.GetProperty("executable").GetString() ?? path,
                IsVirtualEnvironment = root.GetProperty("virtual").GetBoolean(),
                HasVenv = root.GetProperty("venv").GetBoolean(),
                BundledPip = bundled.ValueKind == JsonValueKind.String ? bundled.GetString() : null,
                Distributions = root.GetProperty("distributions").EnumerateObject()
                    .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null),
                MarkerEnvironment = root.GetProperty("markers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                Installed = installed.ValueKind == JsonValueKind.Array
                    ? installed.EnumerateArray().Select(d => new Requirements.InstalledDistribution(
                        d.GetProperty("name").GetString()!,
                        d.GetProperty("version").GetString() ?? "",
                        d.GetProperty("requires").EnumerateArray().Select(r => r.GetString()!).ToList())).ToList()
                    : [],
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
