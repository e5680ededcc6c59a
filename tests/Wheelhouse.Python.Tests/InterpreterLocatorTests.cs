using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

public sealed class InterpreterLocatorTests
{
    [Fact]
    public async Task Probe_reports_version_and_which_modules_import()
    {
        var interpreter = await InterpreterLocator.ProbeAsync("/usr/bin/python3", ["json", "no_such_module_xyz"]);
        interpreter.Should().NotBeNull();
        interpreter!.Version.Should().BeGreaterThanOrEqualTo(new Version(3, 10));
        interpreter.Has("json").Should().BeTrue();
        interpreter.Has("no_such_module_xyz").Should().BeFalse();
    }

    [Fact]
    public async Task Probe_of_something_that_is_not_python_is_null() =>
        (await InterpreterLocator.ProbeAsync("/bin/false", [])).Should().BeNull();

    [Fact]
    public async Task Finds_an_interpreter_with_the_build_frontend()
    {
        var interpreter = await InterpreterLocator.FindAsync(null, ["build"], "a test");
        interpreter.Has("build").Should().BeTrue();
    }

    [Fact]
    public async Task Missing_module_is_an_error_naming_the_install_command()
    {
        var act = () => InterpreterLocator.FindAsync("/usr/bin/python3", ["no_such_module_xyz"], "a test");
        (await act.Should().ThrowAsync<BuildException>())
            .WithMessage("*lacks the 'no_such_module_xyz' module, which a test needs*apt-get install python3-no_such_module_xyz*");
    }

    [Fact]
    public async Task Requested_interpreter_that_does_not_exist_is_a_clear_error()
    {
        var act = () => InterpreterLocator.FindAsync("/nowhere/python9", ["build"], "a test");
        (await act.Should().ThrowAsync<BuildException>()).WithMessage("*'/nowhere/python9'*not found*");
    }

    [Fact]
    public void Install_command_is_pip_for_an_interpreter_outside_the_system()
    {
        var venv = new PythonInterpreter("/opt/venv/bin/python", new Version(3, 12), new HashSet<string>());
        InstallCommands.For(venv, ["build"]).Should().Be("/opt/venv/bin/python -m pip install build");
        var system = venv with { Path = "/usr/bin/python3" };
        InstallCommands.For(system, ["build", "hatchling.build"]).Should().StartWith("apt-get install python3-build python3-hatchling");
    }
}
