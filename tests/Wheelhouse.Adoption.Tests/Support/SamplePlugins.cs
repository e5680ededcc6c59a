namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>
/// Small real pytest plugins, each with a fixture, a marker, an ini option and a command-line option, written into a
/// folder that then becomes a git repository with a github.com origin remote, as a plugin's clone is.
/// </summary>
public static class SamplePlugins
{
    /// <summary>The sdist exclusions README tells hatchling users to add: hatchling ships every file git does not ignore.</summary>
    public const string HatchlingSdistExclude =
        """
        [tool.hatch.build.targets.sdist]
        exclude = ["/build", "/build.sh", "/build.ps1", "/global.json", "/.nuke", "/NuGet.config", "/.github"]
        """;

    /// <summary>hatchling, src layout, a static version.</summary>
    public static void WriteHatchling(string root, string name, string owner)
    {
        var module = name.Replace('-', '_');
        Write(root, "pyproject.toml", $"""
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{name}"
            version = "0.3.0"
            description = "A small pytest plugin for the adoption tests."
            readme = "README.md"
            requires-python = ">=3.10"
            dependencies = ["pytest>=7"]
            classifiers = ["Framework :: Pytest"]

            [project.entry-points.pytest11]
            {module} = "{module}.plugin"

            {HatchlingSdistExclude}
            """);
        WritePluginSources(root, Path.Combine("src", module), name);
        InitRepository(root, owner, name);
    }

    /// <summary>setuptools with setuptools-scm (the version from git tags), src layout; tagged v1.0.0.</summary>
    public static void WriteSetuptoolsScm(string root, string name, string owner)
    {
        var module = name.Replace('-', '_');
        Write(root, "pyproject.toml", $"""
            [build-system]
            requires = ["setuptools>=61", "setuptools-scm>=7"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "{name}"
            dynamic = ["version"]
            description = "A small pytest plugin for the adoption tests."
            readme = "README.md"
            requires-python = ">=3.10"
            dependencies = ["pytest>=7"]
            classifiers = ["Framework :: Pytest"]

            [project.entry-points.pytest11]
            {module} = "{module}.plugin"

            [tool.setuptools_scm]
            """);
        WritePluginSources(root, Path.Combine("src", module), name);
        InitRepository(root, owner, name);
        ChildProcess.Git(root, "tag", "v1.0.0");
    }

    private static void WritePluginSources(string root, string package, string name)
    {
        Write(root, "README.md", $"# {name}\n\nA small pytest plugin.\n");
        Write(root, ".gitignore", "dist/\n*.egg-info/\n__pycache__/\n");
        Write(root, Path.Combine(package, "__init__.py"), $"\"\"\"{name}.\"\"\"\n");
        Write(root, Path.Combine(package, "plugin.py"), """
            import pytest


            def pytest_addoption(parser):
                parser.addoption("--greeting-level", action="store", type=int, default=1, help="how loud the greeting is")
                parser.addini("greeting", help="what the greeting fixture says", default="hello")


            def pytest_configure(config):
                config.addinivalue_line("markers", "greeted: tests that want a greeting")


            @pytest.fixture
            def greeting(request):
                return request.config.getini("greeting") * request.config.getoption("greeting_level")
            """);
        Write(root, Path.Combine("tests", "test_greeting.py"), """
            import pytest


            @pytest.mark.greeted
            def test_greeting(greeting):
                assert greeting == "hello"
            """);
    }

    private static void InitRepository(string root, string owner, string name)
    {
        Check(ChildProcess.Git(root, "init", "-q"));
        Check(ChildProcess.Git(root, "remote", "add", "origin", $"https://github.com/{owner}/{name}.git"));
        Check(ChildProcess.Git(root, "add", "-A"));
        Check(ChildProcess.Git(root, "commit", "-q", "-m", "The plugin"));
    }

    private static void Check(ProcessResult result)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException(result.Describe());
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.EndsWith('\n') ? text : text + "\n");
    }
}
