using System.Text.Json.Nodes;
using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python.Tests.Requirements;

/// <summary>Our answers to the questions <see cref="PypaToolProbe"/> asked pypa/build and packaging in a real interpreter.</summary>
public sealed class PypaToolAgreementTests(PypaToolProbe probe) : IClassFixture<PypaToolProbe>
{
    private MarkerEnvironment Environment => MarkerEnvironment.FromJson(probe.Answer["environment"]!.ToJsonString(), $"{PypaToolProbe.Python}'s default_environment()");

    private IReadOnlyList<InstalledDistribution> Installed =>
        probe.Answer["distributions"]!.AsArray().Select(d => new InstalledDistribution(
            (string)d!["name"]!,
            (string)d["version"]!,
            d["requires"] is JsonArray requires ? requires.Select(r => (string)r!).ToList() : null)).ToList();

    [Fact]
    public void Reads_the_marker_environment_packaging_computes()
    {
        var environment = Environment;
        var python = probe.Answer["environment"]!.AsObject();

        foreach (var name in MarkerEnvironment.InterpreterVariables)
            environment.Value(name).Should().Be((string)python[name]!, name);
    }

    [Fact]
    public void Finds_the_unmet_requirements_pypa_build_finds()
    {
        var environment = Environment;
        var installed = Installed;
        var disagreements = new List<string>();
        var unmetSeen = 0;

        foreach (var requirement in PypaToolProbe.Requirements)
        {
            var theirs = probe.Answer["unmet"]![requirement]!.AsArray()
                .Select(chain => string.Join(" -> ", chain!.AsArray().Select(n => (string)n!))).ToHashSet();
            var ours = RequirementCheck.Run([requirement], environment, installed).Unmet
                .Select(f => string.Join(" -> ", f.Chain.Select(r => r.NormalizedName))).ToList();
            unmetSeen += ours.Count;

            // pypa/build lists every chain to a problem; we list each problem once, through its first chain.
            var theirLeaves = theirs.Select(c => c.Split(" -> ")[^1]).ToHashSet();
            var ourLeaves = ours.Select(c => c.Split(" -> ")[^1]).ToHashSet();
            if (!ours.All(theirs.Contains) || !theirLeaves.SetEquals(ourLeaves) || ours.Count != ourLeaves.Count)
                disagreements.Add($"{requirement}: pypa/build [{string.Join("; ", theirs)}], ours [{string.Join("; ", ours)}]");
        }

        disagreements.Should().BeEmpty();
        unmetSeen.Should().BeGreaterThan(0, "no-such-distribution-xyz is never installed");
    }

    [Fact]
    public void Evaluates_markers_as_packaging_does()
    {
        var environment = Environment;
        var answers = probe.Answer["markers"]!.AsObject();

        var disagreements = PypaToolProbe.Markers
            .Where(m => MarkerExpression.Parse(m).Evaluate(environment) != (bool)answers[m]!)
            .Select(m => $"{m}: packaging says {answers[m]}")
            .ToList();

        disagreements.Should().BeEmpty();
        PypaToolProbe.Markers.Select(m => (bool)answers[m]!).Should().Contain(true).And.Contain(false);
    }

    [Fact]
    public void Contains_as_packaging_does()
    {
        var rows = probe.Answer["specifiers"]!.AsArray();

        var disagreements = rows
            .Select(row => (Specifier: (string)row![0]!, Version: (string)row[1]!, Theirs: (bool)row[2]!))
            .Where(row => VersionSpecifierSet.Parse(row.Specifier).Contains(row.Version, prereleases: true) != row.Theirs)
            .Select(row => $"{row.Specifier} {row.Version}: packaging says {row.Theirs}")
            .ToList();

        rows.Count.Should().Be(PypaToolProbe.Specifiers.Length * PypaToolProbe.Versions.Length);
        disagreements.Should().BeEmpty();
    }
}
