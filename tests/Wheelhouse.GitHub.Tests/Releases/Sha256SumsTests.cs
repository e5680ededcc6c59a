using System.Diagnostics;
using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.GitHub.Tests.Releases;

public sealed class Sha256SumsTests
{
    [Fact]
    public void One_line_per_file_sorted_by_name_with_two_spaces_and_LF_endings()
    {
        var files = new[]
        {
            LocalAsset.FromBytes("evalcheck-0.2.0.tar.gz", "sdist"u8.ToArray()),
            LocalAsset.FromBytes("evalcheck-0.2.0-py3-none-any.whl", "wheel"u8.ToArray()),
        };

        var text = Sha256Sums.Render(files);

        text.Should().Be(
            $"{files[1].Sha256}  evalcheck-0.2.0-py3-none-any.whl\n" +
            $"{files[0].Sha256}  evalcheck-0.2.0.tar.gz\n");
        files[1].Sha256.Should().Be("ba59926159d2aa256eb8739b8da7e2b574b960e1202c6d624cbe981cef996c91", "sha256(\"wheel\") in lower-case hex");
        Sha256Sums.Asset(files).ContentType.Should().Be("text/plain");
    }

    [Fact]
    public void The_text_is_byte_for_byte_what_sha256sum_writes()
    {
        using var project = new ReleaseProject();
        project.WriteDist("evalcheck-0.2.0-cp312-cp312-manylinux_2_17_x86_64.whl", ReleaseProject.Content("binary wheel", 1234));
        var names = Directory.GetFiles(project.Dist).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        var ours = Encoding.UTF8.GetString(Sha256Sums.Asset(names.Select(n => LocalAsset.FromFile(Path.Combine(project.Dist, n!)))).Content!);

        var theirs = RunSha256Sum(project.Dist, names!);

        ours.Should().Be(theirs);
    }

    [Fact]
    public void Sha256sum_check_accepts_the_file_as_a_user_downloading_the_release_runs_it()
    {
        using var project = new ReleaseProject();
        var names = Directory.GetFiles(project.Dist).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        names.Should().HaveCountGreaterThan(1);
        File.WriteAllBytes(Path.Combine(project.Dist, "SHA256SUMS"), Sha256Sums.Asset(names.Select(n => LocalAsset.FromFile(Path.Combine(project.Dist, n!)))).Content!);

        var output = RunSha256Sum(project.Dist, ["--check", "--strict", "SHA256SUMS"]);

        output.Should().Be(string.Concat(names.Select(n => $"{n}: OK\n")));
    }

    [Fact]
    public void A_file_name_with_a_line_break_is_refused()
    {
        var act = () => Sha256Sums.Render([LocalAsset.FromBytes("evil\nname.whl", [1])]);

        act.Should().Throw<BuildException>().WithMessage("*line break*");
    }

    [Theory]
    [InlineData("evalcheck-0.2.0-py3-none-any.whl", "application/zip")]
    [InlineData("evalcheck-0.2.0.tar.gz", "application/gzip")]
    [InlineData("SHA256SUMS", "text/plain")]
    [InlineData("provenance.json", "application/json")]
    [InlineData("evalcheck.sig", "application/octet-stream")]
    public void Content_types_follow_the_file_name(string name, string contentType)
    {
        ContentTypes.Of(name).Should().Be(contentType);
    }

    /// <summary>coreutils' sha256sum, which these tests need: without it they fail saying so, they never pass unchecked.</summary>
    private static string RunSha256Sum(string directory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("sha256sum") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"coreutils' sha256sum could not be started ({e.Message}); these tests compare with it. Install coreutils.", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.Should().Be(0, $"sha256sum {string.Join(' ', arguments)} must succeed; it wrote:\n{output}{stderr.Result}");
            return output;
        }
    }
}
