namespace Wheelhouse.Engine.Logging;

/// <summary>Replaces every known secret value in a text with ***.</summary>
public sealed class SecretMasker
{
    private readonly List<string> secrets = [];

    public void Add(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secrets.Contains(secret))
            return;
        secrets.Add(secret);
        secrets.Sort((a, b) => b.Length.CompareTo(a.Length)); // longest first, so a secret inside another is not half-masked
    }

    public bool IsEmpty => secrets.Count == 0;

    public string Mask(string text)
    {
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
