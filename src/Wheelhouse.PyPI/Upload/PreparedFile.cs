using Wheelhouse.Python;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.Upload;

/// <summary>A distribution ready to upload: where it is, what it is, its digests, and the form fields that describe it.</summary>
internal sealed record PreparedFile(string Path, string FileName, bool IsSdist, string Project, string Version, FileDigests Digests, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public long Size => Digests.Size;

    public static async Task<PreparedFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var fileName = System.IO.Path.GetFileName(path);
        if (Directory.Exists(path))
            throw new BuildException($"{path} is a folder; give the distribution files in it (the sdist and wheels in dist/).");
        if (!File.Exists(path))
            throw new BuildException($"{path} does not exist; there is nothing to upload. Run ./build.sh Build to make the sdist and wheel in dist/.");

        string fileType, pythonVersion, fileProject, fileVersion;
        if (DistributionReader.IsWheel(fileName))
        {
            var wheel = WheelFileName.TryParse(fileName)
                        ?? throw new BuildException($"{fileName} is not a valid wheel file name ({{name}}-{{version}}(-{{build}})?-{{python}}-{{abi}}-{{platform}}.whl); indexes refuse it. Rebuild with ./build.sh Build.");
            (fileType, pythonVersion, fileProject, fileVersion) = (UploadForm.WheelType, wheel.PythonTag, wheel.Name, wheel.Version);
        }
        else if (DistributionReader.IsSdist(fileName))
        {
            var sdist = SdistFileName.TryParse(fileName)
                        ?? throw new BuildException($"{fileName} is not a valid sdist file name ({{name}}-{{version}}.tar.gz); indexes refuse it. Rebuild with ./build.sh Build.");
            (fileType, pythonVersion, fileProject, fileVersion) = (UploadForm.SdistType, "source", sdist.Name, sdist.Version);
        }
        else
        {
            throw new BuildException($"{fileName} is neither a wheel (.whl) nor an sdist (.tar.gz); indexes accept only these. Upload the files ./build.sh Build writes to dist/.");
        }

        var metadata = await Task.Run(() => DistributionMetadata.Read(path, cancellationToken), cancellationToken);
        var project = metadata.Metadata["Name"]?.Trim() ?? "";
        var version = metadata.Metadata["Version"]?.Trim() ?? "";
        if (project.Length > 0 && !ProjectName.Same(project, fileProject))
            throw new BuildException($"{fileName} is named for '{fileProject}' but its {metadata.MemberName} says Name: {project}; indexes refuse such a file. Rebuild it with ./build.sh Build.");
        if (version.Length > 0 && version != fileVersion && !DistributionNames.SameVersion(version, fileVersion))
            throw new BuildException($"{fileName} is named for version {fileVersion} but its {metadata.MemberName} says Version: {version}; indexes refuse such a file. Rebuild it with ./build.sh Build.");

        var digests = await FileDigests.ComputeAsync(path, cancellationToken);
        var fields = UploadForm.Fields(fileName, metadata, fileType, pythonVersion, digests);
        return new PreparedFile(path, fileName, fileType == UploadForm.SdistType, project, version, digests, fields);
    }
}
