namespace Wheelhouse.Python.Inspection;

/// <summary>What kind of path is to be kept out of an sdist, which decides how each backend's configuration spells it.</summary>
public enum ExcludedKind
{
    /// <summary>A folder and everything below it (<c>build</c>, <c>.nuke</c>).</summary>
    Folder,

    /// <summary>One file at the project root (<c>build.sh</c>).</summary>
    RootFile,

    /// <summary>Files with this extension anywhere (<c>.cs</c>).</summary>
    Extension,

    /// <summary>Compiled Python: *.pyc, *.pyo and __pycache__ folders anywhere.</summary>
    Compiled,
}

/// <summary>A path to keep out of an sdist, relative to the project root with '/'; for <see cref="ExcludedKind.Compiled"/> the text is unused.</summary>
public sealed record ExcludedPath(ExcludedKind Kind, string Text);

/// <summary>
/// How to keep a path out of the sdist with the project's own build backend: the lines to add, the file (and TOML table)
/// they go in, or, for a backend whose sdist holds only what it is told to include, what to take out instead. Each way
/// was tried with the backend: setuptools reads MANIFEST.in after its file finders (setuptools-scm's included), hatchling
/// takes gitignore-style patterns, flit_core globs relative to the root, and poetry-core's exclude never overrides its include.
/// </summary>
/// <param name="Backend">The backend's name as users know it (setuptools), or its module when it is not one of these.</param>
/// <param name="File">The file the setting goes in (MANIFEST.in, pyproject.toml); null when there is nothing to add.</param>
/// <param name="Table">The TOML table of the setting; null for MANIFEST.in.</param>
/// <param name="Key">The TOML key whose list takes <paramref name="Patterns"/>; null for MANIFEST.in, whose patterns are whole lines.</param>
/// <param name="Patterns">What to add: the list's items, or MANIFEST.in's lines.</param>
public sealed record SdistExclusion(string Backend, string? File, string? Table, string? Key, IReadOnlyList<string> Patterns)
{
    /// <summary>What to do when there is nothing to add (poetry-core, an unknown backend).</summary>
    public string? Instead { get; init; }

    /// <summary>The advice as one clause: "add `prune build` to MANIFEST.in (setuptools)".</summary>
    public string Text =>
        Instead ?? (Key is null
            ? $"add {string.Join(", ", Patterns.Select(l => $"`{l}`"))} to {File} ({Backend})"
            : $"add `{Key} = [{string.Join(", ", Patterns.Select(p => $"\"{p}\""))}]` under [{Table}] in {File} ({Backend}; merge it with a list already there)");

    public static SdistExclusion For(string? buildBackend, ExcludedPath path)
    {
        var module = (buildBackend ?? "").Split(':')[0].Trim();
        return module switch
        {
            "setuptools.build_meta" => new("setuptools", "MANIFEST.in", null, null, [path.Kind switch
            {
                ExcludedKind.Folder => $"prune {path.Text}",
                ExcludedKind.RootFile => $"exclude {path.Text}",
                ExcludedKind.Extension => $"global-exclude *{path.Text}",
                _ => "global-exclude *.py[cod]",
            }]),
            "hatchling.build" => new("hatchling", "pyproject.toml", "tool.hatch.build.targets.sdist", "exclude", path.Kind switch
            {
                ExcludedKind.Folder or ExcludedKind.RootFile => ["/" + path.Text],
                ExcludedKind.Extension => ["*" + path.Text],
                _ => ["__pycache__", "*.py[cod]"],
            }),
            "flit_core.buildapi" => new("flit_core", "pyproject.toml", "tool.flit.sdist", "exclude", path.Kind switch
            {
                ExcludedKind.Folder => [path.Text + "/"],
                ExcludedKind.RootFile => [path.Text],
                ExcludedKind.Extension => ["**/*" + path.Text],
                _ => ["**/__pycache__/", "**/*.py[cod]"],
            }),
            "poetry.core.masonry.api" => new("poetry-core", null, null, null, [])
            {
                Instead = "poetry-core puts in an sdist only the packages and what [tool.poetry] include lists, and its exclude does not override include: " +
                          $"take {Describe(path)} out of include (or packages) in pyproject.toml",
            },
            _ => new(module.Length > 0 ? module : "the build backend", null, null, null, [])
            {
                Instead = $"exclude {Describe(path)} from the sdist in the configuration of the build backend{(module.Length > 0 ? $" ({module})" : "")}",
            },
        };
    }

    private static string Describe(ExcludedPath path) => path.Kind switch
    {
        ExcludedKind.Folder => path.Text + "/",
        ExcludedKind.RootFile => path.Text,
        ExcludedKind.Extension => "*" + path.Text,
        _ => "*.pyc and __pycache__/",
    };
}
