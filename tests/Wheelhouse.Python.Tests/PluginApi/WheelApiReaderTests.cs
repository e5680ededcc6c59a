using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Tests.Verification;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.PluginApi;

/// <summary>Reading a wheel file's plugin API in a fresh venv, with the small real plugins built by <see cref="SmallPlugins"/>.</summary>
[Collection(SmallPluginsCollection.Name)]
public sealed class WheelApiReaderTests(SmallPlugins plugins)
{
    [Fact]
    public void The_plan_installs_the_wheel_alone_then_its_dependencies_offline_then_from_the_index()
    {
        var plan = WheelApiReader.Plan(AbsolutePath.Create("/tmp/dist/pytest_tiny-1.0.0-py3-none-any.whl"), AbsolutePath.Create("/tmp/work/venv"), withPip: false);

        plan.VenvArguments.Should().Equal("-m", "venv", "--system-site-packages", "--without-pip", "/tmp/work/venv");
        plan.Steps.Select(s => string.Join(' ', s.Arguments)).Should().Equal(
            "-m pip install --no-cache-dir --no-input --disable-pip-version-check --no-index --no-deps --ignore-installed /tmp/dist/pytest_tiny-1.0.0-py3-none-any.whl",
            "-m pip install --no-cache-dir --no-input --disable-pip-version-check --no-index /tmp/dist/pytest_tiny-1.0.0-py3-none-any.whl",
            "-m pip install --no-cache-dir --no-input --disable-pip-version-check /tmp/dist/pytest_tiny-1.0.0-py3-none-any.whl");
        plan.Steps.Should().OnlyContain(s => s.Environment.ContainsKey("PIP_FIND_LINKS") && s.Environment["PIP_FIND_LINKS"] == null);
        WheelApiReader.Plan(AbsolutePath.Create("/tmp/w.whl"), AbsolutePath.Create("/tmp/v"), withPip: true).VenvArguments.Should().NotContain("--without-pip");
    }

    [Fact]
    public async Task A_wheels_API_is_read_in_a_venv_that_is_removed_afterwards()
    {
        var dist = await plugins.DistAsync(SmallPlugins.Tiny);
        var wheel = AbsolutePath.Create(Directory.GetFiles(dist, "*.whl").Single());
        var work = plugins.NewWorkRoot() / "read";

        var api = await WheelApiReader.ReadAsync(wheel, await plugins.SystemPythonAsync(), work);

        api.Distribution.Should().Be("pytest-tiny");
        api.Version.Should().Be("1.0.0");
        api.Fixtures.Select(f => f.Name).Should().Contain("tiny_value");
        api.Options.Select(o => o.FirstFlag).Should().Equal("--tiny-mode");
        work.DirectoryExists().Should().BeFalse();
    }

    [Fact]
    public async Task A_dependency_missing_offline_and_from_the_index_is_named_and_the_venv_is_kept()
    {
        var dist = await plugins.DistAsync(SmallPlugins.Tiny);
        var wheel = AbsolutePath.Create(Directory.GetFiles(dist, "*.whl").Single());
        var work = plugins.NewWorkRoot() / "read";
        // The same wheel, asking for a pytest nobody has: rewrite its METADATA's Requires-Dist.
        var strict = work.Parent! / "strict" / wheel.Name;
        Directory.CreateDirectory(strict.Parent!);
        File.Copy(wheel, strict);
        using (var archive = System.IO.Compression.ZipFile.Open(strict, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = archive.Entries.Single(e => e.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal));
            string text;
            using (var reader = new StreamReader(entry.Open()))
                text = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(entry.FullName).Open());
            writer.Write(text.Replace("Requires-Dist: pytest>=7", "Requires-Dist: pytest>=99", StringComparison.Ordinal));
        }

        var python = await plugins.SystemPythonAsync();

        var act = () => WheelApiReader.ReadAsync(strict, python, work);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("dependency pytest>=99").And.Contain("neither installed for the interpreter nor could pip get it").And.Contain($"kept in {work}");
        (work / "venv").DirectoryExists().Should().BeTrue();
    }
}
