using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Wheelhouse.PyPI.LocalIndex;
using Xunit.Abstractions;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>Starting, binding and stopping the server.</summary>
public sealed class ServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task It_binds_127_0_0_1_on_a_free_port_and_reports_its_addresses()
    {
        await using var index = await TestIndex.StartAsync();

        index.Server.BaseAddress.Host.Should().Be("127.0.0.1");
        index.Server.BaseAddress.Port.Should().BePositive();
        index.Server.BaseAddress.AbsolutePath.Should().Be("/");
        index.Server.Index.UploadUrl.Should().Be(new Uri(index.Server.BaseAddress, "legacy/"));
        index.Server.Index.SimpleUrl.Should().Be(new Uri(index.Server.BaseAddress, "simple/"));
        index.Server.Index.OidcMintTokenUrl.Should().Be(new Uri(index.Server.BaseAddress, "_/oidc/mint-token"));
    }

    [Fact]
    public async Task It_listens_on_the_given_port()
    {
        var port = FreePort();
        await using var index = await TestIndex.StartAsync(o => o with { Port = port });

        index.Server.BaseAddress.Should().Be(new Uri($"http://127.0.0.1:{port}/"));
        using var client = index.Client();
        (await client.GetAsync("simple/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_that_says_what_to_do()
    {
        await using var first = await TestIndex.StartAsync();

        var start = () => TestIndex.StartAsync(o => o with { Port = first.Server.BaseAddress.Port });

        (await start.Should().ThrowAsync<Engine.BuildException>()).Which.Message.Should().Contain("or 0 for a free one");
    }

    [Fact]
    public async Task It_starts_quickly_and_stops_cleanly()
    {
        await using (await TestIndex.StartAsync())
        {
        }

        var watch = Stopwatch.StartNew();
        var index = await TestIndex.StartAsync();
        var started = watch.Elapsed;
        using (var client = index.Client())
            (await client.GetAsync("simple/")).IsSuccessStatusCode.Should().BeTrue("the index answers as soon as StartAsync returns");
        await index.Server.StopAsync();
        var stopped = watch.Elapsed - started;
        await index.DisposeAsync();
        output.WriteLine($"start {started.TotalMilliseconds:0} ms, stop {stopped.TotalMilliseconds:0} ms");

        // A warm start is well under 300 ms on a quiet machine; 30x that still catches a start that waits on a timeout.
        started.Should().BeLessThan(TimeSpan.FromSeconds(10));
        var connect = () => new TcpClient().ConnectAsync(IPAddress.Loopback, index.Server.BaseAddress.Port);
        await connect.Should().ThrowAsync<SocketException>();
    }

    [Fact]
    public async Task Stopping_twice_is_harmless()
    {
        var index = await TestIndex.StartAsync();
        await index.Server.StopAsync();

        await index.Server.StopAsync();
        await index.DisposeAsync();
    }

    [Fact]
    public void The_instructions_name_the_URLs_and_pass_credentials_through_the_environment()
    {
        var index = PackageIndex.FromUploadUrl("http://127.0.0.1:8080/legacy/");

        var generated = IndexServing.Instructions(index, "/tmp/index", "pypi-local-abc", "evalcheck");
        var given = IndexServing.Instructions(index, "/tmp/index", null, "evalcheck");

        generated.Should().Contain("  export TWINE_USERNAME=__token__")
            .And.Contain(l => l.StartsWith("  export TWINE_PASSWORD=pypi-local-abc", StringComparison.Ordinal))
            .And.Contain("  twine upload --repository-url http://127.0.0.1:8080/legacy/ dist/*")
            .And.Contain("  pip install --no-cache-dir --index-url http://127.0.0.1:8080/simple/ evalcheck");
        given.Should().Contain("  export TWINE_PASSWORD=<the IndexToken you gave>");
        string.Join('\n', given).Should().NotContain("pypi-local-abc");
    }

    [Fact]
    public async Task Serving_until_cancelled_ends_cleanly_and_keeps_the_files_folder()
    {
        TrustedPublishing.LogCapture.Install();
        var directory = TempDirectory.Create("serve");
        try
        {
            using var cancel = new CancellationTokenSource();
            var serving = IndexServing.ServeAsync(0, directory, null, "evalcheck", cancel.Token);

            // Cancelled once it serves (its first instruction line names our folder), not after a guessed time.
            var announced = await WaitForLogLineAsync($"(files in {directory})", serving);
            var apiBase = announced["Local package index at ".Length..announced.IndexOf(" (files in ", StringComparison.Ordinal)];
            using (var client = new HttpClient())
                (await client.GetAsync(new Uri(new Uri(apiBase), "simple/"))).IsSuccessStatusCode.Should().BeTrue("it serves until cancelled");
            cancel.Cancel();

            var end = () => serving;
            await end.Should().NotThrowAsync();
            Directory.Exists(Path.Combine(directory, "files")).Should().BeTrue();
            TrustedPublishing.LogCapture.All.Should().Contain(l => l.Contains("stopped; its files stay in " + directory, StringComparison.Ordinal));
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }

    /// <summary>The first log line holding <paramref name="text"/>; fails if <paramref name="task"/> ends first or a minute passes.</summary>
    private static async Task<string> WaitForLogLineAsync(string text, Task task)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var line = TrustedPublishing.LogCapture.All.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line != null)
                return line;
            if (task.IsCompleted)
                await task; // throws what ended it
            task.IsCompleted.Should().BeFalse($"it ended before logging '{text}'");
            await Task.Delay(20, limit.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
