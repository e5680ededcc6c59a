namespace Wheelhouse.Engine;

/// <summary>Turns the source text of a lambda (from CallerArgumentExpression) into what a user reads.</summary>
internal static class LambdaText
{
    public static string Body(string text)
    {
        var head = text.TrimStart();
        if (head.StartsWith("static ", StringComparison.Ordinal))
            head = head["static ".Length..].TrimStart();
        var arrow = head.IndexOf("=>", StringComparison.Ordinal);
        var body = arrow >= 0 && head.StartsWith('(') ? head[(arrow + 2)..] : head;
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
