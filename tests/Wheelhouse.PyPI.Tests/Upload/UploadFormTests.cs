using Wheelhouse.Engine;
using Wheelhouse.PyPI.Upload;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.Tests.Upload;

public sealed class UploadFormTests
{
    private static readonly FileDigests Digests = new(10, "aa" + new string('0', 62), "bb" + new string('0', 62));

    private static IReadOnlyList<KeyValuePair<string, string>> Fields(string text, string fileType = UploadForm.WheelType, string python = "py3") =>
        UploadForm.Fields("demo.whl", new DistributionMetadata(MetadataFile.Parse(text), text, "demo-1.0.dist-info/METADATA"), fileType, python, Digests);

    private static List<string> Values(IReadOnlyList<KeyValuePair<string, string>> fields, string name) =>
        fields.Where(f => f.Key == name).Select(f => f.Value).ToList();

    [Fact]
    public void Sends_every_single_valued_field_even_when_empty_and_repeated_fields_once_per_value()
    {
        var fields = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nClassifier: A :: B\nClassifier: C :: D\nRequires-Dist: x>=1\n\nbody\n");

        foreach (var single in new[] { "summary", "home_page", "author", "author_email", "maintainer", "maintainer_email", "license", "keywords", "download_url", "comment", "requires_python", "description_content_type" })
            Values(fields, single).Should().Equal([""], single + " is sent empty, as twine sends a missing value");
        Values(fields, "classifiers").Should().Equal("A :: B", "C :: D");
        Values(fields, "requires_dist").Should().Equal("x>=1");
        foreach (var repeated in new[] { "platform", "supported_platform", "provides", "requires", "obsoletes", "project_urls", "provides_dist", "obsoletes_dist", "requires_external", "provides_extra", "dynamic", "license_file" })
            Values(fields, repeated).Should().BeEmpty(repeated + " has no value");
        Values(fields, "license_expression").Should().BeEmpty();
    }

    [Fact]
    public void Sends_the_protocol_fields_digests_and_file_type()
    {
        var fields = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");

        Values(fields, ":action").Should().Equal("file_upload");
        Values(fields, "protocol_version").Should().Equal("1");
        Values(fields, "filetype").Should().Equal("bdist_wheel");
        Values(fields, "pyversion").Should().Equal("py3");
        Values(fields, "metadata_version").Should().Equal("2.1");
        Values(fields, "sha256_digest").Should().Equal(Digests.Sha256);
        Values(fields, "blake2_256_digest").Should().Equal(Digests.Blake2b256);
        fields.Select(f => f.Key).Should().NotContain("content", "the file is its own part, added by the multipart body");
    }

    [Fact]
    public void Sends_no_md5_digest_as_twine_6_2_does()
    {
        var fields = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n");

        fields.Select(f => f.Key).Should().NotContain("md5_digest");
    }

    [Theory]
    [InlineData("Foo_Bar", "Foo-Bar")]
    [InlineData("foo.bar", "foo.bar")]
    [InlineData("foo__-bar", "foo-bar")]
    [InlineData("a b", "a-b")]
    public void Name_is_twines_safe_name(string name, string sent)
    {
        Values(Fields($"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"), "name").Should().Equal(sent);
    }

    [Fact]
    public void UNKNOWN_single_values_are_sent_empty_but_repeated_ones_are_kept()
    {
        var fields = Fields("Metadata-Version: 1.1\nName: demo\nVersion: 1.0\nHome-page: UNKNOWN\nLicense: UNKNOWN\nPlatform: UNKNOWN\n");

        Values(fields, "home_page").Should().Equal("");
        Values(fields, "license").Should().Equal("");
        Values(fields, "platform").Should().Equal("UNKNOWN");
    }

    [Fact]
    public void Reads_only_the_headers_the_metadata_version_defines()
    {
        const string headers = "Classifier: A :: B\nMaintainer: M\nRequires-Python: >=3.8\nProvides-Extra: cli\nDescription-Content-Type: text/markdown\nDynamic: Requires-Dist\nLicense-Expression: MIT\nLicense-File: LICENSE\n";

        var v10 = Fields("Metadata-Version: 1.0\nName: demo\nVersion: 1.0\n" + headers);
        Values(v10, "classifiers").Should().BeEmpty();
        Values(v10, "maintainer").Should().Equal("");

        var v12 = Fields("Metadata-Version: 1.2\nName: demo\nVersion: 1.0\n" + headers);
        Values(v12, "classifiers").Should().Equal("A :: B");
        Values(v12, "maintainer").Should().Equal("M");
        Values(v12, "requires_python").Should().Equal(">=3.8");
        Values(v12, "provides_extra").Should().BeEmpty();
        Values(v12, "description_content_type").Should().Equal("");

        var v21 = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n" + headers);
        Values(v21, "provides_extra").Should().Equal("cli");
        Values(v21, "description_content_type").Should().Equal("text/markdown");
        Values(v21, "dynamic").Should().BeEmpty();
        Values(v21, "license_file").Should().BeEmpty("setuptools writes License-File under 2.1, which an index would reject");

        var v22 = Fields("Metadata-Version: 2.2\nName: demo\nVersion: 1.0\n" + headers);
        Values(v22, "dynamic").Should().Equal("Requires-Dist");
        Values(v22, "license_expression").Should().BeEmpty();

        var v24 = Fields("Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n" + headers);
        Values(v24, "license_expression").Should().Equal("MIT");
        Values(v24, "license_file").Should().Equal("LICENSE");
    }

    [Fact]
    public void Metadata_2_5_adds_import_names()
    {
        var fields = Fields("Metadata-Version: 2.5\nName: demo\nVersion: 1.0\nImport-Name: demo\nImport-Name: demo.sub\nImport-Namespace: ns\n");

        Values(fields, "import_name").Should().Equal("demo", "demo.sub");
        Values(fields, "import_namespace").Should().Equal("ns");
        Values(Fields("Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nImport-Name: demo\n"), "import_name").Should().BeEmpty();
    }

    [Theory]
    [InlineData("3.0")]
    [InlineData("2.5.1")]
    [InlineData("2.0")]
    [InlineData("")]
    public void Refuses_a_metadata_version_PyPI_refuses(string version)
    {
        var act = () => Fields($"Metadata-Version: {version}\nName: demo\nVersion: 1.0\n");

        act.Should().Throw<BuildException>().WithMessage("*Metadata-Version*");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    [InlineData("1.2")]
    [InlineData("2.1")]
    [InlineData("2.2")]
    [InlineData("2.3")]
    [InlineData("2.4")]
    [InlineData("2.5")]
    public void Accepts_every_metadata_version_PyPI_accepts(string version)
    {
        Values(Fields($"Metadata-Version: {version}\nName: demo\nVersion: 1.0\n"), "metadata_version").Should().Equal(version);
    }

    [Fact]
    public void Metadata_2_0_is_refused_saying_PyPI_refuses_it_and_what_to_do()
    {
        var act = () => Fields("Metadata-Version: 2.0\nName: demo\nVersion: 1.0\n");

        act.Should().Throw<BuildException>().WithMessage("*Metadata-Version 2.0*never a released standard*PyPI refuses it*2.1 to 2.5*rebuild with a current build backend*");
    }

    [Fact]
    public void Refuses_metadata_without_a_name_or_version()
    {
        var act = () => Fields("Metadata-Version: 2.1\nName: demo\nVersion: UNKNOWN\n");

        act.Should().Throw<BuildException>().WithMessage("*lacks Version*");
    }

    [Fact]
    public void Folded_header_lines_are_joined_with_one_space()
    {
        var fields = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: one\n   two  \n\tthree\nClassifier: A ::\n  B\n");

        Values(fields, "summary").Should().Equal("one two three");
        Values(fields, "classifiers").Should().Equal("A :: B");
    }

    [Fact]
    public void The_body_is_the_description_byte_for_byte()
    {
        var fields = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n# Title\n\n    indented code\n\nend\n");

        Values(fields, "description").Should().Equal("# Title\n\n    indented code\n\nend\n");
    }

    [Fact]
    public void A_description_header_keeps_its_lines_less_eight_spaces_of_indentation()
    {
        const string text = "Metadata-Version: 1.2\nName: demo\nVersion: 1.0\nDescription: First line\n        |\n        |    code\n        last\nKeywords: a,b\n";

        Values(Fields(text, UploadForm.SdistType, "source"), "description").Should().Equal("First line\n|\n|    code\nlast");
    }

    [Fact]
    public void Keywords_and_project_urls_go_out_as_written()
    {
        var fields = Fields("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nKeywords: a,b, c\nProject-URL: Homepage, https://example.org\nProject-URL: Issues, https://example.org/issues\n");

        Values(fields, "keywords").Should().Equal("a,b, c");
        Values(fields, "project_urls").Should().Equal("Homepage, https://example.org", "Issues, https://example.org/issues");
    }

    [Fact]
    public void Reads_the_raw_value_of_a_header_with_its_continuation_lines()
    {
        UploadForm.RawHeader("A: 1\nDescription:  x\n   y\nB: 2\n\nDescription: body", "description").Should().Be("x\n   y");
        UploadForm.RawHeader("A: 1\n\nDescription: in the body", "Description").Should().BeNull();
    }
}
