using System.Net;
using System.Text.Json;
using Wheelhouse.Python.Inspection.Vocabulary;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>
/// PyPI takes classifiers added to trove-classifiers after the build's embedded copy. The local index asks a newer
/// trove-classifiers installed for its interpreter, as InspectWheel does, in the request that renders the README.
/// </summary>
public sealed class NewerClassifierTests
{
    private const string CoreMetadataHelp = "See https://packaging.python.org/specifications/core-metadata for more information.";
    private const string Added = "Programming Language :: Python :: 3.15";
    private const string AddedDeprecated = "Topic :: Wheelhouse Test :: Old Name";
    private const string Replacement = "Topic :: Wheelhouse Test :: New Name";

    [Fact]
    public async Task A_classifier_only_a_newer_trove_classifiers_knows_is_accepted_when_the_index_s_python_has_it()
    {
        TroveClassifiers.IsUnknown(Added).Should().BeTrue("the embedded copy must not know it, or this test proves nothing");
        using var newer = await NewerTroveClassifiers.CreateAsync();
        await using var index = await TestIndex.StartAsync(o => o with { ReadmeInterpreters = [newer.Python] });

        var (status, reason, body) = await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f =>
        {
            f.Add(new("classifiers", "Framework :: Pytest"));
            f.Add(new("classifiers", Added));
            f.Add(new("description", "Demo\n====\n\nA *demo*.\n"));
        }));

        status.Should().Be(HttpStatusCode.OK, reason);
        body.Should().BeEmpty("the README rendered in the same process: no warning");
        index.Server.Uploads[^1].Stored.Should().BeTrue();
    }

    [Fact]
    public async Task Without_a_newer_trove_classifiers_the_classifier_is_refused_with_warehouse_s_message()
    {
        // Debian 12's python3 has trove-classifiers 2023.4.18, older than the embedded copy: the copy decides.
        foreach (var interpreters in new[] { new[] { PythonTools.Python }, [] })
        {
            await using var index = await TestIndex.StartAsync(o => o with { ReadmeInterpreters = interpreters });

            var (status, reason, _) = await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"),
                f => f.Add(new("classifiers", Added))));

            status.Should().Be(HttpStatusCode.BadRequest);
            reason.Should().Be($"'{Added}' is not a valid classifier. {CoreMetadataHelp}", string.Join(", ", interpreters));
        }
    }

    [Fact]
    public async Task The_newer_list_s_deprecations_are_refused_after_its_unknown_classifiers_as_warehouse_orders_them()
    {
        using var newer = await NewerTroveClassifiers.CreateAsync();
        await using var index = await TestIndex.StartAsync(o => o with { ReadmeInterpreters = [newer.Python] });

        async Task<string> RefusedAsync(params string[] classifiers)
        {
            var (status, reason, _) = await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f =>
            {
                foreach (var classifier in classifiers)
                    f.Add(new("classifiers", classifier));
            }));
            status.Should().Be(HttpStatusCode.BadRequest, reason);
            return reason;
        }

        (await RefusedAsync(AddedDeprecated)).Should().Be(
            $"The classifier '{AddedDeprecated}' has been deprecated, use one of ['{Replacement}'] instead. {CoreMetadataHelp}");
        (await RefusedAsync(AddedDeprecated, "Topic :: Wheelhouse Test :: Never Listed")).Should().Be(
            $"'Topic :: Wheelhouse Test :: Never Listed' is not a valid classifier. {CoreMetadataHelp}", "an invalid classifier is refused before a deprecated one");
    }

    /// <summary>
    /// A venv over Debian's python3 (its readme_renderer included) with a trove-classifiers newer than the embedded copy:
    /// a real importable package, version 2099.1.1 in its dist-info, listing the embedded classifiers, <see cref="Added"/>,
    /// and <see cref="AddedDeprecated"/> deprecated in favour of <see cref="Replacement"/>.
    /// </summary>
    private sealed class NewerTroveClassifiers : IDisposable
    {
        private readonly string root;

        private NewerTroveClassifiers(string root) => this.root = root;

        public string Python => Path.Combine(root, "bin", "python");

        public static async Task<NewerTroveClassifiers> CreateAsync()
        {
            var root = Path.Combine(Path.GetTempPath(), $"wheelhouse-newer-trove-{Guid.NewGuid():N}");
            var created = await PythonTools.RunAsync(PythonTools.Python, ["-m", "venv", "--system-site-packages", "--without-pip", root]);
            created.ExitCode.Should().Be(0, created.Output);
            var sitePackages = Directory.GetDirectories(Path.Combine(root, "lib"), "site-packages", SearchOption.AllDirectories).Single();

            var package = Directory.CreateDirectory(Path.Combine(sitePackages, "trove_classifiers")).FullName;
            var deprecated = TroveClassifiers.Deprecated.ToDictionary(d => d.Key, d => d.Value);
            deprecated[AddedDeprecated] = [Replacement];
            File.WriteAllText(Path.Combine(package, "data.json"), JsonSerializer.Serialize(new
            {
                classifiers = TroveClassifiers.All.Append(Added).Append(Replacement).ToArray(),
                deprecated,
            }));
            File.WriteAllText(Path.Combine(package, "__init__.py"), """
                "A trove-classifiers newer than the build's embedded copy, written by Wheelhouse.PyPI.Tests."
                import json, pathlib
                _data = json.loads((pathlib.Path(__file__).parent / "data.json").read_text(encoding="utf-8"))
                classifiers = set(_data["classifiers"])
                sorted_classifiers = sorted(classifiers)
                deprecated_classifiers = dict(_data["deprecated"])
                all_classifiers = sorted(classifiers | set(deprecated_classifiers))
                """);
            var distInfo = Directory.CreateDirectory(Path.Combine(sitePackages, "trove_classifiers-2099.1.1.dist-info")).FullName;
            File.WriteAllText(Path.Combine(distInfo, "METADATA"), "Metadata-Version: 2.1\nName: trove-classifiers\nVersion: 2099.1.1\n");
            File.WriteAllText(Path.Combine(distInfo, "RECORD"), "");

            var probe = await PythonTools.RunAsync(Path.Combine(root, "bin", "python"), ["-I", "-c",
                $"import importlib.metadata as m, trove_classifiers as t; print(m.version('trove-classifiers'), {JsonSerializer.Serialize(Added)} in t.classifiers)"]);
            probe.Output.Trim().Should().Be("2099.1.1 True", "the venv's package shadows Debian's");
            return new NewerTroveClassifiers(root);
        }

        public void Dispose() => Directory.Delete(root, recursive: true);
    }
}
