namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>
/// One shape of real pytest plugin, as maintainers lay them out: a build backend, where the metadata lives, the module
/// layout and where the version comes from. Each plugin has a fixture, a marker, an ini option and a command-line
/// option whose names start with <see cref="Key"/>, a test, smoke tests that VerifyInstall runs, and a CHANGELOG.md.
/// </summary>
/// <param name="Key">Short name of the shape; the plugin's API names start with it.</param>
/// <param name="Name">The distribution name on PyPI.</param>
/// <param name="Backend">The build backend's distribution, as S001 names it.</param>
/// <param name="FirstRelease">The version of the first rehearsal: the static version, or the tag BumpVersion --bump patch makes.</param>
/// <param name="MinorRelease">The version after BumpVersion --bump minor.</param>
/// <param name="StartTag">The tag of the plugin's last release before the adoption, for a version from git tags; null for a static version.</param>
public sealed record PluginShape(string Key, string Name, string Backend, string FirstRelease, string MinorRelease, string? StartTag)
{
    /// <summary>(a) setuptools, metadata in setup.cfg, one top-level module, a static version.</summary>
    public static readonly PluginShape SetupCfg = new("cfg", "pytest-cfg-shape", "setuptools", "0.2.0", "0.3.0", null);

    /// <summary>(b) setuptools with setuptools-scm, src layout, the version from git tags.</summary>
    public static readonly PluginShape SetuptoolsScm = new("scm", "pytest-scm-shape", "setuptools", "1.0.1", "1.1.0", "v1.0.0");

    /// <summary>(c) hatchling with hatch-vcs, a flat package, the version from git tags.</summary>
    public static readonly PluginShape HatchVcs = new("vcs", "pytest-vcs-shape", "hatchling", "0.4.1", "0.5.0", "v0.4.0");

    /// <summary>(d) poetry-core, its own [tool.poetry] table (no [project]), a static version.</summary>
    public static readonly PluginShape Poetry = new("poetry", "pytest-poetry-shape", "poetry-core", "2.1.0", "2.2.0", null);

    public static IReadOnlyList<PluginShape> All { get; } = [SetupCfg, SetuptoolsScm, HatchVcs, Poetry];

    public static PluginShape Get(string key) => All.Single(s => s.Key == key);

    public const string Owner = "acme";

    public string Module => Name.Replace('-', '_');

    public bool IsTagVersioned => StartTag is not null;

    public string EntryPoint => $"{Key}_shape";
    public string Fixture => $"{Key}_greeting";
    public string Marker => $"{Key}_greeted";
    public string IniOption => $"{Key}_greeting_word";
    public string Option => $"--{Key}-greeting-level";
    public string OptionDest => $"{Key}_greeting_level";

    /// <summary>Writes the plugin into <paramref name="root"/>, makes it a git repository (with a github.com origin and an identity, as a maintainer's clone has) and commits it; tags <see cref="StartTag"/>.</summary>
    public void Write(string root)
    {
        switch (Key)
        {
            case "cfg":
                WriteFile(root, "pyproject.toml", """
                    [build-system]
                    requires = ["setuptools>=61"]
                    build-backend = "setuptools.build_meta"

                    [tool.wheelhouse.verify]
                    tests = ["tests/smoke"]
                    """);
                WriteFile(root, "setup.cfg", $"""
                    [metadata]
                    name = {Name}
                    version = {FirstRelease}
                    description = A small pytest plugin whose metadata is in setup.cfg.
                    long_description = file: README.md
                    long_description_content_type = text/markdown
                    classifiers =
                        Framework :: Pytest

                    [options]
                    py_modules = {Module}
                    python_requires = >=3.10
                    install_requires =
                        pytest>=7

                    [options.entry_points]
                    pytest11 =
                        {EntryPoint} = {Module}
                    """);
                WriteFile(root, $"{Module}.py", PluginSource());
                // GitHub's Python .gitignore ignores build/, setuptools' output folder.
                WriteFile(root, ".gitignore", "build/\ndist/\n*.egg-info/\n__pycache__/\n");
                break;
            case "scm":
                WriteFile(root, "pyproject.toml", $"""
                    [build-system]
                    requires = ["setuptools>=64", "setuptools-scm>=7"]
                    build-backend = "setuptools.build_meta"

                    [project]
                    name = "{Name}"
                    dynamic = ["version"]
                    description = "A small pytest plugin whose version is its git tag."
                    readme = "README.md"
                    requires-python = ">=3.10"
                    dependencies = ["pytest>=7"]
                    classifiers = ["Framework :: Pytest"]

                    [project.entry-points.pytest11]
                    {EntryPoint} = "{Module}.plugin"

                    [tool.setuptools_scm]

                    [tool.wheelhouse.verify]
                    tests = ["tests/smoke"]
                    """);
                WriteFile(root, $"src/{Module}/__init__.py", $"\"\"\"{Name}.\"\"\"\n");
                WriteFile(root, $"src/{Module}/plugin.py", PluginSource());
                WriteFile(root, ".gitignore", "build/\ndist/\n*.egg-info/\n__pycache__/\n");
                break;
            case "vcs":
                WriteFile(root, "pyproject.toml", $"""
                    [build-system]
                    requires = ["hatchling", "hatch-vcs"]
                    build-backend = "hatchling.build"

                    [project]
                    name = "{Name}"
                    dynamic = ["version"]
                    description = "A small pytest plugin built by hatchling, its version from git tags."
                    readme = "README.md"
                    requires-python = ">=3.10"
                    dependencies = ["pytest>=7"]
                    classifiers = ["Framework :: Pytest"]

                    [project.entry-points.pytest11]
                    {EntryPoint} = "{Module}"

                    [tool.hatch.version]
                    source = "vcs"

                    [tool.wheelhouse.verify]
                    tests = ["tests/smoke"]
                    """);
                WriteFile(root, $"{Module}/__init__.py", PluginSource());
                WriteFile(root, ".gitignore", "dist/\n__pycache__/\n");
                break;
            case "poetry":
                WriteFile(root, "pyproject.toml", $$"""
                    [build-system]
                    requires = ["poetry-core>=1.0.0"]
                    build-backend = "poetry.core.masonry.api"

                    [tool.poetry]
                    name = "{{Name}}"
                    version = "{{FirstRelease}}"
                    description = "A small pytest plugin built by poetry-core."
                    authors = ["Acme <dev@acme.example>"]
                    readme = "README.md"
                    classifiers = ["Framework :: Pytest"]
                    packages = [{ include = "{{Module}}" }]

                    [tool.poetry.dependencies]
                    python = ">=3.10"
                    pytest = ">=7"

                    [tool.poetry.plugins.pytest11]
                    {{EntryPoint}} = "{{Module}}"

                    [tool.wheelhouse.verify]
                    tests = ["tests/smoke"]
                    """);
                WriteFile(root, $"{Module}/__init__.py", PluginSource());
                WriteFile(root, ".gitignore", "dist/\n__pycache__/\n");
                break;
            default:
                throw new InvalidOperationException($"No plugin of shape {Key}.");
        }

        WriteFile(root, "README.md", $"# {Name}\n\nA small pytest plugin that greets tests.\n");
        WriteFile(root, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- The greeting fixture.\n");
        WriteFile(root, "tests/test_greeting.py", $"""
            import pytest


            @pytest.mark.{Marker}
            def test_the_greeting_says_the_ini_word({Fixture}):
                assert {Fixture} == "hello"
            """);
        WriteFile(root, "tests/smoke/test_installed.py", $"""
            import pytest


            @pytest.mark.{Marker}
            def test_the_installed_plugin_greets({Fixture}):
                assert {Fixture} == "hello"


            def test_the_option_repeats_the_greeting(pytestconfig):
                assert pytestconfig.getoption("{Option}") == 1
            """);

        Require(ChildProcess.Git(root, "init", "-q"));
        // A maintainer's git knows who they are; inside the Debian root there is no global configuration.
        Require(ChildProcess.Git(root, "config", "user.name", "Shape Maintainer"));
        Require(ChildProcess.Git(root, "config", "user.email", "maintainer@acme.example"));
        Require(ChildProcess.Git(root, "remote", "add", "origin", $"https://github.com/{Owner}/{Name}.git"));
        Require(ChildProcess.Git(root, "add", "-A"));
        Require(ChildProcess.Git(root, "commit", "-q", "-m", $"{Name}: a greeting for tests"));
        if (StartTag is not null)
            Require(ChildProcess.Git(root, "tag", "-a", "-m", $"Release {StartTag}", StartTag));
    }

    /// <summary>The plugin module: the four parts of a pytest plugin's API.</summary>
    private string PluginSource() => $"""
        import pytest


        def pytest_addoption(parser):
            group = parser.getgroup("{Key}-shape")
            group.addoption("{Option}", action="store", type=int, default=1, help="how often the greeting repeats")
            parser.addini("{IniOption}", help="what the greeting says", default="hello")


        def pytest_configure(config):
            config.addinivalue_line("markers", "{Marker}: tests that want a greeting")


        @pytest.fixture
        def {Fixture}(request):
            return request.config.getini("{IniOption}") * request.config.getoption("{OptionDest}")
        """;

    public override string ToString() => Name;

    internal static void Require(ProcessResult result)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException(result.Describe());
    }

    private static void WriteFile(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.EndsWith('\n') ? text : text + "\n");
    }
}
