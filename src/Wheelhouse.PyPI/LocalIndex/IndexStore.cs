using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wheelhouse.Python;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>One distribution file the index holds, with what the upload said about it.</summary>
internal sealed record StoredFile
{
    public required string Filename { get; init; }
    public required string Version { get; init; }
    /// <summary><c>sdist</c> or <c>bdist_wheel</c>.</summary>
    public required string PackageType { get; init; }
    public required string PythonVersion { get; init; }
    public required long Size { get; init; }
    public required string Sha256 { get; init; }
    public required string Blake2b256 { get; init; }
    public required string Md5 { get; init; }
    public required DateTimeOffset UploadTime { get; init; }
    public string? RequiresPython { get; init; }
    /// <summary>The sha256 of the wheel's METADATA, served beside the file (PEP 658), or null.</summary>
    public string? MetadataSha256 { get; init; }
    /// <summary>The core-metadata form fields of the upload (name → values).</summary>
    public required Dictionary<string, List<string>> Metadata { get; init; }
    /// <summary>The PEP 740 provenance object (JSON) built from the upload's verified attestations, or null.</summary>
    public string? Provenance { get; init; }
}

/// <summary>A project: its display name (as last uploaded) and its files in upload order.</summary>
internal sealed record StoredProject(string Name, IReadOnlyList<StoredFile> Files)
{
    public string NormalizedName => ProjectName.Normalise(Name);
}

/// <summary>
/// The index's files on disk: <c>files/&lt;project&gt;/&lt;filename&gt;</c>, one JSON document per project in
/// <c>projects/&lt;project&gt;.json</c> (written atomically), and <c>incoming/</c> for uploads being received.
/// Readers see immutable snapshots; additions are serialised.
/// </summary>
internal sealed class IndexStore
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ConcurrentDictionary<string, StoredProject> projects = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim commitLock = new(1, 1);

    public IndexStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(ProjectsDirectory);
        Directory.CreateDirectory(FilesDirectory);
        Directory.CreateDirectory(IncomingDirectory);
        foreach (var leftover in Directory.EnumerateFiles(IncomingDirectory))
            TryDelete(leftover);
        foreach (var file in Directory.EnumerateFiles(ProjectsDirectory, "*.json"))
        {
            try
            {
                var project = JsonSerializer.Deserialize<StoredProject>(File.ReadAllText(file), JsonOptions);
                if (project != null)
                    projects[project.NormalizedName] = project with { Files = project.Files ?? [] };
            }
            catch (JsonException e)
            {
                throw new BuildException($"The local index's project file {file} is not valid JSON ({e.Message}). Remove it, or start the index on an empty folder.");
            }
        }
    }

    public string Root { get; }
    private string ProjectsDirectory => Path.Combine(Root, "projects");
    private string FilesDirectory => Path.Combine(Root, "files");
    public string IncomingDirectory => Path.Combine(Root, "incoming");

    public IReadOnlyCollection<StoredProject> Projects => projects.Values.OrderBy(p => p.NormalizedName, StringComparer.Ordinal).ToList();

    public StoredProject? Find(string normalizedName) => projects.GetValueOrDefault(normalizedName);

    public string FilePath(string normalizedName, string filename) => Path.Combine(FilesDirectory, normalizedName, filename);

    public string MetadataPath(string normalizedName, string filename) => FilePath(normalizedName, filename) + ".metadata";

    /// <summary>A file of any project with this name or this blake2b-256 digest (warehouse looks up both).</summary>
    public (StoredProject Project, StoredFile File)? FindFile(string filename, string blake2b256)
    {
        foreach (var project in projects.Values)
        {
            var file = project.Files.FirstOrDefault(f => f.Filename == filename || f.Blake2b256 == blake2b256);
            if (file != null)
                return (project, file);
        }

        return null;
    }

    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await commitLock.WaitAsync(cancellationToken);
        return new Releaser(commitLock);
    }

    /// <summary>Moves a received file (and its extracted METADATA) into place and records it; call under <see cref="LockAsync"/>.</summary>
    public void Add(string projectName, StoredFile file, string receivedPath, string? receivedMetadataPath)
    {
        var normalized = ProjectName.Normalise(projectName);
        var target = FilePath(normalized, file.Filename);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (receivedMetadataPath != null)
            File.Move(receivedMetadataPath, MetadataPath(normalized, file.Filename), overwrite: true);
        File.Move(receivedPath, target, overwrite: true);
        var existing = projects.GetValueOrDefault(normalized);
        var updated = new StoredProject(projectName, [.. existing?.Files ?? [], file]);
        AtomicFile.WriteAllText(Path.Combine(ProjectsDirectory, normalized + ".json"), JsonSerializer.Serialize(updated, JsonOptions));
        projects[normalized] = updated;
    }

    public static void TryDelete(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return;
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                semaphore.Release();
        }
    }
}
