using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Definition;

public class ConditionAndRequirementTests
{
    [Theory]
    [InlineData("() => IsLocalBuild", "IsLocalBuild")]
    [InlineData("() =>   Ready  &&\n        !Dirty", "Ready && !Dirty")]
    [InlineData("IsReady", "IsReady")]
    [InlineData("() => Items.Any(i => i.Ok)", "Items.Any(i => i.Ok)")]
    public void Condition_reason_is_the_lambda_body_with_whitespace_collapsed(string text, string reason)
    {
        new Condition(() => true, text).Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("() => PypiToken", "PypiToken")]
    [InlineData("() => this.Token", "Token")]
    [InlineData("() => ((IPublish)this).ApiKey", "ApiKey")]
    public void MemberName_is_the_last_member_the_lambda_reads(string text, string member)
    {
        LambdaText.MemberName(text).Should().Be(member);
    }

    private sealed class WithRequirement : BuildBase
    {
        public string? Token;
        public string[]? Files;
        public int Count = 3;
        public bool IsServer;
        public int? Port;

        Target Publish => _ => _.Requires(() => Token).Requires(() => this.Files).Requires(() => Count).Requires(() => IsServer).Requires(() => Port);
    }

    [Fact]
    public void Requires_names_the_member_and_reads_it_when_checked()
    {
        var build = new WithRequirement();
        var requirements = TargetGraph.FromBuild(build).Get("Publish").Requirements;

        requirements.Select(r => r.MemberName).Should().Equal("Token", "Files", "Count", "IsServer", "Port");
        requirements[0].IsSatisfied().Should().BeFalse("null is not a value");
        build.Token = "";
        requirements[0].IsSatisfied().Should().BeFalse("an empty string is not a value");
        build.Token = "t";
        requirements[0].IsSatisfied().Should().BeTrue("the requirement reads the member each time it is checked");

        build.Files = [];
        requirements[1].IsSatisfied().Should().BeFalse("an empty array is not a value");
        build.Files = ["a"];
        requirements[1].IsSatisfied().Should().BeTrue();

        requirements[2].IsSatisfied().Should().BeTrue("a value type always has a value");
    }

    [Fact]
    public void Requires_of_a_bool_needs_it_true_as_in_NUKE()
    {
        var build = new WithRequirement();
        var isServer = TargetGraph.FromBuild(build).Get("Publish").Requirements[3];

        isServer.IsSatisfied().Should().BeFalse("Requires(() => IsServerBuild) fails when it is false");
        isServer.Expectation.Should().Be("to be true");
        build.IsServer = true;
        isServer.IsSatisfied().Should().BeTrue();
    }

    [Fact]
    public void Requires_of_a_nullable_value_needs_a_value()
    {
        var build = new WithRequirement();
        var port = TargetGraph.FromBuild(build).Get("Publish").Requirements[4];

        port.IsSatisfied().Should().BeFalse();
        port.Expectation.Should().Be("to have a value");
        build.Port = 0;
        port.IsSatisfied().Should().BeTrue("zero is a value");
    }

    [Fact]
    public void Context_is_an_error_until_the_engine_attaches_it()
    {
        var build = new WithRequirement();

        var act = () => build.Context;
        act.Should().Throw<InvalidOperationException>();

        build.Attached();
        build.Context.Should().NotBeNull();
        build.IsLocalBuild.Should().BeTrue();
        build.IsServerBuild.Should().BeFalse();
        build.TemporaryDirectory.Should().Be(build.RootDirectory / ".nuke" / "temp");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void A_terminal_host_is_a_server_build_when_CI_is_set(string? ci, bool server)
    {
        var environment = ci is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["CI"] = ci };
        var build = new WithRequirement().Attached(host: new TerminalHost(environment));

        build.IsServerBuild.Should().Be(server);
        build.IsLocalBuild.Should().Be(!server);
        ((IBuild)build).IsServerBuild.Should().Be(server);
    }

    [Fact]
    public void Closing_lines_are_masked()
    {
        var masker = new SecretMasker();
        masker.Add("hunter2");
        var context = TestBuilds.Context(masker: masker);

        context.AddClosingLine("token hunter2 used");

        context.ClosingLines.Should().Equal("token *** used");
    }
}
