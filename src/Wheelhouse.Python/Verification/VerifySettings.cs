using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// The project's own settings for VerifyInstall, from pyproject.toml's <c>[tool.wheelhouse.verify]</c> table:
/// <list type="bullet">
/// <item><c>tests</c>: the smoke-test paths (files or folders, relative to the project root) run against the installed package;</item>
/// <item><c>compare-source</c>: whether the installed plugin's API is compared with the source tree's (default true);</item>
/// <item><c>source-roots</c>: the folders the project's top-level modules are found in (default <c>["src", "."]</c>).</item>
/// </list>
/// A missing table gives no smoke tests and the defaults.
/// </summary>
public sealed record VerifySettings(IReadOnlyList<string> Tests, bool CompareSource, IReadOnlyList<string> SourceRoots, bool Declared)
{
    public const string Table = "[tool.wheelhouse.verify]";

    public static readonly IReadOnlyList<string> DefaultSourceRoots = ["src", "."];

    public static VerifySettings Default { get; } = new([], true, DefaultSourceRoots, false);

    private static readonly string[] Keys = ["tests", "compare-source", "source-roots"];

    /// <summary>The settings of the project in <paramref name="projectDirectory"/>; a bad table is a BuildException naming the key and what to write.</summary>
    public static VerifySettings Read(AbsolutePath projectDirectory)
    {
        var path = projectDirectory / "pyproject.toml";
        if (!path.FileExists())
            return Default;
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? new TomlTable();
        }
        catch (Exception e) when (e is not BuildException)
        {
            throw new BuildException($"{path} is not valid TOML: {e.Message.Split('\n')[0]}. Fix the file.");
        }

        if (Child(document, "tool") is not { } tool || Child(tool, "wheelhouse") is not { } wheelhouse || !wheelhouse.TryGetValue("verify", out var value))
            return Default;
        if (value is not TomlTable table)
            throw new BuildException($"{path}: tool.wheelhouse.verify must be a table ({Table} with tests = [\"tests/smoke\"]).");

        var unknown = table.Keys.Where(k => !Keys.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            throw new BuildException($"{path}: {Table} has unknown key(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; the keys are {string.Join(", ", Keys)}.");

        var tests = Paths(path, table, "tests", projectDirectory, mustExist: true) ?? [];
        var roots = Paths(path, table, "source-roots", projectDirectory, mustExist: false) ?? DefaultSourceRoots;
        var compare = true;
        if (table.TryGetValue("compare-source", out var c))
            compare = c is bool flag ? flag : throw new BuildException($"{path}: compare-source in {Table} must be true or false, not {Describe(c)}.");
        return new VerifySettings(tests, compare, roots, true);
    }

    private static TomlTable? Child(TomlTable parent, string key) => parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    /// <summary>A list of paths inside the project, written with forward slashes; each must exist when <paramref name="mustExist"/>.</summary>
    private static IReadOnlyList<string>? Paths(AbsolutePath file, TomlTable table, string key, AbsolutePath projectDirectory, bool mustExist)
    {
        if (!table.TryGetValue(key, out var value))
            return null;
        if (value is not TomlArray array || array.Any(item => item is not string))
            throw new BuildException($"{file}: {key} in {Table} must be a list of paths relative to the project root, like {key} = [\"{(key == "tests" ? "tests/smoke" : "src")}\"], not {Describe(value)}.");
        var paths = new List<string>();
        foreach (var item in array.Cast<string>())
        {
            var relative = item.Replace('\\', '/').Trim();
            var full = Path.GetFullPath(Path.Combine(projectDirectory, relative));
            var root = Path.GetFullPath(projectDirectory);
            var inside = full == root || full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (relative.Length == 0 || Path.IsPathRooted(relative) || !inside)
                throw new BuildException($"{file}: {key} in {Table} has '{item}'; give paths relative to the project root, inside it.");
            if (mustExist && !File.Exists(full) && !Directory.Exists(full))
                throw new BuildException($"{file}: {key} in {Table} names '{item}', which does not exist in {projectDirectory}. Fix the path or remove it.");
            paths.Add(relative.TrimEnd('/'));
        }

        return paths;
    }

    private static string Describe(object? value) => value switch
    {
        string s => $"\"{s}\"",
        TomlArray => "a list with other things than strings",
        TomlTable => "a table",
        null => "nothing",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };
}
