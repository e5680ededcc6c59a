using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

public sealed class SetupCfgVersionFileTests
{
    private static readonly Pep440Version Next = Pep440Version.Parse("0.3.0");

    private const string SetupCfg = """
        # The plugin's metadata, as setuptools reads it.
        [options]
        version = 9.9.9

        [metadata]
        name = pytest-cfg-shape
        description = A plugin
            whose description goes on.
        Version :   0.2.0
        classifiers =
            Framework :: Pytest

        [options.entry_points]
        pytest11 =
            cfg_shape = pytest_cfg_shape
        """;

    [Fact]
    public void Replaces_only_the_metadata_version_s_characters()
    {
        var input = Encoding.UTF8.GetBytes(SetupCfg.Replace("\n", "\r\n"));

        var file = SetupCfgVersionFile.Parse("setup.cfg", input);
        var output = file.WithVersion(Next);

        file.Name.Should().Be("pytest-cfg-shape");
        file.Version.ToString().Should().Be("0.2.0");
        Encoding.UTF8.GetString(output).Should().Be(SetupCfg.Replace("\n", "\r\n").Replace("Version :   0.2.0", "Version :   0.3.0"));
    }

    [Fact]
    public void Writes_the_canonical_form_and_keeps_a_byte_order_mark()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[metadata]\nname = x\nversion = v0.2-RC1\n")];

        var output = SetupCfgVersionFile.Parse("setup.cfg", input).WithVersion(Next);

        output.Should().Equal([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("[metadata]\nname = x\nversion = 0.3.0\n")]);
    }

    [Theory]
    [InlineData("[metadata]\nname = x\n", "setup.cfg has no version in its [metadata] section*Add version = 0.1.0*")]
    [InlineData("[metadata]\nversion =\n", "setup.cfg has no version in its [metadata] section*")]
    [InlineData("[metadata]\nversion = attr: pytest_x.__version__\n", "setup.cfg: version = attr: pytest_x.__version__ in [metadata] makes setuptools read the version at build time*")]
    [InlineData("[metadata]\nversion = file: VERSION\n", "setup.cfg: version = file: VERSION in [metadata]*bump it where setuptools reads it*")]
    [InlineData("[metadata]\nversion = banana\n", "setup.cfg: version 'banana' in [metadata] is not a valid PEP 440 version*")]
    public void Explains_what_is_wrong(string text, string message)
    {
        var act = () => SetupCfgVersionFile.Parse("setup.cfg", Encoding.UTF8.GetBytes(text));

        act.Should().Throw<BuildException>().WithMessage(message);
    }
}
