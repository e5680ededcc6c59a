using Wheelhouse.Engine.Logging;

namespace Wheelhouse.Engine.Tests.Logging;

public class SecretMaskerTests
{
    [Fact]
    public void Every_occurrence_of_a_secret_is_replaced()
    {
        var masker = new SecretMasker();
        masker.Add("hunter2");

        masker.Mask("hunter2 and hunter2!").Should().Be("*** and ***!");
    }

    [Fact]
    public void The_longest_secret_is_masked_first_so_a_secret_inside_another_leaves_nothing_behind()
    {
        var masker = new SecretMasker();
        masker.Add("abc");
        masker.Add("abcdef");

        masker.Mask("x abcdef y abc").Should().Be("x *** y ***");
    }

    [Fact]
    public void Matching_is_case_sensitive()
    {
        var masker = new SecretMasker();
        masker.Add("Token");

        masker.Mask("token Token TOKEN").Should().Be("token *** TOKEN");
    }

    [Fact]
    public void Empty_and_repeated_secrets_are_ignored()
    {
        var masker = new SecretMasker();
        masker.IsEmpty.Should().BeTrue();

        masker.Add("");
        masker.Add(null!);
        masker.IsEmpty.Should().BeTrue();
        masker.Mask("unchanged").Should().Be("unchanged");

        masker.Add("s");
        masker.Add("s");
        masker.IsEmpty.Should().BeFalse();
        masker.Mask("s-s").Should().Be("***-***");
    }
}
