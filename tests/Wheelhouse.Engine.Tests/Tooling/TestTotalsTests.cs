using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Engine.Tests.Tooling;

public class TestTotalsTests
{
    [Fact]
    public void The_closing_line_reads_passed_failed_skipped()
    {
        new TestTotals(12, 0, 1).ToString().Should().Be("12 passed, 0 failed, 1 skipped");
    }

    [Fact]
    public void Totals_add_up_count_by_count()
    {
        (TestTotals.None + new TestTotals(3, 1, 2) + new TestTotals(4, 0, 5)).Should().Be(new TestTotals(7, 1, 7));
    }
}
