using System.Security.Cryptography;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.Publishing;

/// <summary>One file in dist/ as its name describes it.</summary>
public sealed record DistributionFile(AbsolutePath Path, string FileName, string Kind, string Name, string Version)
{
    public long Size => new FileInfo(Path).Length;

    /// <summary>Hex sha256 of the file's bytes (what PyPI lists as digests.sha256), read in a stream.</summary>
    public string Sha256()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>The distributions in dist/: wheels and sdists, by name. Anything else there is reported and left out.</summary>
public sealed record DistributionSet(AbsolutePath Directory, IReadOnlyList<DistributionFile> Files, IReadOnlyList<string> Unrecognised)
{
    /// <summary>The project name of the first file (they are checked to agree by <see cref="PublishGuards"/>).</summary>
    public string Name => Files[0].Name;

    public string Version => Files[0].Version;

    /// <summary>Wheels by name, then the sdist (uv's order, which the uploader keeps): a release cut short lacks its sdist, not its wheels.</summary>
    public IReadOnlyList<string> UploadOrder => Files.OrderBy(f => f.Kind == "sdist" ? 1 : 0).ThenBy(f => f.FileName, StringComparer.Ordinal).Select(f => (string)f.Path).ToList();

    public static DistributionSet Read(AbsolutePath directory)
    {
        if (!directory.DirectoryExists())
            throw new BuildException($"{directory} does not exist, so there is nothing to publish. Build first: ./build.sh Build (the publish targets build and inspect before they upload unless --skip is given).");
        var files = new List<DistributionFile>();
        var unrecognised = new List<string>();
        foreach (var path in System.IO.Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var fileName = System.IO.Path.GetFileName(path);
            if (WheelFileName.TryParse(fileName) is { } wheel)
                files.Add(new DistributionFile(AbsolutePath.Create(path), fileName, "bdist_wheel", wheel.Name, wheel.Version));
            else if (SdistFileName.TryParse(fileName) is { } sdist)
                files.Add(new DistributionFile(AbsolutePath.Create(path), fileName, "sdist", sdist.Name, sdist.Version));
            else if (!Attestations.AttestationFiles.IsAttestation(fileName)) // attestations travel with their distribution
                unrecognised.Add(fileName);
        }

        if (files.Count == 0)
            throw new BuildException(
                $"{directory} holds no wheel (.whl) or sdist (.tar.gz){(unrecognised.Count > 0 ? $" (only: {string.Join(", ", unrecognised)})" : "")}, so there is nothing to publish. " +
                "Build first: ./build.sh Build.");
        return new DistributionSet(directory, files, unrecognised);
    }
}
