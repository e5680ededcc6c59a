using Wheelhouse.Engine.Output;
using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Output;

public class HelpTextTests
{
    public enum Isolation { Auto, NoIsolation }

    public interface IPublish : IBuild
    {
        [Parameter("Index token"), Secret]
        string? PypiToken => TryGetValue(() => PypiToken);

        Target Publish => _ => _.Description("Upload").DependsOn<IPublish>(x => x.Pack);
        Target Pack => _ => _.Unlisted();
    }

    private sealed class Build : BuildBase, IPublish
    {
        [Parameter("Build configuration"), Required]
        private readonly string configuration = "Debug";

        [Parameter]
        private readonly Isolation[] modes = [];

        [Parameter]
        private readonly bool allowDirty = false;

        [Parameter]
        private readonly AbsolutePath? outputDirectory = null;

        [Parameter]
        private readonly int retries = 0;

        Target Clean => _ => _.Description("Remove dist");
        Target Compile => _ => _.DependsOn(Clean).Description("Compile it");
        Target Test => _ => _.DependsOn(Compile, Clean);

        public override string ToString() => $"{configuration}{modes}{allowDirty}{outputDirectory}{retries}";
    }

    private static string Render(string? defaultTarget = "Compile") =>
        HelpText.Render(TargetGraph.FromBuild(new Build()), ParameterDescriptor.FromBuild(typeof(Build)), defaultTarget);

    private static IReadOnlyList<string> Lines(string? defaultTarget = "Compile") => Render(defaultTarget).Split(Environment.NewLine);

    [Fact]
    public void Targets_are_listed_with_their_direct_dependencies_and_descriptions_in_aligned_columns()
    {
        Lines().Should().ContainInOrder(
            "Targets (with their direct dependencies):",
            "",
            "  Clean                                 Remove dist",
            "  Compile (default)  -> Clean           Compile it",
            "  Test               -> Compile, Clean",
            "  Publish            -> Pack            Upload");
    }

    [Fact]
    public void The_default_target_is_marked_by_name_ignoring_case()
    {
        Lines("test").Should().Contain(l => l.StartsWith("  Test (default)"));
        Lines(null).Should().NotContain(l => l.Contains("(default)"));
    }

    [Fact]
    public void Unlisted_targets_are_hidden_but_still_named_as_dependencies()
    {
        Lines().Should().NotContain(l => l.StartsWith("  Pack"));
        Lines().Should().Contain(l => l.Contains("-> Pack"));
    }

    [Fact]
    public void Parameters_are_listed_as_kebab_options_with_a_value_hint_and_notes()
    {
        Lines().Should().ContainInOrder(
            "Parameters:",
            "",
            "  --configuration <text>     Build configuration (env CONFIGURATION; required)",
            "  --modes <choice...>        (env MODES; one of: auto, no-isolation; several allowed)",
            "  --allow-dirty <bool>       (env ALLOW_DIRTY)",
            "  --output-directory <path>  (env OUTPUT_DIRECTORY)",
            "  --retries <int>            (env RETRIES)",
            "  --pypi-token <text>        Index token (env PYPI_TOKEN; secret: environment or parameters file only)");
    }

    [Fact]
    public void Built_in_options_follow_the_parameters()
    {
        var lines = Lines();
        var last = lines.ToList().FindIndex(l => l.StartsWith("  --pypi-token"));

        lines.Skip(last + 1).Should().StartWith(["", "  --target                   Targets to run (same as naming them before the first option)."]);
        lines.Where(l => l.StartsWith("  --")).Select(l => l.Trim().Split(' ')[0])
            .Should().Contain(Engine.CommandLine.BuiltInOptions.All.Select(o => "--" + o.Name));
    }

    [Fact]
    public void The_usage_line_names_the_command()
    {
        HelpText.Render(TargetGraph.FromBuild(new Build()), [], null, "./build.ps1").Should().StartWith("Usage: ./build.ps1 [targets] [options]");
    }

    [Fact]
    public void Without_parameters_only_the_built_in_options_are_listed()
    {
        var lines = HelpText.Render(TargetGraph.FromBuild(new Build()), [], null).Split(Environment.NewLine);

        lines.SkipWhile(l => l != "Parameters:").Skip(2).First().Should().StartWith("  --target");
    }

    [Fact]
    public void No_line_ends_in_whitespace()
    {
        Lines().Should().OnlyContain(l => l == l.TrimEnd());
    }
}
