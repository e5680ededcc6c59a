using Wheelhouse.Engine;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// Our pytest plugin that reads what pytest sees (wheelhouse_plugin_api_probe.py, embedded in this assembly), and how
/// pytest is started with it: in an empty scratch folder whose own pytest.ini stops pytest from finding a source tree's
/// configuration above it, without the cache plugin, with the probe's folder on PYTHONPATH.
/// </summary>
public static class PluginApiProbe
{
    public const string ModuleName = "wheelhouse_plugin_api_probe";
    public const string OutputVariable = "WHEELHOUSE_PLUGIN_API_OUTPUT";
    public const string DistributionVariable = "WHEELHOUSE_PLUGIN_API_DISTRIBUTION";

    /// <summary>pytest's exit codes after which the probe's report is trusted: all passed, and no tests collected (the scratch folder has none).</summary>
    public static readonly IReadOnlySet<int> NormalExitCodes = new HashSet<int> { 0, 5 };

    private static readonly Lazy<string> source = new(() =>
    {
        var name = $"Wheelhouse.Python.PluginApi.{ModuleName}.py";
        using var stream = typeof(PluginApiProbe).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from {typeof(PluginApiProbe).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The probe's Python source.</summary>
    public static string Source => source.Value;

    /// <summary>Writes the probe module into <paramref name="folder"/> (put on PYTHONPATH) and returns its file.</summary>
    public static AbsolutePath WriteTo(AbsolutePath folder, string? source = null)
    {
        var file = folder / (ModuleName + ".py");
        AtomicFile.WriteAllText(file, source ?? Source);
        return file;
    }

    /// <summary>Makes <paramref name="scratch"/> an empty folder holding only an empty pytest.ini, so it is the rootdir and the config.</summary>
    public static AbsolutePath PrepareScratch(AbsolutePath scratch)
    {
        if (scratch.DirectoryExists())
            Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        var ini = scratch / "pytest.ini";
        File.WriteAllText(ini, "[pytest]\n");
        return ini;
    }

    /// <summary>The arguments after <c>python</c>: pytest with the probe, in the scratch folder, each named entry point disabled.</summary>
    public static IReadOnlyList<string> PytestArguments(AbsolutePath scratch, IEnumerable<string> disabledEntryPoints)
    {
        var arguments = new List<string> { "-m", "pytest", "-p", ModuleName, "-p", "no:cacheprovider" };
        foreach (var name in disabledEntryPoints)
            arguments.AddRange(["-p", "no:" + name]);
        arguments.AddRange([$"--rootdir={scratch}", "-c", scratch / "pytest.ini", scratch]);
        return arguments;
    }

    /// <summary>
    /// The probe run's environment: the verification venv's (no user site, no PYTHONPATH or PYTEST_ADDOPTS from the
    /// shell), plus the probe's folder as the only PYTHONPATH entry, where to write, which distribution, and a fixed
    /// hash seed so reprs of sets come out in the same order every run.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Environment(AbsolutePath probeFolder, AbsolutePath output, string distribution)
    {
        var environment = new Dictionary<string, string?>(VerificationEnvironment.ForPython())
        {
            ["PYTHONPATH"] = probeFolder,
            ["PYTHONHASHSEED"] = "0",
            [OutputVariable] = output,
            [DistributionVariable] = distribution,
        };
        return environment;
    }
}
