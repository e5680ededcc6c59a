namespace Wheelhouse.Python.Tests;

/// <summary>A folder for one test's inputs, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("wheelhouse-python-").FullName;

    public string Path { get; }

    public Engine.AbsolutePath Absolute => Engine.AbsolutePath.Create(Path);

    public string Write(string relative, string content)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>The repository's root, found from the test assembly's folder.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Wheelhouse.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Wheelhouse.sln not found above the test assembly.");
    }
}
