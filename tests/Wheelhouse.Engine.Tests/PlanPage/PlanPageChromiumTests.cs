using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.PlanPageTests;

/// <summary>
/// Renders the page in a real headless Chromium. Set WHEELHOUSE_PLAN_ARTIFACTS to a folder to keep a copy of the
/// page and the screenshot for a look.
/// </summary>
public sealed class PlanPageChromiumTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<DirectoryInfo> _temp = [];

    [Fact]
    public void Screenshot_of_the_page_is_a_non_blank_1280x800_png()
    {
        var folder = NewTempFolder();
        var page = WritePage(folder, "plan.html", PlanPage.Render(SampleGraphs.Release()));
        var blank = WritePage(folder, "blank.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blank</title></head><body></body></html>");

        var shot = Screenshot(page, Path.Combine(folder.FullName, "plan.png"));
        var blankShot = Screenshot(blank, Path.Combine(folder.FullName, "blank.png"));
        KeepArtifacts(page, shot);

        var bytes = File.ReadAllBytes(shot);
        Png.HasSignature(bytes).Should().BeTrue("chromium must write a PNG file");
        Png.ReadSize(bytes).Should().Be((1280, 800));
        ((long)bytes.Length).Should().BeGreaterThan(3 * new FileInfo(blankShot).Length, "the plan page must not look like a blank page");

        var image = Png.Decode(bytes);
        image.DistinctColors().Should().BeGreaterThan(50, "text, boxes and lines are anti-aliased");
        image.Count("#dbe8fb").Should().BeGreaterThan(2000, "boxes of targets that run are filled light blue");
        image.Count("#e8590c", tolerance: 10).Should().BeGreaterThan(100, "the invoked target has an accent border");
        image.Count("#1e4e8c").Should().BeGreaterThan(200, "targets that run show their step number in a badge");
        image.Count("#f6f7f9").Should().BeGreaterThan(1280 * 800 / 10, "the page background is light");
    }

    [Fact]
    public void Screenshot_of_a_page_with_a_workflow_shows_its_jobs_below_the_graph()
    {
        var folder = NewTempFolder();
        var withJobs = WritePage(folder, "jobs.html", PlanPage.Render(SampleGraphs.ReleaseWithWorkflow()));
        var without = WritePage(folder, "plain.html", PlanPage.Render(SampleGraphs.Release()));

        var shot = Png.Decode(File.ReadAllBytes(Screenshot(withJobs, Path.Combine(folder.FullName, "jobs.png"), "1280,1400")));
        var plain = Png.Decode(File.ReadAllBytes(Screenshot(without, Path.Combine(folder.FullName, "plain.png"), "1280,1400")));
        KeepArtifacts(withJobs, Path.Combine(folder.FullName, "jobs.png"));

        // Colours only the CI section uses: the red edge of the two jobs holding id-token: write, their red permission
        // chips and the environments' yellow pills.
        shot.Count("#c92a2a", tolerance: 10).Should().BeGreaterThan(300, "both publish jobs are drawn with a red edge");
        shot.Count("#ffe3e3").Should().BeGreaterThan(300, "id-token: write is drawn as a red chip");
        shot.Count("#fff3bf").Should().BeGreaterThan(150, "the jobs' environments are drawn as yellow pills");
        foreach (var colour in new[] { "#c92a2a", "#ffe3e3", "#fff3bf" })
            plain.Count(colour, tolerance: 10).Should().BeLessThan(shot.Count(colour, tolerance: 10) / 10, $"{colour} belongs to the CI section (elsewhere only anti-aliased edges come near it)");

        var dom = RunChromium(folder, "--dump-dom", new Uri(withJobs).AbsoluteUri);
        dom.ExitCode.Should().Be(0, dom.StdErr);
        foreach (var job in new[] { "build", "publish-testpypi", "publish-pypi", "verify", "docs" })
            dom.StdOut.Should().Contain($"data-job=\"{job}\"");
    }

    [Theory]
    [InlineData("release")]
    [InlineData("large")]
    public void Rendered_dom_contains_the_svg_and_every_node_and_edge(string which)
    {
        var graph = which == "release" ? SampleGraphs.Release() : SampleGraphs.Large();
        var folder = NewTempFolder();
        var page = WritePage(folder, "plan.html", PlanPage.Render(graph));

        var result = RunChromium(folder, "--dump-dom", new Uri(page).AbsoluteUri);

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Contain("<svg class=\"plan\"");
        var dom = PlanPageRenderTests.SvgPart(result.StdOut);
        foreach (var node in graph.Nodes)
            dom.Should().Contain($"data-target=\"{node.Name}\"");
        Regex.Matches(dom, "<g class=\"node ").Should().HaveCount(graph.Nodes.Count);
        Regex.Matches(dom, "<path class=\"edge edge-").Should().HaveCount(graph.Edges.Count);
        result.StdOut.Should().Contain("<ol class=\"order\">");
    }

    private string Screenshot(string page, string png, string size = "1280,800")
    {
        var result = RunChromium(new FileInfo(png).Directory!, $"--screenshot={png}", $"--window-size={size}", "--hide-scrollbars", new Uri(page).AbsoluteUri);
        result.ExitCode.Should().Be(0, result.StdErr);
        File.Exists(png).Should().BeTrue($"chromium should have written {png}; stderr:\n{result.StdErr}");
        return png;
    }

    private (int ExitCode, string StdOut, string StdErr) RunChromium(DirectoryInfo folder, params string[] args)
    {
        var chromium = FindChromium();
        var profile = folder.CreateSubdirectory("profile-" + Guid.NewGuid().ToString("N")[..8]);
        var info = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     $"--user-data-dir={profile.FullName}",
                 }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {chromium}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', args)}");
        }

        process.WaitForExit(); // flush the redirected streams
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindChromium()
    {
        const string debian = "/usr/bin/chromium";
        if (File.Exists(debian))
            return debian;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }

        throw new InvalidOperationException(
            "Chromium is required for the plan page rendering tests but was not found at /usr/bin/chromium or on PATH. " +
            "Install it with: sudo apt-get install chromium");
    }

    private DirectoryInfo NewTempFolder()
    {
        var folder = Directory.CreateTempSubdirectory("wheelhouse-plan-");
        _temp.Add(folder);
        return folder;
    }

    private static string WritePage(DirectoryInfo folder, string name, string html)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    private static void KeepArtifacts(params string[] files)
    {
        var keep = Environment.GetEnvironmentVariable("WHEELHOUSE_PLAN_ARTIFACTS");
        if (string.IsNullOrWhiteSpace(keep))
            return;
        Directory.CreateDirectory(keep);
        foreach (var file in files)
            File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
    }

    public void Dispose()
    {
        foreach (var folder in _temp)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    folder.Refresh();
                    if (folder.Exists)
                        folder.Delete(recursive: true);
                    break;
                }
                catch (IOException) when (attempt < 4)
                {
                    Thread.Sleep(200); // a chromium helper may still be closing files in the profile
                }
                catch (UnauthorizedAccessException) when (attempt < 4)
                {
                    Thread.Sleep(200);
                }
            }
        }
    }
}
