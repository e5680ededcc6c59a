namespace Wheelhouse.Engine;

/// <summary>A full path with NUKE's <c>/</c> operator: <c>RootDirectory / "dist"</c>.</summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string path;

    private AbsolutePath(string path) => this.path = path;

    public static AbsolutePath Create(string path)
    {
        if (!Path.IsPathFullyQualified(path))
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        var full = Path.GetFullPath(path);
        var trimmed = full.Length > Path.GetPathRoot(full)!.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        return new AbsolutePath(trimmed);
    }

    public static AbsolutePath operator /(AbsolutePath left, string right) => Create(Path.Combine(left.path, right));

    public static implicit operator string(AbsolutePath path) => path.path;

    public string Name => Path.GetFileName(path);
    public AbsolutePath? Parent => Path.GetDirectoryName(path) is { } parent ? new AbsolutePath(parent) : null;
    public bool Exists() => File.Exists(path) || Directory.Exists(path);
    public bool DirectoryExists() => Directory.Exists(path);
    public bool FileExists() => File.Exists(path);

    /// <summary>True when this path is <paramref name="other"/> or lies below it.</summary>
    public bool IsWithin(AbsolutePath other)
    {
        var relative = Path.GetRelativePath(other.path, path);
        var goesUp = relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith(".." + Path.AltDirectorySeparatorChar, StringComparison.Ordinal);
        return relative == "." || (!goesUp && !Path.IsPathRooted(relative));
    }

    public string RelativeTo(AbsolutePath other) => Path.GetRelativePath(other.path, path);

    public override string ToString() => path;
    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(path, other.path, StringComparison.Ordinal);
    public override bool Equals(object? obj) => Equals(obj as AbsolutePath);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(path);
}
