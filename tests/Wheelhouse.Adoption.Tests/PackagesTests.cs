using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Wheelhouse.Adoption.Tests.Support;

namespace Wheelhouse.Adoption.Tests;

/// <summary>What dotnet pack of Wheelhouse.Packages.slnf (./build.sh Pack) makes.</summary>
[Collection(PackedWheelhouseCollection.Name)]
public sealed class PackagesTests(PackedWheelhouse packed)
{
    private static readonly string[] Libraries = ["Wheelhouse.Engine", "Wheelhouse.Python", "Wheelhouse.PyPI", "Wheelhouse.GitHub", "Wheelhouse.Components"];

    [Fact]
    public void Every_library_and_the_template_is_packed_at_one_version()
    {
        Directory.GetFiles(packed.PackagesFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(
            [.. Libraries.Append("Wheelhouse.Templates").Select(id => $"{id}.{packed.Version}.nupkg").Order(StringComparer.Ordinal)], packed.Pack.Describe());
    }

    [Fact]
    public void Packing_needs_no_reachable_package_source()
    {
        packed.Pack.ExitCode.Should().Be(0, packed.Pack.Describe());
        packed.Pack.Command.Should().Contain("-p:RestoreConfigFile=", "the pack ran with a NuGet.config whose only source does not answer");
        packed.Pack.Out.Should().NotContain(": error ");
    }

    [Theory]
    [InlineData("Wheelhouse.Engine")]
    [InlineData("Wheelhouse.Python")]
    [InlineData("Wheelhouse.PyPI")]
    [InlineData("Wheelhouse.GitHub")]
    [InlineData("Wheelhouse.Components")]
    [InlineData("Wheelhouse.Templates")]
    public void Each_package_states_its_id_version_description_license_readme_and_repository(string id)
    {
        var file = packed.PackageFile(id);
        var metadata = Nuspec(file, id);

        Value(metadata, "id").Should().Be(id);
        Value(metadata, "version").Should().Be(packed.Version);
        Value(metadata, "description").Should().NotBeNullOrWhiteSpace();
        metadata.Elements().Single(e => e.Name.LocalName == "license").Should().Match<XElement>(l => l.Value == "MIT" && (string?)l.Attribute("type") == "expression");
        Value(metadata, "readme").Should().Be("README.md");
        Archives.ZipEntries(file).Should().Contain("README.md");
        metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value.Should().StartWith("https://github.com/");
    }

    [Fact]
    public void The_components_package_depends_on_the_four_libraries_at_the_same_version()
    {
        var dependencies = Nuspec(packed.PackageFile("Wheelhouse.Components"), "Wheelhouse.Components")
            .Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => $"{d.Attribute("id")!.Value} {d.Attribute("version")!.Value}");

        dependencies.Should().BeEquivalentTo(Libraries.Where(l => l != "Wheelhouse.Components").Select(l => $"{l} {packed.Version}"));
    }

    [Fact]
    public void The_plugin_API_probe_script_is_embedded_in_the_Python_package_s_assembly()
    {
        var assembly = Archives.ZipEntry(packed.PackageFile("Wheelhouse.Python"), "lib/net10.0/Wheelhouse.Python.dll");
        var expected = File.ReadAllBytes(Path.Combine(Repository.Root, "src", "Wheelhouse.Python", "PluginApi", "wheelhouse_plugin_api_probe.py"));

        EmbeddedResource(assembly, "Wheelhouse.Python.PluginApi.wheelhouse_plugin_api_probe.py").Should().Equal(expected);
    }

    [Fact]
    public void The_template_package_carries_this_repository_s_bootstrap_and_references_the_packages_at_its_version()
    {
        var template = packed.TemplatePackage;
        foreach (var file in new[] { "build.sh", "build.ps1", "global.json" })
            Archives.ZipEntry(template, $"content/wheelhouse/{file}").Should().Equal(File.ReadAllBytes(Path.Combine(Repository.Root, file)), file);

        var project = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Archives.ZipEntry(template, "content/wheelhouse/build/_build.csproj")));
        project.Descendants("WheelhouseVersion").Single().Value.Should().Be(packed.Version);
        project.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).Should().Equal("Wheelhouse.Components");
        Nuspec(template, "Wheelhouse.Templates").Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")!.Value)
            .Should().Equal("Template");
    }

    private static XElement Nuspec(string package, string id) =>
        XDocument.Parse(System.Text.Encoding.UTF8.GetString(Archives.ZipEntry(package, $"{id}.nuspec")).TrimStart('\uFEFF'))
            .Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static string? Value(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static byte[] EmbeddedResource(byte[] assembly, string name)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.ManifestResources)
        {
            var resource = reader.GetManifestResource(handle);
            if (reader.GetString(resource.Name) != name)
                continue;
            resource.Implementation.IsNil.Should().BeTrue("the resource is in the assembly itself, not linked");
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            pe.PEHeaders.TryGetDirectoryOffset(directory, out var start).Should().BeTrue();
            var offset = start + (int)resource.Offset;
            var length = BitConverter.ToInt32(assembly, offset);
            return assembly[(offset + 4)..(offset + 4 + length)];
        }

        throw new InvalidOperationException($"No manifest resource {name}; there are: {string.Join(", ", reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)))}");
    }
}
