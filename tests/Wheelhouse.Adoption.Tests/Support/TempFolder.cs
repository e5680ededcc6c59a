namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>A folder under the system temp folder, removed with everything in it when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose) => Path = Directory.CreateTempSubdirectory($"wheelhouse-adoption-{purpose}-").FullName;

    public string Path { get; }

    /// <summary>A new empty subfolder.</summary>
    public string Folder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
