using Wheelhouse.Adoption.Tests.Support;

namespace Wheelhouse.Adoption.Tests;

/// <summary>dotnet new wheelhouse in folders of its own: what it writes from which parameters.</summary>
[Collection(PackedWheelhouseCollection.Name)]
public sealed class TemplateTests(PackedWheelhouse packed) : IDisposable
{
    private readonly TempFolder temp = new("template");

    [Fact]
    public void Without_parameters_the_package_name_is_the_folder_s_name_and_nothing_names_a_repository()
    {
        var root = temp.Folder("pytest-defaulted");

        var run = packed.LayDown(root);

        run.ExitCode.Should().Be(0, run.Describe());
        var build = File.ReadAllText(Path.Combine(root, "build", "Build.cs"));
        build.Should().Contain("EnvironmentUrl = \"https://pypi.org/p/pytest-defaulted\"")
            .And.Contain("EnvironmentUrl = \"https://test.pypi.org/p/pytest-defaulted\"")
            .And.NotContain("If =").And.NotContain("WHEELHOUSE_").And.NotContain("#if");
        File.ReadAllText(Path.Combine(root, ".nuke", "parameters.json")).Should().NotContain("Repository");
        File.Exists(Path.Combine(root, "NuGet.config")).Should().BeFalse("no --package-source was given");
        File.Exists(Path.Combine(root, ".gitattributes")).Should().BeTrue();
    }

    [Fact]
    public void A_package_source_becomes_the_one_source_a_NuGet_config_adds()
    {
        var root = temp.Folder("pytest-sourced");

        var run = packed.LayDown(root, "--package-source", packed.PackagesFolder, "--branch", "trunk");

        run.ExitCode.Should().Be(0, run.Describe());
        File.ReadAllText(Path.Combine(root, "NuGet.config")).Should().Contain($"<add key=\"wheelhouse\" value=\"{packed.PackagesFolder}\" />")
            .And.NotContain("<clear");
        File.ReadAllText(Path.Combine(root, "build", "Build.cs")).Should().Contain("OnPushBranches = [\"trunk\"]").And.Contain("OnPullRequestBranches = [\"trunk\"]");
    }

    [Fact]
    public void A_repository_with_its_own_gitattributes_keeps_it_dotnet_new_refuses_until_told_to_leave_it_alone()
    {
        var root = temp.Folder("pytest-attributed");
        var own = "*.py text eol=lf\n.git_archival.txt export-subst\n";
        File.WriteAllText(Path.Combine(root, ".gitattributes"), own);

        var refused = packed.LayDown(root);

        refused.ExitCode.Should().NotBe(0, refused.Describe());
        (refused.Out + refused.Err).Should().Contain(".gitattributes");
        File.Exists(Path.Combine(root, "build", "Build.cs")).Should().BeFalse("dotnet new writes nothing when it would overwrite a file");

        var run = packed.LayDown(root, "--gitattributes", "false");

        run.ExitCode.Should().Be(0, run.Describe());
        File.ReadAllText(Path.Combine(root, ".gitattributes")).Should().Be(own);
        File.Exists(Path.Combine(root, "build", "Build.cs")).Should().BeTrue();
    }

    public void Dispose() => temp.Dispose();
}
