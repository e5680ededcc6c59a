using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace Wheelhouse.Python.Tests.Requirements;

/// <summary>
/// Runs the PyPA tools a build without isolation relies on, in Debian 12's /usr/bin/python3: pypa/build's
/// <c>check_dependency</c> over the interpreter's real installed distributions, and <c>packaging</c>'s markers and
/// specifiers. The same questions asked of our code must get the same answers.
/// </summary>
public sealed class PypaToolProbe : IDisposable
{
    public const string Python = "/usr/bin/python3";

    // Build requirements of real plugins, and ones that reach deep into the installed distributions.
    public static readonly string[] Requirements =
    [
        "hatchling>=1.18", "setuptools>=64", "setuptools_scm[toml]>=6.2", "poetry-core>=1.0.0", "flit_core >=3.2,<4",
        "tomli>=1.1.0; python_version < \"3.11\"", "importlib-metadata; python_version<\"3.8\"", "pytest>=7.0",
        "hatchling", "hatch-vcs", "pytest[testing]", "setuptools_scm[toml,test]", "pytest>=8", "pluggy[dev,testing]",
        "build", "twine", "no-such-distribution-xyz", "Typing_Extensions>=4",
    ];

    // Not os_name === "POSIX": packaging 23.0 raises InvalidVersion there (later versions compare the text).
    public static readonly string[] Markers =
    [
        "python_version < \"3.11\"", "python_version<\"3.8\"", "python_version >= \"3.8\"", "python_version > \"3.9\"",
        "python_version >= \"3.10\"", "python_full_version >= \"3.11.1\"", "python_full_version < \"3.11.0\"",
        "python_version == \"3.*\"", "python_version ~= \"3.8\"", "python_version != \"3.11\"", "implementation_version >= \"3.11\"",
        "sys_platform == \"linux\"", "sys_platform == \"win32\"", "sys_platform != \"darwin\"", "'linux' in sys_platform",
        "'win' not in sys_platform", "platform_system == \"Linux\"", "platform_machine == \"x86_64\" or platform_machine == \"aarch64\"",
        "os_name == \"posix\" and python_version >= \"3.10\"", "implementation_name == \"cpython\"",
        "platform_python_implementation != \"PyPy\"", "extra == \"test\"", "extra != \"test\"",
        "(python_version < \"3.8\" or sys_platform == \"linux\") and implementation_name == \"cpython\"",
        "python_version < \"3.8\" or sys_platform == \"linux\" and implementation_name == \"pypy\"",
        "os.name == 'posix' and platform.machine != ''", "python_implementation == 'CPython'",
    ];

    // packaging 23.0 (Debian 12) predates packaging's refinements of >V.devN, >V.preN and <V.postN (it refuses
    // 1.0.post0 for >1.0.dev1); VersionSpecifierTests pins those with the cases of packaging's current test suite.
    public static readonly string[] Specifiers =
    [
        "==2", "==2.0.0", "==2+deadbeef", "==2.*", "==2.0.*", "!=2", "!=2.0.*", ">=2", ">=2.0.dev1", "<=2", ">2", "<2",
        ">1.0.post1", "~=1.0", "~=1.0.0", "~=1.0a1", "~=2.2.post3", "==1.*", ">=1.0,<3.0", "<2.0,>=0.12", ">=3.2,<4",
        ">1.7", "<1.7", "===1.0", "!=1.0", "~=1.4.2", ">=1!0,<1!3",
    ];

    public static readonly string[] Versions =
    [
        "2", "2.0", "2.0.0", "2.0+deadbeef", "2.1", "2.0.1", "2.dev1", "2a1", "2.0rc1", "2.0.post1", "2.0.post1.dev1",
        "2.1+local", "1.0", "1.0.dev0", "1.0a1", "1.0a2+local", "1.0.post0", "1.0.post1", "1.0.post1.dev0", "1.0+local",
        "1.1", "1.9999", "1.4.3", "1.4.3.dev1", "1.5.0a1", "1.7.post1", "1.7.1.dev0", "1.7rc1", "1.6.9rc1", "3.0", "4.0rc1",
        "1.0.0+repack", "1!0.5", "1!2.5",
    ];

    private const string Script = """
        import importlib.metadata as md, json, sys
        import build
        from packaging.markers import Marker, default_environment
        from packaging.requirements import Requirement
        from packaging.specifiers import SpecifierSet
        from packaging.utils import canonicalize_name

        question = json.load(sys.stdin)
        names = lambda chain: [canonicalize_name(Requirement(r).name) for r in chain]
        print(json.dumps({
            "environment": default_environment(),
            "distributions": [{"name": d.metadata["Name"], "version": d.version, "requires": d.requires}
                              for d in md.distributions() if d.metadata["Name"]],
            "unmet": {r: sorted(names(c) for c in build.check_dependency(r)) for r in question["requirements"]},
            "markers": {m: Marker(m).evaluate() for m in question["markers"]},
            "specifiers": [[s, v, SpecifierSet(s).contains(v, prereleases=True)] for s in question["specifiers"] for v in question["versions"]],
        }))
        """;

    private readonly TempFolder _folder = new();

    public PypaToolProbe()
    {
        var question = JsonSerializer.Serialize(new { requirements = Requirements, markers = Markers, specifiers = Specifiers, versions = Versions });
        // -I and a scratch working directory: nothing of this repository can shadow a module.
        var result = Cli.Wrap(Python)
            .WithArguments(["-I", "-c", Script])
            .WithWorkingDirectory(_folder.Path)
            .WithStandardInputPipe(PipeSource.FromString(question))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync().GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{Python} failed ({result.ExitCode}): {result.StandardError}");
        Answer = JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    public JsonObject Answer { get; }

    public void Dispose() => _folder.Dispose();
}
