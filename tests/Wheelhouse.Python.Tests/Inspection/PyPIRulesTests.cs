using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Inspection.Readme;
using Wheelhouse.Python.Inspection.Vocabulary;
using Wheelhouse.Python.Inspection.Zip;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>The rules InspectWheel shares with the local index, against the real libraries where there are some.</summary>
public sealed class PyPIRulesTests
{
    private const string Python = Wheelhouse.Python.Provisioning.PythonToolchain.DebianPython;

    private static string RunPython(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in (string[])["-I", "-c", script, .. arguments])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, error);
        return output;
    }

    [Fact]
    public async Task The_embedded_classifier_list_is_what_the_generator_writes_from_Debian_13s_package()
    {
        // Debian 13's trove-classifiers, not Debian 12's 2023 one: PyPI takes classifiers added since (Python 3.13, 3.14).
        var generator = Path.Combine(TempFolder.RepositoryRoot(), "src", "Wheelhouse.Python", "Inspection", "Vocabulary", "generate.py");
        using var temp = new TempFolder();
        var script = Path.Combine(temp.Path, "generate.py");
        File.Copy(generator, script);

        var written = await Wheelhouse.TestSupport.DebianRoot.Trixie.RunAsync(["python3", "-I", script, "classifiers"], temp.Path);
        written.ExitCode.Should().Be(0, written.Describe());
        written.StandardOutput.Should().Be(File.ReadAllText(Path.Combine(Path.GetDirectoryName(generator)!, "TroveClassifierData.g.cs")),
            "TroveClassifierData.g.cs must be regenerated when Debian 13's package changes");

        var listed = await Wheelhouse.TestSupport.DebianRoot.Trixie.RunAsync(["python3", "-I", script, "json-classifiers"], temp.Path);
        using var trove = JsonDocument.Parse(listed.StandardOutput);
        TroveClassifiers.Version.Should().Be(trove.RootElement.GetProperty("version").GetString());
        TroveClassifiers.All.Should().BeEquivalentTo(trove.RootElement.GetProperty("classifiers").EnumerateArray().Select(c => c.GetString()));
        TroveClassifiers.Deprecated.Keys.Should().BeEquivalentTo(trove.RootElement.GetProperty("deprecated").EnumerateObject().Select(p => p.Name));
        TroveClassifiers.Check("Programming Language :: Python :: 3.13").Should().BeNull("PyPI takes it");
    }

    [Fact]
    public void The_embedded_SPDX_list_is_what_the_generator_writes_from_the_installed_Debian_package()
    {
        var generator = Path.Combine(TempFolder.RepositoryRoot(), "src", "Wheelhouse.Python", "Inspection", "Vocabulary", "generate.py");
        var committed = File.ReadAllText(Path.Combine(Path.GetDirectoryName(generator)!, "SpdxLicenseData.g.cs"));
        RunPython(File.ReadAllText(generator), "spdx").Should().Be(committed, "SpdxLicenseData.g.cs must be regenerated when Debian's package changes");

        using var installed = JsonDocument.Parse(RunPython(File.ReadAllText(generator), "json-spdx"));
        LicenseExpressions.SpdxListVersion.Should().Be(installed.RootElement.GetProperty("spdxListVersion").GetString());
    }

    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit or apache-2.0", "MIT OR Apache-2.0")]
    [InlineData("(MIT AND BSD-3-Clause) OR GPL-2.0-or-later", "(MIT AND BSD-3-Clause) OR GPL-2.0-or-later")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("LicenseRef-Proprietary", "LicenseRef-Proprietary")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    public void A_valid_license_expression_is_canonicalised_as_packaging_does(string expression, string canonical) =>
        LicenseExpressions.Canonicalize(expression).Should().Be((canonical, null));

    [Theory]
    [InlineData("", "Invalid license expression: ''")]
    [InlineData("MIT OR", "Invalid license expression: 'MIT OR'")]
    [InlineData("MIT Apache-2.0", "Invalid license expression: 'MIT Apache-2.0'")]
    [InlineData("(MIT", "Invalid license expression: '(MIT'")]
    [InlineData("MIT (Apache-2.0)", "Invalid license expression: 'MIT (Apache-2.0)'")]
    [InlineData("Not-A-License", "Unknown license: 'not-a-license'")]
    [InlineData("MIT WITH Not-An-Exception", "Unknown license exception: 'not-an-exception'")]
    [InlineData("LicenseRef-a_b", "Invalid licenseref: 'licenseref-a_b'")]
    public void An_invalid_license_expression_gets_packagings_message(string expression, string error) =>
        LicenseExpressions.Canonicalize(expression).Error.Should().Be(error);

    /// <summary>The same rules in Python: configparser as warehouse configures it, and warehouse's script name pattern.</summary>
    private const string ConfigParserOracle = """
        import configparser, json, re, sys
        class Parser(configparser.ConfigParser):
            optionxform = staticmethod(str)
        results = []
        for text in json.loads(sys.argv[1]):
            parser = Parser(delimiters=("=",))
            try:
                parser.read_string(text)
                error = None
                for group in ("console_scripts", "gui_scripts"):
                    if group in parser:
                        for name in parser[group]:
                            if re.fullmatch(r"[\w.-]+", name) is None and error is None:
                                error = "Invalid entry point name %r in %r" % (name, group)
            except configparser.Error as e:
                error = "entry_points.txt is not a valid INI file: %r" % e
            results.append(error)
        print(json.dumps(results))
        """;

    [Fact]
    public void Entry_points_are_judged_as_configparser_and_warehouse_judge_them()
    {
        string[] texts =
        [
            "[pytest11]\ndemo = demo.plugin\n",
            "[console_scripts]\ndemo = demo:main\n# a comment\n; another\n\n[gui_scripts]\ndemo-gui = demo:gui\n",
            "demo = demo.plugin\n",
            "[pytest11]\ndemo = demo.plugin\n[pytest11]\nother = demo.other\n",
            "[pytest11]\ndemo = demo.plugin\ndemo = demo.other\n",
            "[pytest11]\njust a line\n",
            "[pytest11]\ndemo : demo.plugin\n",
            "[pytest11]\n= demo.plugin\n",
            "[console_scripts]\n../bin/demo = demo:main\n",
            "[console_scripts]\nbin/demo = demo:main\n",
            "[console_scripts]\ndémo = demo:main\n",
            "[pytest11]\ndemo = demo.plugin\n    continued = value\n",
            "\uFEFF[pytest11]\ndemo = demo.plugin\n",
            "[pytest11] trailing\ndemo = demo.plugin\n",
            "[DEFAULT]\nx = 1\n[DEFAULT]\ny = 2\n",
        ];

        var expected = JsonSerializer.Deserialize<string?[]>(RunPython(ConfigParserOracle, JsonSerializer.Serialize(texts)))!;

        texts.Select(EntryPointsIni.Validate).Should().Equal(expected);
    }

    [Fact]
    public void Real_wheels_and_zips_written_by_NET_pass_PyPIs_zip_checks()
    {
        foreach (var wheel in Directory.GetFiles("/usr/share/python-wheels", "*.whl"))
            ZipConfusion.Validate(wheel).Should().BeNull(wheel);
        using var folder = new TempFolder();
        ZipConfusion.Validate(Zip(folder, "plain.zip", zip => Add(zip, "a/b.py", "x = 1\n"))).Should().BeNull();
    }

    [Fact]
    public void A_zip_that_reads_differently_through_its_local_headers_gets_warehouses_message()
    {
        using var folder = new TempFolder();
        var plain = File.ReadAllBytes(Zip(folder, "plain.zip", zip => Add(zip, "a/b.py", "x = 1\n")));
        string Check(string name, byte[] bytes)
        {
            var path = Path.Combine(folder.Path, name);
            File.WriteAllBytes(path, bytes);
            return ZipConfusion.Validate(path)!;
        }

        Check("trailing.zip", [.. plain, .. "more"u8.ToArray()]).Should().Be("Trailing data");
        Check("prefix.zip", [.. "#!/bin/sh\n"u8.ToArray(), .. plain]).Should().Be("Unknown record signature");
        var mismatched = (byte[])plain.Clone();
        mismatched[18]++; // the local header's compressed size
        Check("mismatched.zip", mismatched).Should().Be("Mis-matched data size");
        Check("notzip.zip", "not a zip"u8.ToArray()).Should().Be("File is not a zip file");

        ZipConfusion.Validate(Zip(folder, "duplicate.zip", zip => { Add(zip, "a.py", "x"); Add(zip, "a.py", "x"); })).Should().Be("Duplicate filename in local headers");
        ZipConfusion.Validate(Zip(folder, "latin1.zip", zip => Add(zip, "café.py", "x"), Encoding.Latin1)).Should().Be("Filename not unicode");
        ZipConfusion.Validate(Zip(folder, "comment.zip", zip => zip.CreateEntry("a.py").Comment = "hello")).Should().Be("Comment in central directory");
        ZipConfusion.Validate(Zip(folder, "streamed.zip", zip => Add(zip, "a.py", "x"), streamed: true)).Should().Be("ZIP contains a data descriptor");

        using var stream = File.OpenRead(Zip(folder, "stored-bzip.zip", zip => Add(zip, "a.py", "x")));
        ZipConfusion.Check(stream).Should().BeNull("stored and deflated entries are what PyPI takes");
        ZipConfusion.StructureMessage("Trailing data").Should().Be("ZIP archive not accepted: Trailing data. See https://docs.pypi.org/archives for more information");
    }

    [Fact]
    public void The_quick_layout_check_accepts_only_what_warehouses_walk_accepts()
    {
        static bool QuickAccepts(string path)
        {
            using var stream = File.OpenRead(path);
            var directory = ZipDirectory.Read(stream);
            var ends = directory.Records.Select(r => ZipLayout.LocalEnd(stream, r)).ToList();
            return ZipLayout.Accepts(directory, ends, stream.Length);
        }

        foreach (var wheel in Directory.GetFiles("/usr/share/python-wheels", "*.whl"))
            QuickAccepts(wheel).Should().BeTrue(wheel);
        using var folder = new TempFolder();
        var plain = Zip(folder, "plain.zip", zip => Add(zip, "a/b.py", "x = 1\n"));
        QuickAccepts(plain).Should().BeTrue();
        var trailing = Path.Combine(folder.Path, "trailing.zip");
        File.WriteAllBytes(trailing, [.. File.ReadAllBytes(plain), .. "more"u8.ToArray()]);
        foreach (var refused in new[]
                 {
                     trailing,
                     Zip(folder, "duplicate.zip", zip => { Add(zip, "a.py", "x"); Add(zip, "a.py", "x"); }),
                     Zip(folder, "latin1.zip", zip => Add(zip, "café.py", "x"), Encoding.Latin1),
                     Zip(folder, "comment.zip", zip => zip.CreateEntry("a.py").Comment = "hello"),
                     Zip(folder, "streamed.zip", zip => Add(zip, "a.py", "x"), streamed: true),
                 })
        {
            ZipConfusion.Validate(refused).Should().NotBeNull(refused);
            QuickAccepts(refused).Should().BeFalse(refused);
        }
    }

    [Theory]
    [InlineData("text/markdown", null)]
    [InlineData("text/markdown; charset=UTF-8; variant=CommonMark", null)]
    [InlineData("text/x-rst", null)]
    [InlineData("text/html", "'description-content-type' must be one of ['text/plain', 'text/x-rst', 'text/markdown'], not 'text/html'")]
    [InlineData("text/plain; charset=latin-1", "'description-content-type' can only specify the UTF-8 charset, not ['l', 'a', 't', 'i', 'n', '-', '1']")]
    [InlineData("text/markdown; variant=Wiki", "valid Markdown variants for 'description-content-type' are ['GFM', 'CommonMark'], not 'Wiki'")]
    public void The_description_content_type_follows_packagings_rules(string value, string? problem) =>
        DescriptionContentType.Problem(value).Should().Be(problem);

    [Fact]
    public async Task readme_renderer_renders_each_description_in_its_type_and_reports_what_fails()
    {
        DescriptionToRender markdown = new("# Title\n\nSome *broken emphasis\n", "text/markdown"), rst = new("Some *broken emphasis\n", null), plain = new("anything", "text/plain");

        var answers = await WarehousePython.AskAsync([Python], [markdown, rst, plain], ["Framework :: Pytest"], []);

        answers.RendererVersion.Should().NotBeNullOrEmpty();
        answers.Rendered[markdown].Should().BeNull();
        answers.Rendered[plain].Should().BeNull();
        answers.Rendered[rst].Should().Contain("Inline emphasis start-string without end-string");
        (await WarehousePython.AskAsync(["/nonexistent/python3"], [plain], [], [])).RendererProblem.Should().Contain("/nonexistent/python3");
    }

    private static string Zip(TempFolder folder, string name, Action<ZipArchive> fill, Encoding? names = null, bool streamed = false)
    {
        var path = Path.Combine(folder.Path, name);
        using var file = File.Create(path);
        using (var zip = new ZipArchive(streamed ? new ForwardOnly(file) : file, ZipArchiveMode.Create, leaveOpen: true, names))
            fill(zip);
        return path;
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A stream ZipArchive cannot seek in, so it writes sizes after the data (a data descriptor).</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
