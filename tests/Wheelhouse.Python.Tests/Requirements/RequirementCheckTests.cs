using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python.Tests.Requirements;

public sealed class RequirementCheckTests
{
    // What Debian 12's /usr/bin/python3 has installed (versions and Requires-Dist as importlib.metadata reports them).
    private static readonly InstalledDistribution[] Debian12 =
    [
        new("hatchling", "1.12.2", ["editables>=0.3", "importlib-metadata; python_version < '3.8'", "packaging>=21.3", "pathspec>=0.10.1", "pluggy>=1.0.0", "tomli>=1.2.2; python_version < '3.11'"]),
        new("hatch-vcs", "0.3.0", ["hatchling>=1.1.0", "setuptools-scm>=6.4.0"]),
        new("setuptools", "66.1.1"),
        new("setuptools-scm", "7.1.0", ["packaging (>=20.0)", "setuptools", "typing-extensions", "tomli (>=1.0.0) ; python_version < \"3.11\"", "importlib-metadata ; python_version < \"3.8\"", "pytest (>=6.2) ; extra == 'test'", "virtualenv (>20) ; extra == 'test'", "setuptools (>=42) ; extra == 'toml'"]),
        new("poetry-core", "1.4.0", ["importlib-metadata (>=1.7.0) ; python_version < \"3.8\""]),
        new("flit_core", "3.8.0"),
        new("pytest", "7.2.1", ["attrs (>=19.2.0)", "iniconfig", "packaging", "pluggy (<2.0,>=0.12)", "exceptiongroup (>=1.0.0rc8) ; python_version < \"3.11\"", "tomli (>=1.0.0) ; python_version < \"3.11\"", "colorama ; sys_platform == \"win32\"", "argcomplete ; extra == 'testing'", "hypothesis (>=3.56) ; extra == 'testing'"]),
        new("attrs", "22.2.0"),
        new("iniconfig", "1.1.1"),
        new("packaging", "23.0"),
        new("pathspec", "0.11.0"),
        new("pluggy", "1.0.0+repack", ["pre-commit; extra == \"dev\"", "tox; extra == \"dev\"", "pytest; extra == \"testing\"", "pytest-benchmark; extra == \"testing\""]),
        new("tomli", "2.0.1"),
        new("typing_extensions", "4.4.0"),
    ];

    private static RequirementCheckResult Check(IEnumerable<string> requirements, IEnumerable<InstalledDistribution>? installed = null, IReadOnlyDictionary<string, string>? tolerated = null, MarkerEnvironment? environment = null) =>
        RequirementCheck.Run(requirements, environment ?? Environments.CPython311Linux, installed ?? Debian12, tolerated);

    private static string Summary(RequirementCheckResult result) => string.Join("\n", result.Findings.Select(f => f.ToString()));

    [Fact]
    public void Reports_each_given_requirement_in_order()
    {
        var result = Check(
        [
            "setuptools>=64",
            "setuptools_scm[toml]>=6.2",
            "poetry-core>=1.0.0",
            "flit_core >=3.2,<4",
            "tomli>=1.1.0; python_version < \"3.11\"",
            "importlib-metadata; python_version<\"3.8\"",
            "pytest>=7.0",
            "hatchling>=1.18",
            "no-such-distribution",
        ]);

        Summary(result).Should().Be("""
            setuptools>=64: 66.1.1 installed
            setuptools_scm[toml]>=6.2: 7.1.0 installed
            poetry-core>=1.0.0: 1.4.0 installed
            flit_core>=3.2,<4: 3.8.0 installed
            tomli>=1.1.0: not needed here (python_version < "3.11" is false)
            importlib-metadata: not needed here (python_version < "3.8" is false)
            pytest>=7.0: 7.2.1 installed
            hatchling>=1.18: 1.12.2 installed, >=1.18 wanted
            no-such-distribution: not installed
            """.ReplaceLineEndings("\n"));
        result.Findings.Select(f => f.Status).Should().Equal(
            RequirementStatus.Satisfied, RequirementStatus.Satisfied, RequirementStatus.Satisfied, RequirementStatus.Satisfied,
            RequirementStatus.NotApplicable, RequirementStatus.NotApplicable, RequirementStatus.Satisfied,
            RequirementStatus.WrongVersion, RequirementStatus.Missing);
        result.Unmet.Select(f => f.Requirement.Name).Should().Equal("hatchling", "no-such-distribution");
        result.AllMet.Should().BeFalse();
    }

    [Fact]
    public void A_wrong_version_carries_the_installed_version_and_what_is_wanted()
    {
        var finding = Check(["hatchling>=1.18"]).Findings.Single();

        finding.Status.Should().Be(RequirementStatus.WrongVersion);
        finding.InstalledVersion.Should().Be("1.12.2");
        finding.Wanted.Should().Be(">=1.18");
        finding.IsUnmet.Should().BeTrue();
        finding.IsTransitive.Should().BeFalse();
    }

    [Fact]
    public void A_missing_requirement_without_specifiers_wants_any_version()
    {
        var finding = Check(["editables"]).Findings.Single();

        finding.Status.Should().Be(RequirementStatus.Missing);
        finding.InstalledVersion.Should().BeNull();
        finding.Wanted.Should().Be("any version");
    }

    [Fact]
    public void Finds_unmet_dependencies_through_installed_distributions()
    {
        var installed = Debian12.Select(d => d.Name == "setuptools-scm" ? d with { Version = "6.0.1" } : d);

        var result = Check(["hatch-vcs"], installed, new Dictionary<string, string> { ["editables"] = "editable installs only" });

        var unmet = result.Unmet.Should().ContainSingle().Subject;
        unmet.Path.Should().Be("hatch-vcs -> setuptools-scm>=6.4.0");
        unmet.Chain.Select(r => r.NormalizedName).Should().Equal("hatch-vcs", "setuptools-scm");
        unmet.Root.Name.Should().Be("hatch-vcs");
        unmet.IsTransitive.Should().BeTrue();
        unmet.Status.Should().Be(RequirementStatus.WrongVersion);
        unmet.InstalledVersion.Should().Be("6.0.1");
        unmet.ToString().Should().Be("hatch-vcs -> setuptools-scm>=6.4.0: 6.0.1 installed, >=6.4.0 wanted");
        result.Findings[0].ToString().Should().Be("hatch-vcs: 0.3.0 installed");
    }

    [Fact]
    public void Tolerates_a_known_gap_by_name_with_its_reason()
    {
        var tolerated = new Dictionary<string, string> { ["Editables"] = "Debian's hatchling lacks it; only editable installs use it" };

        var result = Check(["hatchling"], tolerated: tolerated);

        result.AllMet.Should().BeTrue();
        var gap = result.Tolerated.Should().ContainSingle().Subject;
        gap.Path.Should().Be("hatchling -> editables>=0.3");
        gap.ToleranceReason.Should().Be("Debian's hatchling lacks it; only editable installs use it");
        gap.ToString().Should().Be("hatchling -> editables>=0.3: not installed, tolerated: Debian's hatchling lacks it; only editable installs use it");
    }

    [Fact]
    public void Without_the_tolerance_the_same_gap_is_missing()
    {
        var result = Check(["hatchling"]);

        result.Unmet.Should().ContainSingle().Which.ToString().Should().Be("hatchling -> editables>=0.3: not installed");
        result.Tolerated.Should().BeEmpty();
    }

    [Fact]
    public void A_tolerance_does_not_excuse_a_wrong_version()
    {
        var result = Check(["hatchling>=1.18"], tolerated: new Dictionary<string, string> { ["hatchling"] = "a reason" });

        result.Unmet.Should().ContainSingle().Which.Status.Should().Be(RequirementStatus.WrongVersion);
    }

    [Fact]
    public void Evaluates_extra_markers_for_the_extras_the_requirement_asks_for()
    {
        var installed = Debian12.Select(d => d.Name == "setuptools" ? d with { Version = "40.0" } : d);

        var withToml = Check(["setuptools_scm[toml]>=6.2"], installed);
        var without = Check(["setuptools_scm>=6.2"], installed);

        withToml.Unmet.Should().ContainSingle().Which.ToString().Should().Be("setuptools_scm[toml]>=6.2 -> setuptools>=42: 40.0 installed, >=42 wanted");
        without.AllMet.Should().BeTrue();
    }

    [Fact]
    public void Extras_reach_one_level_down_only()
    {
        var installed = new InstalledDistribution[]
        {
            new("top", "1.0", ["middle"]),
            new("middle", "1.0", ["leaf; extra == 'feature'"]),
        };

        Check(["top[feature]"], installed).AllMet.Should().BeTrue(); // middle is asked for without extras
        Check(["middle[feature]"], installed).Unmet.Should().ContainSingle().Which.Path.Should().Be("middle[feature] -> leaf");
    }

    [Fact]
    public void A_dependency_whose_marker_is_false_is_not_needed_and_not_reported()
    {
        var result = Check(["pytest"]);

        Summary(result).Should().Be("pytest: 7.2.1 installed");
    }

    [Fact]
    public void The_marker_environment_decides_which_dependencies_are_needed()
    {
        var result = Check(["pytest"], environment: Environments.CPython39Windows);

        result.Unmet.Select(f => f.Path).Should().Equal(
            "pytest -> exceptiongroup>=1.0.0rc8",
            "pytest -> colorama");
    }

    [Fact]
    public void An_installed_pre_release_counts()
    {
        var installed = new InstalledDistribution[] { new("hatchling", "1.18.0rc1") };

        Check(["hatchling>=1.17"], installed).Findings.Single().Status.Should().Be(RequirementStatus.Satisfied);
        Check(["hatchling>=1.18"], installed).Findings.Single().Status.Should().Be(RequirementStatus.WrongVersion); // 1.18.0rc1 < 1.18
    }

    [Fact]
    public void An_installed_local_version_counts_as_its_public_version()
    {
        Check(["pluggy (<2.0,>=0.12)", "pluggy==1.0.0"]).AllMet.Should().BeTrue();
    }

    [Fact]
    public void Finds_distributions_by_their_normalised_name()
    {
        var result = Check(["Flit.Core>=3.2", "SetupTools_SCM>=6.2", "typing-extensions"]);

        result.Findings.Select(f => f.Status).Should().AllBeEquivalentTo(RequirementStatus.Satisfied);
    }

    [Fact]
    public void The_first_installed_distribution_of_a_name_wins()
    {
        var installed = new InstalledDistribution[] { new("Tomli", "1.0.0"), new("tomli", "2.0.1") };

        Check(["tomli>=2"], installed).Findings.Single().InstalledVersion.Should().Be("1.0.0");
    }

    [Fact]
    public void Does_not_look_further_when_the_dependencies_are_not_known()
    {
        var installed = new InstalledDistribution[] { new("hatch-vcs", "0.3.0") };

        Check(["hatch-vcs"], installed).AllMet.Should().BeTrue();
    }

    [Fact]
    public void A_url_requirement_needs_the_distribution_installed_in_any_version()
    {
        Check(["flit_core @ https://example.com/flit_core-3.8.0.tar.gz"]).AllMet.Should().BeTrue();
        var missing = Check(["foo @ https://example.com/foo.tar.gz"]).Unmet.Single();
        missing.Wanted.Should().Be("https://example.com/foo.tar.gz");
    }

    [Fact]
    public void Stops_at_cycles()
    {
        var installed = new InstalledDistribution[]
        {
            new("a", "1.0", ["b"]),
            new("b", "1.0", ["a", "c>=2"]),
            new("c", "1.0", ["b"]),
        };

        var result = Check(["a"], installed);

        result.Unmet.Should().ContainSingle().Which.Path.Should().Be("a -> b -> c>=2");
    }

    [Fact]
    public void A_distribution_that_asks_for_its_own_extras_is_followed_to_them()
    {
        var installed = new InstalledDistribution[]
        {
            new("plugin", "1.0", ["plugin[lint,docs]; extra == 'all'", "ruff; extra == 'lint'", "sphinx; extra == 'docs'"]),
        };

        var result = Check(["plugin[all]"], installed);

        result.Unmet.Select(f => f.Path).Should().Equal("plugin[all] -> plugin[lint,docs] -> ruff", "plugin[all] -> plugin[lint,docs] -> sphinx");
    }

    [Fact]
    public void A_shared_dependency_is_reported_once_per_given_requirement()
    {
        var installed = new InstalledDistribution[]
        {
            new("left", "1.0", ["shared"]),
            new("right", "1.0", ["shared"]),
            new("both", "1.0", ["left", "right"]),
            new("shared", "1.0", ["gone"]),
        };

        var result = Check(["both", "left"], installed);

        result.Unmet.Select(f => f.Path).Should().Equal("both -> left -> shared -> gone", "left -> shared -> gone");
    }

    [Fact]
    public void A_wide_shared_graph_is_walked_once_per_distribution()
    {
        // 30 layers of two distributions that each need both of the next layer: 2^30 paths, 60 distributions.
        var installed = new List<InstalledDistribution>();
        for (var layer = 0; layer < 30; layer++)
        {
            var next = layer + 1;
            string[] needs = [$"l{next}a", $"l{next}b"];
            installed.Add(new InstalledDistribution($"l{layer}a", "1.0", needs));
            installed.Add(new InstalledDistribution($"l{layer}b", "1.0", needs));
        }

        var result = Check(["l0a"], installed);

        result.Unmet.Select(f => f.Requirement.Name).Should().Equal("l30a", "l30b");
    }

    [Fact]
    public void Is_deterministic()
    {
        string[] requirements = ["hatch-vcs", "pytest[testing]", "setuptools_scm[toml,test]"];

        Summary(Check(requirements)).Should().Be(Summary(Check(requirements)));
    }

    [Fact]
    public void An_invalid_requirement_is_named()
    {
        var check = () => Check(["hatchling>="]);

        check.Should().Throw<BuildException>().WithMessage("'hatchling>=' is not a valid dependency specifier (PEP 508): expected a version after '>='.");
    }

    [Fact]
    public void An_invalid_requires_dist_names_the_distribution()
    {
        var installed = new InstalledDistribution[] { new("broken", "1.0", ["ok", "bad>=;"]), new("ok", "1.0") };

        var check = () => Check(["broken"], installed);

        check.Should().Throw<BuildException>().Which.Message.Should()
            .StartWith("The installed distribution broken 1.0 declares Requires-Dist 'bad>=;', which is not a valid dependency specifier (PEP 508): expected a version after '>='.")
            .And.EndWith("Reinstall or upgrade broken in that interpreter.");
    }
}
