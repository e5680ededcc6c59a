using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.ApiGate;

public sealed class PluginApiDiffTests
{
    private static readonly PluginApiSnapshot Base = new(
        "pytest-sample", "1.4.2", ">=3.10", "8.3.5", "3.13.5",
        new[] { new PluginEntryPoint("sample", "pytest_sample.plugin", null, true, null) }.ToValueList(),
        new[]
        {
            new PluginFixture("sample_db", "pytest_sample.plugin", "session", false, null),
            new PluginFixture("sample_mode", "pytest_sample.plugin", "function", false, new[] { "'fast'", "'slow'" }.ToValueList()),
        }.ToValueList(),
        new[] { new PluginMarker("sample", "sample(name)", "mark a sample test") }.ToValueList(),
        new[] { new PluginIniOption("sample_tolerance", "string", PythonValue.FromJson("\"0.01\""), "tolerance", ValueList<string>.Empty) }.ToValueList(),
        new[]
        {
            new PluginOption(new[] { "--sample-update", "-U" }.ToValueList(), "sample_update", "store_true", null, null, null, PythonValue.FromJson("false"), false, "update"),
            new PluginOption(new[] { "--sample-level" }.ToValueList(), "sample_level", "store", null, "str",
                new[] { PythonValue.FromJson("\"low\""), PythonValue.FromJson("\"high\"") }.ToValueList(), PythonValue.FromJson("\"low\""), false, "level"),
        }.ToValueList(),
        new[] { new PluginHookSpec("pytest_sample_result", "pytest_sample.hooks", new[] { "result", "config" }.ToValueList(), false, false) }.ToValueList(),
        ValueList<string>.Empty);

    private static IReadOnlyList<ApiChange> Diff(Func<PluginApiSnapshot, PluginApiSnapshot> change) => PluginApiDiff.Compare(Base, change(Base));

    public static TheoryData<string, string> BreakingChanges => new()
    {
        { "fixture-removed:sample_db", "fixture removed" },
        { "fixture-scope-changed:sample_db", "scope" },
        { "fixture-autouse-enabled:sample_db", "autouse" },
        { "fixture-params-changed:sample_mode", "params" },
        { "marker-removed:sample", "marker removed" },
        { "ini-removed:sample_tolerance", "ini removed" },
        { "ini-type-changed:sample_tolerance", "ini type" },
        { "ini-default-changed:sample_tolerance", "ini default" },
        { "option-removed:--sample-update", "option removed" },
        { "option-flag-removed:-U", "option renamed (a flag gone)" },
        { "option-default-changed:--sample-level", "option default" },
        { "option-type-changed:--sample-level", "option type" },
        { "option-choices-narrowed:--sample-level", "choices narrowed" },
        { "option-action-changed:--sample-update", "flag now takes a value" },
        { "hookspec-removed:pytest_sample_result", "hookspec removed" },
        { "hookspec-arguments-changed:pytest_sample_result", "hookspec arguments" },
        { "entry-point-removed:sample", "entry point renamed" },
        { "requires-python-raised:python", "requires-python raised" },
    };

    private static PluginApiSnapshot Apply(PluginApiSnapshot api, string id) => id switch
    {
        "fixture-removed:sample_db" => api with { Fixtures = api.Fixtures.Where(f => f.Name != "sample_db").ToValueList() },
        "fixture-scope-changed:sample_db" => api with { Fixtures = api.Fixtures.Select(f => f.Name == "sample_db" ? f with { Scope = "module" } : f).ToValueList() },
        "fixture-autouse-enabled:sample_db" => api with { Fixtures = api.Fixtures.Select(f => f.Name == "sample_db" ? f with { Autouse = true } : f).ToValueList() },
        "fixture-params-changed:sample_mode" => api with { Fixtures = api.Fixtures.Select(f => f.Params != null ? f with { Params = new[] { "'fast'" }.ToValueList() } : f).ToValueList() },
        "marker-removed:sample" => api with { Markers = ValueList<PluginMarker>.Empty },
        "ini-removed:sample_tolerance" => api with { IniOptions = ValueList<PluginIniOption>.Empty },
        "ini-type-changed:sample_tolerance" => api with { IniOptions = api.IniOptions.Select(o => o with { Type = "args" }).ToValueList() },
        "ini-default-changed:sample_tolerance" => api with { IniOptions = api.IniOptions.Select(o => o with { Default = PythonValue.FromJson("\"0.05\"") }).ToValueList() },
        "option-removed:--sample-update" => api with { Options = api.Options.Where(o => o.Dest != "sample_update").ToValueList() },
        "option-flag-removed:-U" => api with { Options = api.Options.Select(o => o.Dest == "sample_update" ? o with { Flags = new[] { "--sample-update" }.ToValueList() } : o).ToValueList() },
        "option-default-changed:--sample-level" => api with { Options = api.Options.Select(o => o.Dest == "sample_level" ? o with { Default = PythonValue.FromJson("\"high\"") } : o).ToValueList() },
        "option-type-changed:--sample-level" => api with { Options = api.Options.Select(o => o.Dest == "sample_level" ? o with { Type = "int" } : o).ToValueList() },
        "option-choices-narrowed:--sample-level" => api with { Options = api.Options.Select(o => o.Dest == "sample_level" ? o with { Choices = new[] { PythonValue.FromJson("\"low\"") }.ToValueList() } : o).ToValueList() },
        "option-action-changed:--sample-update" => api with { Options = api.Options.Select(o => o.Dest == "sample_update" ? o with { Action = "store" } : o).ToValueList() },
        "hookspec-removed:pytest_sample_result" => api with { HookSpecs = ValueList<PluginHookSpec>.Empty },
        "hookspec-arguments-changed:pytest_sample_result" => api with { HookSpecs = api.HookSpecs.Select(h => h with { Arguments = new[] { "result" }.ToValueList() }).ToValueList() },
        "entry-point-removed:sample" => api with { EntryPoints = api.EntryPoints.Select(e => e with { Name = "sample2" }).ToValueList() },
        "requires-python-raised:python" => api with { RequiresPython = ">=3.11" },
        _ => throw new ArgumentException(id),
    };

    [Theory]
    [MemberData(nameof(BreakingChanges))]
    public void Each_breaking_kind_alone_is_found_and_needs_a_major_release(string id, string what)
    {
        var changes = Diff(api => Apply(api, id));

        changes.Should().Contain(c => c.Id == id && c.Severity == ApiChangeSeverity.Breaking, what);
        changes.Where(c => c.Severity == ApiChangeSeverity.Breaking).Should().HaveCount(1, "the change alone breaks one thing: {0}", string.Join("; ", changes));
        var verdict = ApiGateVerdict.Decide(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("1.5.0"), changes, ApiGateSettings.Default);
        verdict.Required.Should().Be(SemverBump.Major);
        verdict.Passes.Should().BeFalse();
        verdict.SmallestRight.ToString().Should().Be("2.0.0");
    }

    [Fact]
    public void Additions_need_a_minor_release()
    {
        var changes = Diff(api => api with
        {
            Fixtures = api.Fixtures.Append(new PluginFixture("sample_new", "pytest_sample.plugin", "function", false, null)).ToValueList(),
            Markers = api.Markers.Append(new PluginMarker("slowish", "slowish", "")).ToValueList(),
            IniOptions = api.IniOptions.Append(new PluginIniOption("sample_new", "bool", PythonValue.FromJson("false"), "", ValueList<string>.Empty)).ToValueList(),
            Options = api.Options.Select(o => o.Dest == "sample_level"
                    ? o with { Choices = new[] { PythonValue.FromJson("\"low\""), PythonValue.FromJson("\"high\""), PythonValue.FromJson("\"max\"") }.ToValueList() }
                    : o)
                .Append(new PluginOption(new[] { "--sample-new" }.ToValueList(), "sample_new", "store_true", null, null, null, PythonValue.FromJson("false"), false, ""))
                .ToValueList(),
            HookSpecs = api.HookSpecs.Append(new PluginHookSpec("pytest_sample_new", null, ValueList<string>.Empty, false, false)).ToValueList(),
        });

        changes.Select(c => c.Id).Should().BeEquivalentTo(
            "fixture-added:sample_new", "marker-added:slowish", "ini-added:sample_new", "option-choices-added:--sample-level", "option-added:--sample-new", "hookspec-added:pytest_sample_new");
        changes.Should().OnlyContain(c => c.Severity == ApiChangeSeverity.Addition);
        var verdict = ApiGateVerdict.Decide(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("1.4.3"), changes, ApiGateSettings.Default);
        verdict.Required.Should().Be(SemverBump.Minor);
        verdict.Passes.Should().BeFalse();
        ApiGateVerdict.Decide(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("1.5.0"), changes, ApiGateSettings.Default).Passes.Should().BeTrue();
    }

    [Fact]
    public void No_change_passes_as_a_patch_and_help_texts_do_not_count()
    {
        var changes = Diff(api => api with { Options = api.Options.Select(o => o with { Help = "reworded" }).ToValueList(), PytestVersion = "7.2.1" });
        changes.Should().BeEmpty();
        ApiGateVerdict.Decide(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("1.4.3"), changes, ApiGateSettings.Default).Passes.Should().BeTrue();
    }

    [Fact]
    public void Below_one_a_breaking_change_needs_a_minor_release_or_a_major_one_by_setting()
    {
        var changes = Diff(api => Apply(api, "marker-removed:sample"));
        var zero = Pep440Version.Parse("0.4.2");

        var cargo = ApiGateVerdict.Decide(zero, Pep440Version.Parse("0.4.3"), changes, ApiGateSettings.Default);
        cargo.Required.Should().Be(SemverBump.Minor);
        cargo.SmallestRight.ToString().Should().Be("0.5.0");
        ApiGateVerdict.Decide(zero, Pep440Version.Parse("0.5.0"), changes, ApiGateSettings.Default).Passes.Should().BeTrue();

        var strict = ApiGateVerdict.Decide(zero, Pep440Version.Parse("0.5.0"), changes, ApiGateSettings.Default with { ZeroMajorBreaking = SemverBump.Major });
        strict.Passes.Should().BeFalse();
        strict.SmallestRight.ToString().Should().Be("1.0.0");
    }

    [Fact]
    public void An_allowed_change_is_excused_with_its_reason_and_no_longer_raises_the_bump()
    {
        var changes = Diff(api => Apply(api, "marker-removed:sample"));
        var settings = ApiGateSettings.Default with { Allow = [new AllowedChange("marker-removed:sample", "deprecated since 1.2")] };

        var verdict = ApiGateVerdict.Decide(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("1.4.3"), changes, settings);

        verdict.Passes.Should().BeTrue();
        verdict.Required.Should().Be(SemverBump.Patch);
        verdict.Excused.Should().ContainSingle().Which.Allowed.Reason.Should().Be("deprecated since 1.2");
    }

    [Fact]
    public void A_pre_release_of_the_next_major_makes_a_major_bump() =>
        SemverBumps.Between(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("2.0.0rc1")).Should().Be(SemverBump.Major);
}
