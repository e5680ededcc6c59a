namespace Wheelhouse.Python.ApiGate;

/// <summary>Whether a change breaks users' suites (needs a MAJOR release) or adds to the API (a MINOR one).</summary>
public enum ApiChangeSeverity
{
    Addition,
    Breaking,
}

/// <summary>
/// One change between two versions of a plugin's public API, in one line. <see cref="Id"/> names it for the allow list in
/// pyproject.toml (<c>fixture-removed:tmp_cache</c>): the kind of change, a colon, and the item.
/// </summary>
/// <param name="Kind">The kind of change: fixture-removed, option-default-changed, marker-added, ...</param>
/// <param name="Item">The fixture, marker, ini key, option flag, hookspec or entry point it is about.</param>
/// <param name="Text">What changed, for people: "fixture 'tmp_cache' removed".</param>
public sealed record ApiChange(ApiChangeSeverity Severity, string Kind, string Item, string Text)
{
    public string Id => $"{Kind}:{Item}";

    public override string ToString() => $"{(Severity == ApiChangeSeverity.Breaking ? "breaking" : "addition")}: {Text}";
}
