using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

public sealed class ParserTests
{
    [Fact]
    public void Record_rows_follow_pythons_csv_quoting()
    {
        var record = RecordFile.Parse("a.py,sha256=x,1\r\n\"b, c.py\",sha256=y,2\n\"say \"\"hi\"\".py\",,\n\nbroken,row\n");

        record.Rows.Select(r => (r.Path, r.Hash, r.Size)).Should().Equal(("a.py", "sha256=x", "1"), ("b, c.py", "sha256=y", "2"), ("say \"hi\".py", "", ""));
        record.Problems.Should().ContainSingle().Which.Should().Be("line 5 has 2 field(s), not path,hash,size");
    }

    [Fact]
    public void Metadata_headers_repeat_continue_and_end_at_the_body()
    {
        var metadata = MetadataFile.Parse("Metadata-Version: 2.1\nName: demo\nClassifier: A\nclassifier: B\nDescription: first\n        |second\n\nBody: not a header\n");

        metadata["name"].Should().Be("demo");
        metadata.All("Classifier").Should().Equal("A", "B");
        metadata["Description"].Should().Be("first\n|second");
        metadata.Has("Body").Should().BeFalse();
        metadata.Body.Should().Be("Body: not a header\n");
        metadata.MalformedLines.Should().BeEmpty();
    }

    [Fact]
    public void Entry_points_are_read_by_group()
    {
        var file = EntryPointsFile.Parse("# comment\n[console_scripts]\ndemo = demo.cli:main\n\n[pytest11]\ndemo = demo.plugin\nother=demo.other : hook [extra]\n");

        file.Groups.Should().Equal("console_scripts", "pytest11");
        file.Group("pytest11").Select(e => (e.Name, e.Module)).Should().Equal(("demo", "demo.plugin"), ("other", "demo.other"));
        file.Group("pytest11")[1].Value.Should().Be("demo.other:hook [extra]");
    }

    [Theory]
    [InlineData("demo-1.0-py3-none-any.whl", "demo", "1.0", null, "py3-none-any")]
    [InlineData("demo-1.0-1-py2.py3-none-any.whl", "demo", "1.0", "1", "py2-none-any py3-none-any")]
    [InlineData("demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "demo", "1.0", null, "cp311-cp311-manylinux2014_x86_64 cp311-cp311-manylinux_2_17_x86_64")]
    public void Wheel_file_names_parse_and_expand_their_tags(string fileName, string name, string version, string? build, string tags)
    {
        var parsed = WheelFileName.TryParse(fileName)!;
        (parsed.Name, parsed.Version, parsed.Build).Should().Be((name, version, build));
        parsed.ExpandedTags.Order(StringComparer.Ordinal).Should().Equal(tags.Split(' '));
    }

    [Theory]
    [InlineData("demo-1.0.whl")]
    [InlineData("demo-1.0-x-py3-none-any.whl")]
    [InlineData("demo-1.0-py3-none-any.zip")]
    public void Invalid_wheel_file_names_do_not_parse(string fileName) => WheelFileName.TryParse(fileName).Should().BeNull();

    [Theory]
    [InlineData("Foo.Bar-Baz", "foo-bar-baz", "foo_bar_baz")]
    [InlineData("evalcheck", "evalcheck", "evalcheck")]
    [InlineData("a__b..c", "a-b-c", "a_b_c")]
    public void Names_normalise_as_pep_503_and_file_names_spell_them(string name, string normalised, string fileForm)
    {
        ProjectName.Normalise(name).Should().Be(normalised);
        ProjectName.FileNameFormOf(name).Should().Be(fileForm);
    }

    [Theory]
    [InlineData("1.0-RC1", "1.0rc1")]
    [InlineData("v1.0", "1.0")]
    [InlineData("not a version", null)]
    public void Versions_compare_in_their_canonical_form(string version, string? canonical) =>
        DistributionNames.CanonicalVersion(version).Should().Be(canonical);

    [Theory]
    [InlineData("demo-1.0.0.tar.gz", "demo", "1.0.0")]
    [InlineData("my-project-2.0.tar.gz", "my-project", "2.0")]
    public void Sdist_file_names_split_at_the_last_dash(string fileName, string name, string version) =>
        SdistFileName.TryParse(fileName).Should().Be(new SdistFileName(name, version));

    [Theory]
    [InlineData("demo/plugin.py", null)]
    [InlineData("demo/", null)]
    [InlineData("./demo", "an empty or '.' segment")]
    [InlineData("demo/..", "a '..' segment that leaves the archive")]
    public void Entry_paths(string path, string? problem) => EntryPath.Problem(path).Should().Be(problem);

    [Fact]
    public void Every_check_id_is_unique_and_stable_in_form()
    {
        Checks.All.Select(c => c.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^[ADCWRMPLSX][0-9]{3}$"));
        Checks.All.Where(c => !c.CanBeIgnored).Select(c => c.Id).Should().OnlyContain(id => id.StartsWith('A'));
    }
}
