using Serilog.Core;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Logging;

[Collection(Runner.ConsoleCollection.Name)]
public sealed class BuildLogTests : IDisposable
{
    private const string Secret = "hunter2-s3cr3t";

    private readonly TempDirectory temp = new();
    private readonly ConsoleCapture console = new();
    private readonly SecretMasker masker = new();
    private readonly string logFile;

    public BuildLogTests()
    {
        masker.Add(Secret);
        logFile = temp.Path / "nested" / "build.log";
    }

    public void Dispose()
    {
        console.Dispose();
        temp.Dispose();
    }

    /// <summary>Logs through a fresh build log, disposes it, and returns the file's text.</summary>
    private string LogToFile(Action<Logger> write, BuildHost? host = null, Verbosity verbosity = Verbosity.Normal)
    {
        using (var log = BuildLog.Create(host ?? new TerminalHost(TestBuilds.NoEnvironment), verbosity, logFile, masker, colours: false))
            write(log);
        return File.ReadAllText(logFile);
    }

    [Fact]
    public void A_secret_in_the_message_template_is_masked_in_the_file_and_on_the_console()
    {
        var file = LogToFile(log => log.Information($"Uploading with {Secret} now"));

        file.Should().Contain("Uploading with *** now").And.NotContain(Secret);
        console.Output.Should().Contain("Uploading with *** now").And.NotContain(Secret);
    }

    [Fact]
    public void A_secret_in_a_property_value_is_masked()
    {
        var file = LogToFile(log => log.Information("Token {Token} and url {Url}", Secret, $"https://user:{Secret}@example.org"));

        file.Should().Contain("Token *** and url https://user:***@example.org").And.NotContain(Secret);
        console.Output.Should().NotContain(Secret);
    }

    [Fact]
    public void A_secret_inside_a_non_string_scalar_sequence_or_structure_is_masked()
    {
        masker.Add("918273645");

        var file = LogToFile(log =>
        {
            log.Information("Pin {Pin}", 918273645);
            log.Information("Args {Args}", new[] { "--token", Secret });
            log.Information("Settings {@Settings}", new { User = "me", Password = Secret });
            log.Information("Map {Map}", new Dictionary<string, string> { ["token"] = Secret });
        });

        file.Should().NotContain(Secret).And.NotContain("918273645");
        file.Should().Contain("Pin ***").And.Contain("\"***\"").And.Contain("Password");
        console.Output.Should().NotContain(Secret);
    }

    [Fact]
    public void A_secret_in_an_exception_message_is_masked_where_the_exception_is_printed()
    {
        var file = LogToFile(log => log.Error(new InvalidOperationException($"server rejected {Secret}", new Exception($"inner {Secret}")), "Upload failed"));

        file.Should().Contain("Upload failed").And.Contain("InvalidOperationException: server rejected ***").And.Contain("inner ***");
        file.Should().NotContain(Secret);
    }

    [Fact]
    public void A_secret_added_after_the_log_was_created_is_masked_too()
    {
        var file = LogToFile(log =>
        {
            masker.Add("late-secret");
            log.Information("value late-secret");
        });

        file.Should().Contain("value ***");
    }

    [Fact]
    public void Without_secrets_events_pass_through_unchanged()
    {
        var empty = new SecretMasker();

        using (var log = BuildLog.Create(new TerminalHost(TestBuilds.NoEnvironment), Verbosity.Normal, logFile, empty, colours: false))
            log.Information("Hello {Name}", "world");

        File.ReadAllText(logFile).Should().Contain("Hello world");
    }

    [Fact]
    public void The_file_gets_every_level_while_the_console_follows_the_verbosity()
    {
        var file = LogToFile(log =>
        {
            log.Debug("debug line");
            log.Information("info line");
            log.Warning("warning line");
        }, verbosity: Verbosity.Minimal);

        file.Should().Contain("[DBG] debug line").And.Contain("[INF] info line").And.Contain("[WRN] warning line");
        console.Output.Should().Contain("[WRN] warning line").And.NotContain("info line").And.NotContain("debug line");
    }

    [Fact]
    public void Quiet_shows_only_errors_and_verbose_shows_everything_on_the_console()
    {
        LogToFile(log =>
        {
            log.Warning("quiet warning");
            log.Error("quiet error");
        }, verbosity: Verbosity.Quiet);
        LogToFile(log => log.Verbose("verbose trace"), verbosity: Verbosity.Verbose);

        console.Output.Should().Contain("quiet error").And.NotContain("quiet warning").And.Contain("verbose trace");
    }

    [Fact]
    public void On_GitHub_Actions_warnings_and_errors_become_one_line_annotations()
    {
        var host = new GitHubActionsHost(TestBuilds.NoEnvironment);

        LogToFile(log =>
        {
            log.Information("plain line");
            log.Warning("careful\nsecond line");
            log.Error("broken {Secret}", Secret);
        }, host);

        var lines = console.Output.Split(Environment.NewLine);
        lines.Should().Contain(l => l.EndsWith("[INF] plain line") && !l.StartsWith("::"));
        lines.Should().Contain(l => l.StartsWith("::warning::") && l.EndsWith("[WRN] careful%0Asecond line"));
        lines.Should().Contain(l => l.StartsWith("::error::") && l.EndsWith("[ERR] broken ***"));
        console.Output.Should().NotContain(Secret);
    }
}
