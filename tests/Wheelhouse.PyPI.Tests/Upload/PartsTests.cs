using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Upload;

public sealed class FileDigestsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 17)]
    [InlineData((3 << 20) + 4097)]
    public async Task Digests_equal_pythons_hashlib(int size)
    {
        using var temp = new UploadTemp();
        var path = temp.Combine("data.bin");
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var digests = await FileDigests.ComputeAsync(path);

        var python = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList =
            {
                "-c",
                "import hashlib,sys; d=open(sys.argv[1],'rb').read(); print(hashlib.sha256(d).hexdigest(), hashlib.blake2b(d, digest_size=32).hexdigest())",
                path,
            },
            RedirectStandardOutput = true,
        })!;
        var expected = (await python.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
        await python.WaitForExitAsync();

        digests.Size.Should().Be(size);
        digests.Sha256.Should().Be(expected[0]);
        digests.Blake2b256.Should().Be(expected[1]);
    }
}

public sealed class MultipartUploadContentTests
{
    [Fact]
    public async Task Declares_its_exact_length_and_lays_out_fields_then_the_file()
    {
        using var temp = new UploadTemp();
        var path = temp.Combine("demo-1.0.tar.gz");
        var file = Encoding.ASCII.GetBytes("file bytes\r\n--not a boundary");
        await File.WriteAllBytesAsync(path, file);
        var fields = new[] { new KeyValuePair<string, string>("name", "demo"), new("description", "línea 1\r\nline 2"), new("classifiers", "A"), new("classifiers", "B"), new("comment", "") };
        var content = new MultipartUploadContent(fields, path, "demo-1.0.tar.gz", file.Length);
        var reported = new List<long>();
        content.Progress = reported.Add;

        var body = new MemoryStream();
        await content.CopyToAsync(body);

        content.Headers.ContentLength.Should().Be(body.Length);
        content.Headers.ContentType!.MediaType.Should().Be("multipart/form-data");
        reported.Last().Should().Be(body.Length);

        body.Position = 0;
        var reader = new MultipartReader(content.Boundary, body);
        var parts = new List<(string Disposition, string? Type, byte[] Body)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add((section.ContentDisposition!, section.ContentType, buffer.ToArray()));
        }

        parts.Select(p => p.Disposition).Should().Equal(
            "form-data; name=\"name\"", "form-data; name=\"description\"", "form-data; name=\"classifiers\"", "form-data; name=\"classifiers\"", "form-data; name=\"comment\"",
            "form-data; name=\"content\"; filename=\"demo-1.0.tar.gz\"");
        parts.Take(5).Should().OnlyContain(p => p.Type == null, "twine's encoder gives plain fields no Content-Type");
        Encoding.UTF8.GetString(parts[1].Body).Should().Be("línea 1\r\nline 2");
        parts[4].Body.Should().BeEmpty();
        parts[5].Type.Should().Be("application/octet-stream");
        parts[5].Body.Should().Equal(file);
    }

    [Fact]
    public async Task A_file_that_changed_since_it_was_hashed_is_not_sent_as_if_it_had_not()
    {
        using var temp = new UploadTemp();
        var path = temp.Combine("demo.whl");
        await File.WriteAllBytesAsync(path, new byte[100]);
        var content = new MultipartUploadContent([], path, "demo.whl", 50);

        var act = () => content.CopyToAsync(Stream.Null);

        await act.Should().ThrowAsync<DistributionChangedException>().WithMessage("*changed while it was being uploaded*");
    }

    [Fact]
    public void Quotes_field_parameters_as_html5_forms_do()
    {
        MultipartUploadContent.Quote("a\"b\r\nc").Should().Be("a%22b%0D%0Ac");
    }
}

public sealed class UploadDisplayTests
{
    [Fact]
    public async Task The_progress_bar_runs_the_upload_and_shows_the_file()
    {
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
            Interactive = Spectre.Console.InteractionSupport.Yes,
            Ansi = Spectre.Console.AnsiSupport.Yes,
        });
        // A terminal's size, whatever this process runs under (no terminal at all makes Spectre's height 0).
        console.Profile.Width = 120;
        console.Profile.Height = 40;

        var result = await new ProgressBarDisplay(console).TrackAsync("demo-1.0.tar.gz", 1000, async progress =>
        {
            for (var sent = 0; sent <= 1000; sent += 250)
            {
                progress(sent);
                await Task.Yield();
            }

            return 42;
        });

        result.Should().Be(42);
        writer.ToString().Should().Contain("demo-1.0.tar.gz").And.Contain("100%");
    }

    [Fact]
    public async Task Plain_lines_come_at_every_tenth_of_a_large_file_and_not_for_a_small_one()
    {
        using var log = new LogCapture();
        const long total = 10L << 20;

        await new LogLineDisplay(log.Logger).TrackAsync("big.whl", total, progress =>
        {
            for (long sent = 0; sent <= total; sent += 64 << 10)
                progress(sent);
            return Task.FromResult(0);
        });
        await new LogLineDisplay(log.Logger).TrackAsync("small.whl", 1000, progress =>
        {
            progress(500);
            progress(1000);
            return Task.FromResult(0);
        });

        var lines = log.Lines.Where(l => l.Contains("% sent")).ToList();
        lines.Should().HaveCount(10).And.OnlyContain(l => l.Contains("big.whl"));
        lines[0].Should().Contain("10 % sent (1.0 MiB of 10.0 MiB");
        lines[^1].Should().Contain("100 % sent");
    }
}

public sealed class TextsTests
{
    [Fact]
    public void Server_message_takes_the_reason_and_what_the_html_body_adds_once()
    {
        const string reason = "File already exists ('demo-1.0.tar.gz', with blake2_256 hash 'abc'). See https://pypi.org/help/#file-name-reuse for more information.";
        var body = $"<html>\n <head>\n  <title>400 {WebUtility.HtmlEncode(reason)}</title>\n </head>\n <body>\n  <h1>400 {WebUtility.HtmlEncode(reason)}</h1>\n  The server could not comply with the request since it is either malformed or otherwise incorrect.<br/><br/>\n{WebUtility.HtmlEncode(reason)}\n </body>\n</html>";

        var message = Texts.ServerMessage(reason, body);

        message.Should().StartWith(reason);
        message.Should().Contain("The server could not comply with the request");
        message.Split("File already exists").Length.Should().Be(2, "the reason is said once");
        message.Should().NotContain("<");
    }

    [Fact]
    public void Server_message_from_the_body_alone_when_there_is_no_reason_phrase()
    {
        Texts.ServerMessage("", "<p>Invalid value for classifiers. Error: &#39;Foo&#39; is not a valid classifier.</p><script>x()</script>")
            .Should().Be("Invalid value for classifiers. Error: 'Foo' is not a valid classifier.");
    }

    [Fact]
    public void Long_server_messages_are_cut()
    {
        Texts.ServerMessage(null, new string('x', 5000)).Length.Should().BeLessThanOrEqualTo(601);
    }
}

public sealed class SimpleApiParsingTests
{
    private static readonly Uri Url = new("https://example.org/simple/demo/");

    [Fact]
    public void Reads_pep_691_json()
    {
        const string json = """
            {"meta": {"api-version": "1.1"}, "name": "demo", "files": [
              {"filename": "demo-1.0.tar.gz", "url": "https://files/demo-1.0.tar.gz", "hashes": {"sha256": "ABCDEF"}, "yanked": false},
              {"filename": "demo-1.0-py3-none-any.whl", "url": "x", "hashes": {}, "yanked": "broken"}
            ]}
            """;

        var files = SimpleApi.ParseJson(json, Url);

        files["demo-1.0.tar.gz"].Should().Be(new IndexedFile("demo-1.0.tar.gz", "abcdef", false));
        files["demo-1.0-py3-none-any.whl"].Should().Be(new IndexedFile("demo-1.0-py3-none-any.whl", null, true));
    }

    [Fact]
    public void Reads_pep_503_html()
    {
        const string html = """
            <!DOCTYPE html><html><body><h1>Links for demo</h1>
            <a href="../../packages/ab/cd/demo-1.0.tar.gz#sha256=ABC123" data-requires-python="&gt;=3.8">demo-1.0.tar.gz</a><br/>
            <a href='https://files.example/demo%2B-1.1-py3-none-any.whl?x=1#sha256=def' data-yanked="">demo+-1.1-py3-none-any.whl</a>
            </body></html>
            """;

        var files = SimpleApi.ParseHtml(html, Url);

        files.Keys.Should().BeEquivalentTo("demo-1.0.tar.gz", "demo+-1.1-py3-none-any.whl");
        files["demo-1.0.tar.gz"].Sha256.Should().Be("abc123");
        files["demo+-1.1-py3-none-any.whl"].Yanked.Should().BeTrue();
    }
}

public sealed class UploadUrlsAndCredentialsTests
{
    [Fact]
    public void Drops_user_info_and_adds_the_trailing_slash_of_legacy()
    {
        UploadUrls.Normalise(new Uri("https://upload.pypi.org/legacy")).AbsoluteUri.Should().Be("https://upload.pypi.org/legacy/");
        UploadUrls.Normalise(new Uri("http://127.0.0.1:8080/legacy/")).AbsoluteUri.Should().Be("http://127.0.0.1:8080/legacy/");
        UploadUrls.Normalise(new Uri("https://user:s3cret@upload.example.org/legacy/")).AbsoluteUri.Should().Be("https://upload.example.org/legacy/");
    }

    [Fact]
    public void Credentials_never_print_their_password()
    {
        var credentials = new UploadCredentials("__token__", "pypi-s3cret");

        credentials.ToString().Should().NotContain("pypi-s3cret").And.Contain("***");
        credentials.Scrub($"echo pypi-s3cret and Basic {credentials.BasicParameter}").Should().Be("echo *** and Basic ***");
    }

    [Fact]
    public void Ci_is_detected_from_the_usual_variables()
    {
        UploadOptions.IsCi(n => n == "GITHUB_ACTIONS" ? "true" : null).Should().BeTrue();
        UploadOptions.IsCi(n => n == "CI" ? "1" : null).Should().BeTrue();
        UploadOptions.IsCi(_ => null).Should().BeFalse();
    }
}
