using System.Reflection;
using Wheelhouse.Engine.Execution;

namespace Wheelhouse.Engine.Tests.Execution;

public class ErrorTextTests
{
    [Fact]
    public void A_build_exception_reads_as_its_message()
    {
        ErrorText.Of(new BuildException("Set --configuration.")).Should().Be("Set --configuration.");
    }

    [Fact]
    public void Other_exceptions_are_named_by_their_type()
    {
        ErrorText.Of(new InvalidOperationException("bad state")).Should().Be("InvalidOperationException: bad state");
    }

    [Fact]
    public void Wrappers_with_one_inner_exception_are_unwrapped()
    {
        ErrorText.Of(new AggregateException(new BuildException("inner"))).Should().Be("inner");
        ErrorText.Of(new TargetInvocationException(new BuildException("inner"))).Should().Be("inner");
        ErrorText.Of(new AggregateException(new BuildException("a"), new BuildException("b"))).Should().StartWith("AggregateException: ");
    }

    [Theory]
    [InlineData(0, "0:00.00")]
    [InlineData(420, "0:00.42")]
    [InlineData(67_000, "1:07.00")]
    [InlineData(3_725_990, "62:05.99")]
    public void Durations_read_as_minutes_seconds_and_hundredths(int milliseconds, string text)
    {
        DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)).Should().Be(text);
    }
}
