using Wheelhouse.Engine;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.Python;

namespace Wheelhouse.Components;

/// <summary>The embedded PyPI-compatible local package index, run on its own.</summary>
public interface ILocalIndex : IPythonPackage
{
    [Parameter("ServeIndex: the port on 127.0.0.1. Default 0: a free port, printed when the index is ready.")]
    int IndexPort => TryGetValue(() => IndexPort);

    [Parameter("ServeIndex: the folder holding the index's files and project index (kept between runs). Default: .nuke/temp/local-index.")]
    AbsolutePath IndexDirectory => TryGetValue(() => IndexDirectory) ?? TemporaryDirectory / "local-index";

    [Parameter("ServeIndex: the API token uploads must give (user __token__). Default: one generated per run and printed.")]
    [Secret]
    string? IndexToken => TryGetValue(() => IndexToken);

    Target ServeIndex => _ => _
        .Description("Run the local PyPI-compatible index (upload, simple and JSON API) on 127.0.0.1 until Ctrl-C; prints twine and pip commands")
        .Executes(async cancellationToken => await IndexServing.ServeAsync(
            IndexPort,
            IndexDirectory,
            IndexToken,
            (RootDirectory / "pyproject.toml").FileExists() ? PyProject.Load(RootDirectory / "pyproject.toml").Name : null,
            cancellationToken));
}
