namespace Wheelhouse.Engine.Tests.Runner;

[Collection(ConsoleCollection.Name)]
public sealed class BuildRunnerTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public void Dispose() => harness.Dispose();

    private static void ShouldBeOneCleanError((int ExitCode, string Out, string Error) run, string expected)
    {
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().StartWith("error: ").And.Contain(expected);
        run.Error.Should().NotContain("   at ", "no stack trace is shown below --verbosity verbose");
    }

    [Fact]
    public void Runs_invoked_target_with_its_dependencies_and_exits_zero()
    {
        var build = new PlainBuild();
        var run = harness.Run(build, "Pack");
        run.ExitCode.Should().Be(0);
        build.Ran.Should().Equal("Compile", "Pack");
        run.Out.Should().Contain("Build succeeded");
    }

    [Fact]
    public void Runs_the_default_target_when_none_is_named()
    {
        var build = new PlainBuild();
        harness.Run(build, [b => ((PlainBuild)b).Compile]).ExitCode.Should().Be(0);
        build.Ran.Should().Equal("Compile");
    }

    [Fact]
    public void Unknown_target_is_a_one_paragraph_error_with_suggestion()
    {
        ShouldBeOneCleanError(harness.Run(new PlainBuild(), "Compil"), "There is no target named 'Compil'. Did you mean 'Compile'?");
    }

    [Fact]
    public void Unknown_option_suggests_the_closest()
    {
        ShouldBeOneCleanError(harness.Run(new PlainBuild(), "Compile", "--cont", "3"), "Did you mean --count?");
    }

    [Fact]
    public void Cycle_is_an_error_naming_the_cycle()
    {
        ShouldBeOneCleanError(harness.Run(new CyclicBuild(), "A"), "cycle");
        harness.Run(new CyclicBuild(), "A").Error.Should().MatchRegex("A depends on B runs after A|B runs after A depends on B");
    }

    [Fact]
    public void Requires_false_fails_the_target_before_it_runs_as_NUKE_does()
    {
        var build = new FalseRequirementBuild();
        var run = harness.Run(build, "Deploy");

        ShouldBeOneCleanError(run, "target Deploy requires false to be true");
        run.Error.Should().Contain("target Deploy requires Approved to be true");
        build.Ran.Should().BeEmpty("nothing runs, not even the dependencies");
    }

    [Fact]
    public void Missing_required_parameter_stops_before_anything_runs()
    {
        ShouldBeOneCleanError(harness.Run(new RequiredBuild(), "Go"), "parameter Needed is required (set --needed, environment variable NEEDED");
    }

    [Fact]
    public void Target_requirement_is_checked_before_any_target_runs()
    {
        var build = new PlainBuild();
        var run = harness.Run(build, "Publish");
        ShouldBeOneCleanError(run, "target Publish requires parameter Index to have a value (set --index");
        build.Ran.Should().BeEmpty();
    }

    [Fact]
    public void Requirement_satisfied_from_the_command_line_runs()
    {
        var build = new PlainBuild();
        harness.Run(build, "Publish", "--index", "local").ExitCode.Should().Be(0);
        build.Ran.Should().Equal("Compile", "Pack", "Publish local");
    }

    [Fact]
    public void Bad_parameter_value_names_parameter_and_accepted_values()
    {
        ShouldBeOneCleanError(harness.Run(new PlainBuild(), "Compile", "--count", "many"), "Parameter --count got 'many' from command line option --count, but it takes a whole number.");
    }

    [Fact]
    public void Failing_target_exits_non_zero_and_shows_no_stack_trace()
    {
        var run = harness.Run(new PlainBuild(), "Explode");
        run.ExitCode.Should().Be(BuildRunner.FailureExitCode);
        run.Out.Should().Contain("boom at the core").And.Contain("Failed").And.NotContain("   at ");
    }

    [Fact]
    public void Failing_target_shows_its_stack_trace_at_verbose()
    {
        var run = harness.Run(new PlainBuild(), "Explode", "--verbosity", "verbose");
        run.ExitCode.Should().NotBe(0);
        run.Out.Should().Contain("   at ");
    }

    [Fact]
    public void Build_error_message_is_shown_as_written()
    {
        harness.Run(new PlainBuild(), "Refuse").Out.Should().Contain("The wheel is broken: rebuild it.");
    }

    [Fact]
    public void Secret_values_are_masked_in_console_and_log_file()
    {
        Environment.SetEnvironmentVariable("TOKEN", "s3cr3t-value-123");
        try
        {
            var run = harness.Run(new PlainBuild(), "LogSecret");
            run.ExitCode.Should().Be(0);
            run.Out.Should().Contain("token is *** and raw ***").And.NotContain("s3cr3t-value-123");
            var log = File.ReadAllText(Path.Combine(harness.Root, ".nuke", "temp", "build.log"));
            log.Should().Contain("token is ***").And.NotContain("s3cr3t-value-123");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TOKEN", null);
        }
    }

    [Fact]
    public void Secret_on_the_command_line_is_refused()
    {
        ShouldBeOneCleanError(harness.Run(new PlainBuild(), "Compile", "--token", "abc"), "is a secret and is not taken from the command line");
    }

    [Fact]
    public void Help_lists_targets_and_parameters_and_runs_nothing()
    {
        var build = new PlainBuild();
        var run = harness.Run(build, "--help");
        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("Pack").And.Contain("-> Compile").And.Contain("--count <int>");
        build.Ran.Should().BeEmpty();
    }

    [Fact]
    public void Plan_prints_order_writes_a_page_and_runs_nothing()
    {
        var build = new PlainBuild();
        var run = harness.Run(build, "--plan", "Pack");
        run.Error.Should().BeEmpty();
        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("1   Compile").And.Contain("2 * Pack");
        var page = Path.Combine(harness.Root, ".nuke", "temp", "plan.html");
        File.ReadAllText(page).Should().Contain("<svg").And.NotContain("https://");
        build.Ran.Should().BeEmpty();
    }

    [Fact]
    public void Schema_is_written_and_left_alone_when_unchanged()
    {
        harness.Run(new PlainBuild(), "--help");
        var schema = Path.Combine(harness.Root, ".nuke", "build.schema.json");
        var written = File.GetLastWriteTimeUtc(schema);
        File.SetLastWriteTimeUtc(schema, written.AddMinutes(-5));
        harness.Run(new PlainBuild(), "--help");
        File.GetLastWriteTimeUtc(schema).Should().Be(written.AddMinutes(-5));
        File.ReadAllText(schema).Should().Contain("\"Token\"").And.Contain("\"writeOnly\": true");
    }

    [Fact]
    public void Profile_file_that_does_not_exist_is_an_error_naming_it()
    {
        ShouldBeOneCleanError(harness.Run(new PlainBuild(), "Compile", "--profile", "ci"), ".nuke/parameters.ci.json");
    }

    [Fact]
    public void Profile_values_override_the_base_parameters_file()
    {
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.json"), """{ "Index": "base", "Count": 2 }""");
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.ci.json"), """{ "Index": "profile" }""");
        var build = new PlainBuild();
        harness.Run(build, "Publish", "--profile", "ci").ExitCode.Should().Be(0);
        build.Ran.Should().Contain("Publish profile");
        build.Count.Should().Be(2);
    }

    [Fact]
    public void Parameters_file_can_name_default_targets_skips_and_verbosity()
    {
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.json"), """{ "Target": ["Pack"], "Skip": ["Compile"], "Verbosity": "quiet" }""");
        var build = new PlainBuild();
        var run = harness.Run(build);
        run.ExitCode.Should().Be(0);
        build.Ran.Should().Equal("Pack");
        run.Out.Should().NotContain("[INF]", "quiet verbosity came from the file");
    }

    [Fact]
    public void Command_line_targets_win_over_the_parameters_file()
    {
        File.WriteAllText(Path.Combine(harness.Root, ".nuke", "parameters.json"), """{ "Target": ["Pack"] }""");
        var build = new PlainBuild();
        harness.Run(build, "Compile").ExitCode.Should().Be(0);
        build.Ran.Should().Equal("Compile");
    }
}
