namespace Wheelhouse.Engine.CommandLine;

/// <summary>
/// A parsed command line: target names (before the first option, and after --target) and options with
/// their values (<c>--name v1 v2</c>, <c>--name=v</c>, repeated options add up). Flags such as --plan take no value.
/// </summary>
public sealed record Invocation(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, IReadOnlyList<string>> Options)
{
    public bool Has(string option) => Options.ContainsKey(option);

    public string? Single(string option) =>
        Options.TryGetValue(option, out var values)
            ? values.Count == 1 ? values[0] : throw new BuildException($"Option --{option} takes one value; got {(values.Count == 0 ? "none" : values.Count.ToString())}.")
            : null;

    public static Invocation Parse(IReadOnlyList<string> args)
    {
        var targets = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        List<string>? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2 || arg is "-h" or "-?")
            {
                var text = arg is "-h" or "-?" ? "help" : arg[2..];
                var equals = text.IndexOf('=');
                var name = (equals >= 0 ? text[..equals] : text).ToLowerInvariant();
                if (!options.TryGetValue(name, out current))
                    options[name] = current = [];
                if (BuiltInOptions.Flags.Contains(name))
                {
                    current = null; // a flag takes no value: `--plan Publish` plans Publish
                }
                else if (equals >= 0)
                {
                    current.Add(text[(equals + 1)..]);
                    current = null;
                }
            }
            else if (current != null)
            {
                current.Add(arg);
            }
            else
            {
                targets.Add(arg);
            }
        }

        if (options.Remove("target", out var named))
            targets.AddRange(named);
        return new Invocation(targets, options.ToDictionary(o => o.Key, o => (IReadOnlyList<string>)o.Value, StringComparer.OrdinalIgnoreCase));
    }
}
