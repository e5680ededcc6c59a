namespace Wheelhouse.Bootstrap.Tests;

public sealed class ShellcheckTests
{
    [Theory]
    [InlineData("build.sh")]
    [InlineData("bench/startup.sh")]
    [InlineData("bench/prebuilt-job.sh")]
    public void Script_is_shellcheck_clean(string script)
    {
        var shellcheck = RepoCopy.FindOnPath("shellcheck");
        if (shellcheck is null)
            Assert.Fail("shellcheck is not installed; install it with `apt-get install shellcheck`");

        var run = ProcessRunner.Run(shellcheck, [script], RepoCopy.RepoRoot);

        run.ExitCode.Should().Be(0, run.Describe());
    }
}
