using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.GitHub.Tests.Releases;

public sealed class ReleasePlannerTests
{
    private static readonly DesiredRelease Desired = new("v0.2.0", "v0.2.0", "- Notes.", Prerelease: false);
    private static readonly LocalAsset Wheel = LocalAsset.FromBytes("evalcheck-0.2.0-py3-none-any.whl", "wheel"u8.ToArray());
    private static readonly LocalAsset Sdist = LocalAsset.FromBytes("evalcheck-0.2.0.tar.gz", "sdist"u8.ToArray());
    private static readonly LocalAsset Sums = Sha256Sums.Asset([Wheel, Sdist]);
    private static readonly LocalAsset[] Local = [Sums, Sdist, Wheel];

    private static RemoteAsset Attached(LocalAsset local, int id, string state = "uploaded", bool digest = true) =>
        new(id, local.Name, local.Size, state, digest ? $"sha256:{local.Sha256.ToUpperInvariant()}" : null, $"https://api.github.com/repos/o/r/releases/assets/{id}");

    [Fact]
    public void Without_a_release_it_creates_one_and_uploads_everything_with_SHA256SUMS_last()
    {
        var plan = ReleasePlanner.Plan(Desired, null, Local, []);

        plan.Release.Should().Be(ReleaseAction.Create);
        plan.Assets.Select(a => (a.Action, a.Name)).Should().Equal(
            (AssetAction.Upload, Wheel.Name), (AssetAction.Upload, Sdist.Name), (AssetAction.Upload, "SHA256SUMS"));
        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void An_identical_release_is_left_unchanged_and_its_assets_kept()
    {
        var existing = new ExistingRelease(1, "v0.2.0", "- Notes.\r\n", Prerelease: false);

        var plan = ReleasePlanner.Plan(Desired, existing, Local, [Attached(Wheel, 1), Attached(Sdist, 2), Attached(Sums, 3)]);

        plan.Release.Should().Be(ReleaseAction.Unchanged);
        plan.Assets.Should().OnlyContain(a => a.Action == AssetAction.Keep);
        plan.Transfers.Should().BeEmpty();
    }

    [Fact]
    public void A_release_that_differs_is_updated_and_the_plan_names_what_differs()
    {
        var plan = ReleasePlanner.Plan(Desired with { Prerelease = true }, new ExistingRelease(1, null, "- Notes.", false), Local, []);

        plan.Release.Should().Be(ReleaseAction.Update);
        plan.ReleaseChanges.Should().Equal("name", "pre-release flag");
    }

    [Fact]
    public void Same_name_and_size_but_another_digest_is_replaced_with_a_warning()
    {
        var other = Attached(Wheel, 1) with { Digest = "sha256:" + new string('0', 64) };

        var plan = ReleasePlanner.Plan(Desired, new ExistingRelease(1, "v0.2.0", "- Notes.", false), Local, [other, Attached(Sdist, 2), Attached(Sums, 3)]);

        var step = plan.Assets.Single(a => a.Name == Wheel.Name);
        step.Action.Should().Be(AssetAction.Replace);
        step.Remote.Should().Be(other);
        plan.Warnings.Should().ContainSingle().Which.Should().Contain(Wheel.Name).And.Contain("different content").And.Contain(new string('0', 64));
    }

    [Fact]
    public void Another_size_is_replaced_without_downloading_anything()
    {
        var bigger = Attached(Wheel, 1, digest: false) with { Size = Wheel.Size + 1 };

        ReleasePlanner.ContentNeeded(Local, [bigger]).Should().BeEmpty();
        var plan = ReleasePlanner.Plan(Desired, null, Local, [bigger]);

        plan.Assets.Single(a => a.Name == Wheel.Name).Reason.Should().Contain($"{Wheel.Size + 1} bytes on the release, {Wheel.Size} here");
    }

    [Fact]
    public void Without_a_digest_the_content_is_needed_and_the_downloaded_hash_decides()
    {
        var attached = new[] { Attached(Wheel, 1, digest: false), Attached(Sdist, 2, digest: false) };

        ReleasePlanner.ContentNeeded(Local, attached).Select(a => a.Id).Should().Equal(1, 2);
        var plan = ReleasePlanner.Plan(Desired, null, Local, attached, new Dictionary<int, string> { [1] = Wheel.Sha256, [2] = new string('f', 64) });

        plan.Assets.Select(a => (a.Name, a.Action)).Should().Equal(
            (Wheel.Name, AssetAction.Keep), (Sdist.Name, AssetAction.Replace), ("SHA256SUMS", AssetAction.Upload));
    }

    [Fact]
    public void Planning_without_the_needed_content_is_a_programming_error()
    {
        var act = () => ReleasePlanner.Plan(Desired, null, Local, [Attached(Wheel, 1, digest: false)]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*ContentNeeded*");
    }

    [Fact]
    public void An_unfinished_upload_is_replaced_whatever_its_size()
    {
        var starter = Attached(Sdist, 7, state: "starter", digest: false) with { Size = 0 };

        ReleasePlanner.ContentNeeded(Local, [starter]).Should().BeEmpty();
        var plan = ReleasePlanner.Plan(Desired, null, Local, [starter]);

        plan.Assets.Single(a => a.Name == Sdist.Name).Action.Should().Be(AssetAction.Replace);
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("interrupted upload (state 'starter')");
    }

    [Fact]
    public void Assets_not_in_dist_are_left_alone_with_a_warning()
    {
        var stranger = new RemoteAsset(9, "evalcheck-0.2.0.sigstore.json", 10, "uploaded", null, "u");

        var plan = ReleasePlanner.Plan(Desired, null, Local, [stranger]);

        plan.Assets.Last().Should().Be(new AssetStep(AssetAction.LeaveAlone, stranger.Name, null, stranger, "not in dist/"));
        plan.Transfers.Should().HaveCount(3);
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("left as it is");
    }

    [Theory]
    [InlineData("sha256:ABC", null)]
    [InlineData("sha512:0000000000000000000000000000000000000000000000000000000000000000", null)]
    [InlineData("SHA256:00000000000000000000000000000000000000000000000000000000000000AB", "00000000000000000000000000000000000000000000000000000000000000ab")]
    public void Only_a_whole_sha256_digest_counts(string digest, string? sha256)
    {
        new RemoteAsset(1, "x", 1, "uploaded", digest, "u").Sha256.Should().Be(sha256);
    }
}
