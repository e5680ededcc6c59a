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
        if (theirs is null)
            return; // coreutils' sha256sum is not installed here; the layout test above still holds
        ours.Should().Be(theirs);
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

    private static string? RunSha256Sum(string directory, IReadOnlyList<string> names)
    {
        var start = new ProcessStartInfo("sha256sum") { WorkingDirectory = directory, RedirectStandardOutput = true };
        foreach (var name in names)
            start.ArgumentList.Add(name);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
