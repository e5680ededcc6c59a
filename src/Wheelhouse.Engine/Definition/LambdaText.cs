namespace Wheelhouse.Engine;

/// <summary>Turns the source text of a lambda (from CallerArgumentExpression) into what a user reads.</summary>
internal static class LambdaText
{
    public static string Body(string text)
    {
        var arrow = text.IndexOf("=>", StringComparison.Ordinal);
        var body = arrow >= 0 && text.TrimStart().StartsWith('(') ? text[(arrow + 2)..] : text;
        return string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The member a lambda like <c>() => PypiToken</c> or <c>() => this.Token</c> reads.</summary>
    public static string MemberName(string text)
    {
        var body = Body(text);
        var dot = body.LastIndexOf('.');
        return (dot >= 0 ? body[(dot + 1)..] : body).Trim();
    }
}
