namespace Wheelhouse.Engine;

/// <summary>A condition with the source text it was written as, which doubles as the skip reason.</summary>
public sealed record Condition(Func<bool> Evaluate, string Text)
{
    /// <summary>The text as a reader wants it: without the <c>() =></c> lambda head.</summary>
    public string Reason => LambdaText.Body(Text);
}
