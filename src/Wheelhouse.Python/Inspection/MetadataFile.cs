namespace Wheelhouse.Python.Inspection;

/// <summary>
/// The "Key: value" header format of core metadata (METADATA, PKG-INFO) and of a wheel's WHEEL file:
/// fields until the first empty line, continuation lines starting with whitespace, fields that may repeat
/// (Classifier, Tag). Keys compare case-insensitively. What follows the headers is the description body.
/// </summary>
public sealed class MetadataFile
{
    private readonly List<KeyValuePair<string, string>> fields;

    private MetadataFile(List<KeyValuePair<string, string>> fields, string body, IReadOnlyList<string> malformed)
    {
        this.fields = fields;
        Body = body;
        MalformedLines = malformed;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;
    public string Body { get; }

    /// <summary>Header lines that are neither "Key: value" nor a continuation.</summary>
    public IReadOnlyList<string> MalformedLines { get; }

    public string? this[string key] => fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    public IReadOnlyList<string> All(string key) =>
        fields.Where(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList();

    public bool Has(string key) => fields.Any(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    public static MetadataFile Parse(string text)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var malformed = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var i = 0;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                i++;
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (fields.Count == 0)
                {
                    malformed.Add(line);
                    continue;
                }

                var last = fields[^1];
                fields[^1] = new(last.Key, last.Value + "\n" + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                malformed.Add(line);
                continue;
            }

            fields.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new MetadataFile(fields, string.Join('\n', lines.Skip(i)), malformed);
    }
}
