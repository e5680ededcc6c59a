using CliWrap;
using CliWrap.Buffered;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>
/// The same files uploaded by Debian's real twine (4.0.2) and by the uploader, each to its own recording index:
/// the form fields must be the same, field by field, as multisets of values (the order of fields is free).
/// Known, deliberate differences are listed in <see cref="UploadForm"/> and asserted here one by one.
/// </summary>
[Collection(BuiltEvalcheckCollection.Name)]
public sealed class TwineParityTests(BuiltEvalcheck built) : IDisposable
{
    private const string Password = "pypi-parity-token";
    private readonly UploadTemp temp = new();

    public void Dispose() => temp.Dispose();

    private static async Task<IReadOnlyList<RecordedRequest>> UploadWithTwineAsync(IReadOnlyList<string> files)
    {
        await using var index = await RecordingIndex.StartAsync();
        var result = await Cli.Wrap("/usr/bin/python3")
            .WithArguments(["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", index.Index.UploadUrl.AbsoluteUri, .. files])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["TWINE_USERNAME"] = "__token__", ["TWINE_PASSWORD"] = Password, ["NO_COLOR"] = "1" })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        result.ExitCode.Should().Be(0, $"twine uploads to the recording index:\n{result.StandardOutput}\n{result.StandardError}");
        return index.Uploads;
    }

    private static async Task<IReadOnlyList<RecordedRequest>> UploadWithUploaderAsync(IReadOnlyList<string> files)
    {
        await using var index = await RecordingIndex.StartAsync();
        var (options, _) = TestOptions.Create();
        await new Uploader().UploadAsync(index.Index, UploadCredentials.ForToken(Password), files, options, CancellationToken.None);
        return index.Uploads;
    }

    /// <summary>Field name → values sorted, per file name.</summary>
    private static Dictionary<string, SortedDictionary<string, List<string>>> ByFile(IEnumerable<RecordedRequest> uploads) =>
        uploads.ToDictionary(
            u => u.FileName!,
            u => new SortedDictionary<string, List<string>>(u.Fields.ToDictionary(f => f.Key, f => f.Value.Order(StringComparer.Ordinal).ToList()), StringComparer.Ordinal));

    /// <summary>
    /// Compares field by field. <paramref name="expectedDifferences"/>: (file suffix, field, twine's values, ours),
    /// the deliberate departures (null for twine's: one value, whatever it is); every other field must be identical.
    /// md5_digest is always one of them: twine 4 sends it, twine 6.2 and the uploader do not.
    /// </summary>
    private static void AssertSameFields(IReadOnlyList<RecordedRequest> twine, IReadOnlyList<RecordedRequest> ours, params (string FileSuffix, string Field, string[]? Twine, string[] Ours)[] expectedDifferences)
    {
        var theirs = ByFile(twine);
        var mine = ByFile(ours);
        mine.Keys.Should().BeEquivalentTo(theirs.Keys);
        foreach (var (file, twineFields) in theirs)
        {
            var ourFields = mine[file];
            foreach (var (suffix, field, twineValues, ourValues) in expectedDifferences.Append(("", "md5_digest", null, [])).Where(d => file.EndsWith(d.FileSuffix, StringComparison.Ordinal)))
            {
                if (twineValues is null)
                    twineFields.GetValueOrDefault(field, []).Should().ContainSingle($"twine 4.0.2 sends {field} of {file} once");
                else
                    twineFields.GetValueOrDefault(field, []).Should().Equal(twineValues, $"twine 4.0.2 sends {field} of {file} like this");
                ourFields.GetValueOrDefault(field, []).Should().Equal(ourValues, $"the uploader sends {field} of {file} like this, on purpose");
                twineFields.Remove(field);
                ourFields.Remove(field);
            }

            ourFields.Keys.Should().BeEquivalentTo(twineFields.Keys, $"the uploader sends the fields twine sends for {file}");
            foreach (var (field, values) in twineFields)
                ourFields[field].Should().Equal(values, $"field {field} of {file}");
        }

        ours.Should().OnlyContain(u => u.FileContentType == "application/octet-stream");
        twine.Select(u => (u.FileName, u.Sha256, u.FileSize)).Should().BeEquivalentTo(ours.Select(u => (u.FileName, u.Sha256, u.FileSize)));
        twine.Select(u => u.Authorization).Distinct().Should().Equal(ours.Select(u => u.Authorization).Distinct());
    }

    [Fact]
    public async Task The_uploader_sends_the_fields_twine_sends_for_the_built_plugin()
    {
        var files = await built.FilesAsync();
        files.Should().HaveCount(2);

        var twine = await UploadWithTwineAsync(files);
        var ours = await UploadWithUploaderAsync(files);

        twine.Should().HaveCount(2);
        AssertSameFields(twine, ours, (".tar.gz", "pyversion", [""], ["source"]));
        var wheel = ours.Single(u => u.FileName!.EndsWith(".whl"));
        wheel.Values("name").Should().Equal("evalcheck");
        wheel.Values("version").Should().Equal(built.Version);
        wheel.Values("pyversion").Should().Equal("py3");
        wheel.Values("classifiers").Should().Contain("Framework :: Pytest");
        wheel.Values("project_urls").Should().Contain("Homepage, https://github.com/evalcheck/evalcheck");
        wheel.Values("description").Single().Should().StartWith("# evalcheck");
        wheel.Values("blake2_256_digest").Single().Should().HaveLength(64);
    }

    [Fact]
    public async Task The_uploader_sends_the_fields_twine_sends_for_rich_and_old_metadata()
    {
        var dist = temp.Combine("dist");
        const string rich = "Metadata-Version: 2.1\nName: Rich_Demo.pkg\nVersion: 2.0.post1\nSummary: A summary\n   folded onto two lines\n"
                            + "Home-page: https://example.org\nAuthor: A. Author\nAuthor-email: Author <a@example.org>\nMaintainer: M. Aintainer\n"
                            + "Maintainer-email: m@example.org\nLicense: UNKNOWN\nKeywords: one,two , three\nPlatform: UNKNOWN\nPlatform: linux\n"
                            + "Classifier: Programming Language :: Python :: 3\nClassifier: Topic :: Utilities\nDownload-URL: https://example.org/dl\n"
                            + "Requires-Python: >=3.8\nRequires-Dist: requests (>=2)\nRequires-Dist: rich ; extra == 'cli'\nRequires-External: libfoo\n"
                            + "Provides-Dist: rich-demo\nObsoletes-Dist: old-demo\nProject-URL: Issues, https://example.org/issues\n"
                            + "Provides-Extra: cli\nDescription-Content-Type: text/x-rst\nLicense-File: LICENSE\nDynamic: Requires-Dist\n"
                            + "\nRich demo\n=========\n\nWith ünïcödé and a tab\tinside.\n";
        const string old = "Metadata-Version: 1.0\nName: rich-demo-pkg\nVersion: 2.0.post1\nSummary: Old style\nDescription: Line one\n        |\n        |    indented\n        end\n"
                           + "Keywords: a b\nHome-page: UNKNOWN\nClassifier: Topic :: Utilities\nRequires-Dist: ignored\n";
        var files = new[]
        {
            Distributions.Wheel(dist, rich, name: "rich_demo_pkg", version: "2.0.post1"),
            Distributions.Sdist(dist, old, name: "rich_demo_pkg", version: "2.0.post1"),
        };

        var twine = await UploadWithTwineAsync(files);
        var ours = await UploadWithUploaderAsync(files);

        AssertSameFields(twine, ours,
            (".tar.gz", "pyversion", [""], ["source"]),
            (".whl", "provides_extras", ["cli"], []),
            (".whl", "provides_extra", [], ["cli"]));
        var wheel = ours.Single(u => u.FileName!.EndsWith(".whl"));
        wheel.Values("name").Should().Equal("Rich-Demo.pkg");
        wheel.Values("summary").Should().Equal("A summary folded onto two lines");
        wheel.Values("license").Should().Equal("");
        wheel.Values("platform").Should().Equal("UNKNOWN", "linux");
        wheel.Values("dynamic").Should().BeEmpty("Dynamic is a 2.2 field");
        var sdist = ours.Single(u => u.FileName!.EndsWith(".tar.gz"));
        sdist.Values("description").Should().Equal("Line one\n|\n|    indented\nend");
        sdist.Values("classifiers").Should().BeEmpty("Classifier is a 1.1 field");
    }
}
