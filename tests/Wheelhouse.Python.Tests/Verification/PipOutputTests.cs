using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>pip's output as pip 23 prints it (copied from real runs against a local index and an unreachable one).</summary>
public sealed class PipOutputTests
{
    private static PipOutcome Classify(int exitCode, string output) => PipOutput.Classify(exitCode, output.Split('\n'), "evalcheck");

    [Fact]
    public void Exit_code_zero_is_installed() =>
        Classify(0, "Processing ./dist/evalcheck-0.2.0-py3-none-any.whl\nSuccessfully installed evalcheck-0.2.0").Kind.Should().Be(PipOutcomeKind.Installed);

    [Fact]
    public void The_version_missing_from_the_index_is_not_visible_yet_with_the_versions_it_lists()
    {
        var outcome = Classify(1, """
            Looking in indexes: http://127.0.0.1:41234/simple/
            ERROR: Could not find a version that satisfies the requirement evalcheck==0.2.0 (from versions: 0.1.0, 0.1.1)
            ERROR: No matching distribution found for evalcheck==0.2.0
            """);
        outcome.Kind.Should().Be(PipOutcomeKind.NotVisible);
        outcome.AvailableVersions.Should().Be("0.1.0, 0.1.1");
        outcome.ErrorLine.Should().Be("ERROR: No matching distribution found for evalcheck==0.2.0");
    }

    [Fact]
    public void A_project_the_index_does_not_know_at_all_is_not_visible_either() =>
        Classify(1, "ERROR: Could not find a version that satisfies the requirement evalcheck==0.2.0 (from versions: none)\nERROR: No matching distribution found for evalcheck==0.2.0")
            .Should().Be(new PipOutcome(PipOutcomeKind.NotVisible, "ERROR: No matching distribution found for evalcheck==0.2.0", "none"));

    [Theory]
    [InlineData("Eval_Check", "eval-check==0.2.0")]
    [InlineData("eval-check", "EVAL.CHECK==0.2.0")]
    [InlineData("evalcheck", "EvalCheck==0.2.0")]
    public void Package_names_are_compared_normalised(string package, string requirement) =>
        PipOutput.Classify(1, [$"ERROR: No matching distribution found for {requirement}"], package).Kind.Should().Be(PipOutcomeKind.NotVisible);

    [Fact]
    public void A_missing_dependency_is_not_retried_and_names_the_requirement()
    {
        var outcome = Classify(1, """
            Looking in indexes: https://test.pypi.org/simple/
            Collecting evalcheck==0.2.0
              Downloading evalcheck-0.2.0-py3-none-any.whl (9.1 kB)
            ERROR: Could not find a version that satisfies the requirement pytest>=7 (from evalcheck) (from versions: none)
            ERROR: No matching distribution found for pytest>=7
            """);
        outcome.Kind.Should().Be(PipOutcomeKind.DependencyMissing);
        outcome.Requirement.Should().Be("pytest>=7");
    }

    [Fact]
    public void Connection_failures_are_unreachable_even_though_pip_also_says_no_matching_distribution()
    {
        var outcome = Classify(1, """
            Looking in indexes: http://127.0.0.1:9/simple/
            WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f3d>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/evalcheck/
            ERROR: Could not find a version that satisfies the requirement evalcheck==0.3.0 (from versions: none)
            ERROR: No matching distribution found for evalcheck==0.3.0
            """);
        outcome.Kind.Should().Be(PipOutcomeKind.Unreachable);
        outcome.ErrorLine.Should().Contain("Connection refused");
    }

    [Fact]
    public void A_tls_problem_is_unreachable() =>
        Classify(1, "Could not fetch URL https://test.pypi.org/simple/evalcheck/: There was a problem confirming the ssl certificate: HTTPSConnectionPool(host='test.pypi.org', port=443): Max retries exceeded\nERROR: No matching distribution found for evalcheck==0.2.0")
            .Kind.Should().Be(PipOutcomeKind.Unreachable);

    [Fact]
    public void Anything_else_is_a_failure_with_the_last_error_line()
    {
        var outcome = Classify(1, """
            Processing ./dist/evalcheck-0.2.0-py3-none-any.whl
            ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE.
                evalcheck==0.2.0 from http://127.0.0.1/files/evalcheck-0.2.0-py3-none-any.whl:
            """);
        outcome.Kind.Should().Be(PipOutcomeKind.Failed);
        outcome.ErrorLine.Should().Be("ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE.");
    }

    [Fact]
    public void A_failure_without_an_error_line_keeps_the_last_line() =>
        Classify(2, "Traceback (most recent call last):\n  ...\nKeyboardInterrupt\n").ErrorLine.Should().Be("KeyboardInterrupt");

    [Theory]
    [InlineData("pytest>=7", "pytest")]
    [InlineData("Typing_Extensions >= 4 ; python_version < '3.11'", "typing-extensions")]
    [InlineData("zope.interface[test]==6", "zope-interface")]
    [InlineData("evalcheck", "evalcheck")]
    public void Requirement_names_are_read_and_normalised(string requirement, string name) =>
        PipOutput.NameOf(requirement).Should().Be(name);
}
