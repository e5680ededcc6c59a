using System.Text.Json;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>The real clients against the local index: Debian's twine uploads the plugin, pip installs it.</summary>
[Collection(PluginDistributionsCollection.Name)]
public sealed class TwineAndPipTests(PluginDistributions plugin)
{
    [Fact]
    public async Task Twine_uploads_the_plugin_and_pip_installs_it_from_the_simple_API()
    {
        await using var index = await TestIndex.StartAsync();

        var upload = await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [plugin.Sdist, plugin.Wheel]);
        upload.ExitCode.Should().Be(0, upload.Output);
        index.Server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.StatusCode == 200 && u.Stored && u.Credential == "api-token");
        index.Server.Uploads.Select(u => u.FileName).Should().BeEquivalentTo(Path.GetFileName(plugin.Sdist), Path.GetFileName(plugin.Wheel));
        var wheel = index.Server.Uploads.Single(u => u.FileName!.EndsWith(".whl", StringComparison.Ordinal));
        wheel["name"].Should().Be("evalcheck");
        wheel["version"].Should().Be(plugin.Version);
        wheel["filetype"].Should().Be("bdist_wheel");
        wheel.Fields.Should().ContainKeys(":action", "protocol_version", "sha256_digest", "blake2_256_digest", "metadata_version", "pyversion", "classifiers");
        wheel.Fields["classifiers"].Should().HaveCountGreaterThan(5);
        wheel.Fields.Should().NotContainKey("content");
        wheel.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(plugin.Wheel))));

        var venv = Path.Combine(index.Directory, "..", Path.GetFileName(index.Directory) + "-venv");
        try
        {
            var created = await PythonTools.RunAsync(PythonTools.Python, ["-m", "venv", "--system-site-packages", venv]);
            created.ExitCode.Should().Be(0, created.Output);
            var install = await PythonTools.RunAsync(Path.Combine(venv, "bin", "python"),
                ["-m", "pip", "install", "--no-cache-dir", "--index-url", index.Server.Index.SimpleUrl.ToString(), $"evalcheck=={plugin.Version}"]);
            install.ExitCode.Should().Be(0, install.Output);
            install.Output.Should().Contain($"Successfully installed evalcheck-{plugin.Version}");

            var show = await PythonTools.RunAsync(Path.Combine(venv, "bin", "python"), ["-m", "pip", "show", "evalcheck"]);
            show.Output.Should().Contain($"Version: {plugin.Version}");
        }
        finally
        {
            TempDirectory.Delete(venv);
        }
    }

    [Fact]
    public async Task Twine_reupload_of_identical_files_succeeds_and_stores_nothing_twice()
    {
        await using var index = await TestIndex.StartAsync();
        (await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [plugin.Sdist, plugin.Wheel])).ExitCode.Should().Be(0);

        var again = await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [plugin.Sdist, plugin.Wheel]);

        again.ExitCode.Should().Be(0, again.Output);
        index.Server.Uploads.Skip(2).Should().OnlyContain(u => u.StatusCode == 200 && !u.Stored);
        using var client = index.Client();
        var json = JsonDocument.Parse(await client.GetStringAsync($"pypi/evalcheck/{plugin.Version}/json"));
        json.RootElement.GetProperty("urls").GetArrayLength().Should().Be(2);
        Directory.GetFiles(Path.Combine(index.Directory, "files", "evalcheck")).Where(f => !f.EndsWith(".metadata", StringComparison.Ordinal))
            .Should().HaveCount(2);
    }

    [Fact]
    public async Task Twine_sees_File_already_exists_for_the_same_name_with_other_content()
    {
        await using var index = await TestIndex.StartAsync();
        (await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [plugin.Wheel])).ExitCode.Should().Be(0);
        var other = Path.Combine(plugin.WorkDirectory, "other", Path.GetFileName(plugin.Wheel));
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.Copy(plugin.Wheel, other, overwrite: true);
        using (var zip = System.IO.Compression.ZipFile.Open(other, System.IO.Compression.ZipArchiveMode.Update))
        {
            using var stream = zip.CreateEntry("evalcheck/extra.py").Open();
            stream.Write("x = 1\n"u8);
        }

        var result = await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [other]);

        result.ExitCode.Should().NotBe(0);
        var output = System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " "); // twine wraps long lines
        output.Should().Contain("400 Bad Request").And.Contain($"File already exists ('{Path.GetFileName(plugin.Wheel)}', with blake2_256 hash '");
        index.Server.Uploads[^1].StatusCode.Should().Be(400);
    }

    [Fact]
    public async Task Twine_skip_existing_recognises_the_File_already_exists_answer()
    {
        await using var index = await TestIndex.StartAsync();
        (await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [plugin.Wheel])).ExitCode.Should().Be(0);
        var other = Path.Combine(plugin.WorkDirectory, "skip", Path.GetFileName(plugin.Wheel));
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.Copy(plugin.Wheel, other, overwrite: true);
        using (var zip = System.IO.Compression.ZipFile.Open(other, System.IO.Compression.ZipArchiveMode.Update))
        {
            using var stream = zip.CreateEntry("evalcheck/skip.py").Open();
            stream.Write("y = 2\n"u8);
        }

        var result = await PythonTools.RunAsync(PythonTools.Python,
            ["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", "--skip-existing", "--repository-url", index.Upload.ToString(), other],
            new Dictionary<string, string> { ["TWINE_USERNAME"] = "__token__", ["TWINE_PASSWORD"] = TestIndex.Token });

        result.ExitCode.Should().Be(0, result.Output);
        System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " ")
            .Should().Contain($"Skipping {Path.GetFileName(plugin.Wheel)} because it appears to already exist");
    }

    [Fact]
    public async Task Twine_with_a_bad_token_gets_403()
    {
        await using var index = await TestIndex.StartAsync();

        var result = await PythonTools.TwineUploadAsync(index.Upload, "pypi-wrong", [plugin.Wheel]);

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("403").And.Contain("Invalid or non-existent authentication information");
        index.Server.Uploads.Should().ContainSingle().Which.Credential.Should().BeNull();
        Directory.Exists(Path.Combine(index.Directory, "files", "evalcheck")).Should().BeFalse();
    }
}
