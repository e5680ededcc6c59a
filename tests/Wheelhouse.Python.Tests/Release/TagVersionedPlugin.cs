namespace Wheelhouse.Python.Tests.Release;

/// <summary>
/// A small real pytest plugin (a fixture, a marker, an ini option and a command-line option) in a src layout whose
/// version comes from git tags: with setuptools + setuptools-scm, or hatchling + hatch-vcs, as Debian 12 ships them.
/// </summary>
public static class TagVersionedPlugin
{
    public const string Name = "pytest-tagdemo";

    public const string SetuptoolsScm = """
        [build-system]
        requires = ["setuptools>=61", "setuptools_scm[toml]>=7"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "pytest-tagdemo"
        description = "A pytest plugin whose version is its git tag."
        readme = "README.md"
        requires-python = ">=3.9"
        dynamic = ["version"]
        dependencies = ["pytest>=7"]
        classifiers = ["Framework :: Pytest"]

        [project.entry-points.pytest11]
        tagdemo = "pytest_tagdemo.plugin"

        [tool.setuptools_scm]

        """;

    public const string HatchVcs = """
        [build-system]
        requires = ["hatchling", "hatch-vcs"]
        build-backend = "hatchling.build"

        [project]
        name = "pytest-tagdemo"
        description = "A pytest plugin whose version is its git tag."
        readme = "README.md"
        requires-python = ">=3.9"
        dynamic = ["version"]
        dependencies = ["pytest>=7"]
        classifiers = ["Framework :: Pytest"]

        [project.entry-points.pytest11]
        tagdemo = "pytest_tagdemo.plugin"

        [tool.hatch.version]
        source = "vcs"

        [tool.hatch.build.targets.wheel]
        packages = ["src/pytest_tagdemo"]

        """;

    public const string Plugin = """
        import pytest


        def pytest_addoption(parser):
            parser.addoption("--tagdemo-greeting", default="hello", help="Greeting the tagdemo fixture returns.")
            parser.addini("tagdemo_level", "Level of the tagdemo marker.", default="1")


        def pytest_configure(config):
            config.addinivalue_line("markers", "tagdemo: marks a test for the tagdemo plugin.")


        @pytest.fixture
        def tagdemo_greeting(request):
            return request.config.getoption("--tagdemo-greeting")

        """;

    public const string Changelog = """
        # Changelog

        ## [Unreleased]

        ### Added

        - A greeting option.

        ## [0.1.0] - 2026-04-01

        - First release.

        [Unreleased]: https://github.com/o/pytest-tagdemo/compare/v0.1.0...HEAD
        [0.1.0]: https://github.com/o/pytest-tagdemo/releases/tag/v0.1.0

        """;

    /// <summary>The project's files (relative path → text) with this pyproject.toml.</summary>
    public static Dictionary<string, string> Files(string pyproject) => new()
    {
        ["pyproject.toml"] = pyproject,
        ["README.md"] = "# pytest-tagdemo\n\nA pytest plugin.\n",
        ["src/pytest_tagdemo/__init__.py"] = "from importlib.metadata import version\n\n__version__ = version(\"pytest-tagdemo\")\n",
        ["src/pytest_tagdemo/plugin.py"] = Plugin,
        ["CHANGELOG.md"] = Changelog,
        [".gitignore"] = "dist/\nbuild/\n*.egg-info/\n__pycache__/\n",
    };

    /// <summary>
    /// The plugin in a git repository with the release tag v0.1.0 on the first commit and one commit after it,
    /// as a project looks between releases.
    /// </summary>
    public static async Task<ReleaseRepository> CreateAsync(string pyproject = SetuptoolsScm)
    {
        var repo = await ReleaseRepository.CreateAsync(Files(pyproject));
        await repo.GitAsync("tag", "--annotate", "-m", "Release 0.1.0", "v0.1.0");
        await repo.CommitAsync("Greeting option", "src/pytest_tagdemo/plugin.py", Plugin + "\n# the greeting is an option now\n");
        return repo;
    }
}
