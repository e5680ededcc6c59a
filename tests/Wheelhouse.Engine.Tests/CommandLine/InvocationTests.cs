using Wheelhouse.Engine.CommandLine;

namespace Wheelhouse.Engine.Tests.CommandLine;

public class InvocationTests
{
    [Fact]
    public void Words_before_the_first_option_are_targets()
    {
        var invocation = Invocation.Parse(["Clean", "Pack", "--configuration", "Release"]);

        invocation.Targets.Should().Equal("Clean", "Pack");
        invocation.Options["configuration"].Should().Equal("Release");
    }

    [Fact]
    public void No_arguments_means_no_targets_and_no_options()
    {
        var invocation = Invocation.Parse([]);

        invocation.Targets.Should().BeEmpty();
        invocation.Options.Should().BeEmpty();
    }

    [Fact]
    public void Target_option_values_are_targets_after_the_positional_ones()
    {
        var invocation = Invocation.Parse(["Clean", "--target", "Test", "Pack", "--verbosity", "quiet"]);

        invocation.Targets.Should().Equal("Clean", "Test", "Pack");
        invocation.Has("target").Should().BeFalse();
        invocation.Single("verbosity").Should().Be("quiet");
    }

    [Fact]
    public void Skip_without_values_is_present_and_empty()
    {
        var invocation = Invocation.Parse(["Pack", "--skip"]);

        invocation.Has("skip").Should().BeTrue();
        invocation.Options["skip"].Should().BeEmpty();
    }

    [Fact]
    public void Skip_with_values_collects_every_word_up_to_the_next_option()
    {
        var invocation = Invocation.Parse(["Pack", "--skip", "Clean", "Restore", "--plan"]);

        invocation.Options["skip"].Should().Equal("Clean", "Restore");
        invocation.Has("plan").Should().BeTrue();
        invocation.Options["plan"].Should().BeEmpty();
    }

    [Fact]
    public void Name_equals_value_takes_exactly_that_value_and_the_next_word_is_a_target_again()
    {
        var invocation = Invocation.Parse(["--configuration=Release", "Pack", "--tag=a=b", "--empty="]);

        invocation.Options["configuration"].Should().Equal("Release");
        invocation.Targets.Should().Equal("Pack");
        invocation.Options["tag"].Should().Equal("a=b");
        invocation.Options["empty"].Should().Equal("");
    }

    [Fact]
    public void Repeated_options_add_up()
    {
        var invocation = Invocation.Parse(["--tag", "a", "--tag=b", "--TAG", "c", "d"]);

        invocation.Options["tag"].Should().Equal("a", "b", "c", "d");
    }

    [Fact]
    public void Option_names_are_lower_cased_and_looked_up_ignoring_case()
    {
        var invocation = Invocation.Parse(["--Python-Interpreter", "py"]);

        invocation.Options.Keys.Should().Equal("python-interpreter");
        invocation.Has("PYTHON-INTERPRETER").Should().BeTrue();
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("--help")]
    public void Short_help_flags_mean_help(string flag)
    {
        var invocation = Invocation.Parse(["Pack", flag]);

        invocation.Has("help").Should().BeTrue();
        invocation.Targets.Should().Equal("Pack");
    }

    [Fact]
    public void Single_returns_null_when_absent_and_refuses_zero_or_several_values()
    {
        var invocation = Invocation.Parse(["--root", "--profile", "a", "b"]);

        invocation.Single("host").Should().BeNull();
        var none = () => invocation.Single("root");
        none.Should().Throw<BuildException>().WithMessage("Option --root takes one value; got none.");
        var several = () => invocation.Single("profile");
        several.Should().Throw<BuildException>().WithMessage("Option --profile takes one value; got 2.");
    }

    [Fact]
    public void Single_dashes_and_a_bare_double_dash_are_not_options()
    {
        var invocation = Invocation.Parse(["-x", "--", "--name", "-v"]);

        invocation.Targets.Should().Equal("-x", "--");
        invocation.Options["name"].Should().Equal("-v");
    }

    [Fact]
    public void Built_in_options_are_known_by_name()
    {
        BuiltInOptions.IsBuiltIn("skip").Should().BeTrue();
        BuiltInOptions.IsBuiltIn("verbosity").Should().BeTrue();
        BuiltInOptions.IsBuiltIn("configuration").Should().BeFalse();
        BuiltInOptions.All.Select(o => o.Name).Should().OnlyHaveUniqueItems()
            .And.Contain(["target", "skip", "plan", "help", "verbosity", "root", "profile", "host"]);
    }
}
