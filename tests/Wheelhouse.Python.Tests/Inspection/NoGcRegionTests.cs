using System.Runtime;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>The region is process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(NoGcRegionTests), DisableParallelization = true)]
public sealed class NoGcRegionCollection;

[Collection(nameof(NoGcRegionTests))]
public sealed class NoGcRegionTests
{
    [Fact]
    public void A_region_holds_off_collections_until_it_is_disposed()
    {
        using (var region = NoGcRegion.Enter(256L << 20))
        {
            var before = GC.CollectionCount(0); // entering may collect once, to make room
            region.Holds.Should().BeTrue();
            GCSettings.LatencyMode.Should().Be(GCLatencyMode.NoGCRegion);
            var garbage = 0L;
            for (var i = 0; i < 1000; i++)
                garbage += new byte[10_000].Length; // 10 MB of short-lived garbage
            garbage.Should().Be(10_000_000);
            GC.CollectionCount(0).Should().Be(before, "no collection runs inside the region");
        }

        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion);
    }

    [Fact]
    public void Inspecting_a_large_dist_runs_no_collection_between_reading_and_checking()
    {
        // test.runsettings gives this host a 4 MiB gen0: without the region the inspection below collects several times.
        Environment.GetEnvironmentVariable("DOTNET_GCgen0size").Should().Be("0x400000", "the test can only tell a region from none with a small gen0");
        using var scenario = new InspectionScenario { Sdist = null };
        var random = new Random(3);
        for (var i = 0; i < 12_000; i++)
            scenario.Wheel!.Add($"demo/m{i:D4}.py", $"value = {random.NextInt64()}\n" + new string('#', random.Next(200)));
        scenario.WriteFiles();
        _ = WheelInspection.Inspect(scenario.Dist, scenario.Root / "pyproject.toml", null); // the first run compiles
        // Start with an empty gen0: what the first run (or another thread) left in its budget must not bring on a
        // collection of its own before the region opens, which made this count 2 now and then.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.CollectionCount(0);

        var report = WheelInspection.Inspect(scenario.Dist, scenario.Root / "pyproject.toml", null);

        report.Files.Single().Entries.Should().BeGreaterThan(12_000);
        (GC.CollectionCount(0) - before).Should().BeLessThanOrEqualTo(1, "at most the one collection that makes room for the region");
        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion, "the region ends with the inspection");
    }

    [Fact]
    public void A_region_that_runs_out_of_budget_ends_quietly()
    {
        var region = NoGcRegion.Enter(1L << 20);
        var kept = new List<byte[]>();
        for (var i = 0; i < 100; i++)
            kept.Add(new byte[100_000]); // 10 MB: past the 1 MB announced

        region.Holds.Should().BeFalse();
        region.Invoking(r => r.Dispose()).Should().NotThrow();
        kept.Should().HaveCount(100);
    }

    [Fact]
    public void A_region_inside_another_leaves_the_outer_one_alone()
    {
        using var outer = NoGcRegion.Enter(256L << 20);
        using (var inner = NoGcRegion.Enter(1L << 20))
            inner.Holds.Should().BeFalse();

        outer.Holds.Should().BeTrue("the inner region did not end the outer one");
    }

    [Fact]
    public void A_budget_the_runtime_cannot_promise_means_collecting_as_usual()
    {
        using var region = NoGcRegion.Enter(long.MaxValue);
        region.Holds.Should().BeTrue("the budget is capped at MaxBudget, which the runtime can promise");

        NoGcRegion.BudgetFor(36L << 20).Should().Be((32L << 20) + (72L << 20));
    }
}
