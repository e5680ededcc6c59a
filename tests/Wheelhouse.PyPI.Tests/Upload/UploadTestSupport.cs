using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Spectre.Console;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Upload;
using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>A temp folder removed after the test.</summary>
public sealed class UploadTemp : IDisposable
{
    public UploadTemp() => Path = Directory.CreateTempSubdirectory("wheelhouse-upload-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Builds wheels and sdists with chosen metadata, the way build backends lay them out.</summary>
public static class Distributions
{
    public static string Metadata(string name = "demo-pkg", string version = "1.0.0", string metadataVersion = "2.1", string extraHeaders = "", string body = "# Demo\n\nA demo package.\n") =>
        $"Metadata-Version: {metadataVersion}\nName: {name}\nVersion: {version}\nSummary: A demo package\n{extraHeaders}" + (body.Length > 0 ? "\n" + body : "");

    public static string Wheel(string folder, string metadata, string name = "demo_pkg", string version = "1.0.0", string tags = "py3-none-any", long padding = 0, bool storePadding = true)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}-{version}-{tags}.whl");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string entry, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }

        Add($"{name.Replace('-', '_')}/__init__.py", "__version__ = \"" + version + "\"\n");
        if (padding > 0)
        {
            using var stream = zip.CreateEntry($"{name}/data.bin", storePadding ? CompressionLevel.NoCompression : CompressionLevel.Fastest).Open();
            var block = new byte[1 << 20];
            var random = new Random(42);
            for (long written = 0; written < padding; written += block.Length)
            {
                random.NextBytes(block);
                stream.Write(block, 0, (int)Math.Min(block.Length, padding - written));
            }
        }

        var info = $"{name}-{version}.dist-info";
        Add($"{info}/METADATA", metadata);
        Add($"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: " + tags + "\n");
        Add($"{info}/RECORD", "");
        return path;
    }

    public static string Sdist(string folder, string pkgInfo, string name = "demo_pkg", string version = "1.0.0")
    {
        Directory.CreateDirectory(folder);
        var stem = $"{name}-{version}";
        var path = Path.Combine(folder, stem + ".tar.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        void Add(string entry, string text)
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entry) { DataStream = new MemoryStream(bytes) });
        }

        Add($"{stem}/pyproject.toml", "[project]\nname = \"" + name + "\"\n");
        Add($"{stem}/src/{name}/__init__.py", "");
        Add($"{stem}/PKG-INFO", pkgInfo);
        return path;
    }
}

/// <summary>A logger of its own for a test (given to the uploader through <see cref="UploadOptions.Logger"/>), and the lines it got.</summary>
public sealed class LogCapture : IDisposable
{
    private readonly List<string> lines = [];
    private readonly Logger logger;

    public LogCapture() => logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Collector(this)).CreateLogger();

    public ILogger Logger => logger;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
                return lines.ToList();
        }
    }

    public string Text => string.Join("\n", Lines);

    public void Dispose() => logger.Dispose();

    private sealed class Collector(LogCapture capture) : ILogEventSink
    {
        // As the build's console and file sinks render: strings without quotes.
        private static readonly Serilog.Formatting.Display.MessageTemplateTextFormatter Formatter = new("[{Level}] {Message:lj}{Exception}", System.Globalization.CultureInfo.InvariantCulture);

        public void Emit(LogEvent logEvent)
        {
            var writer = new StringWriter();
            Formatter.Format(logEvent, writer);
            lock (capture.lines)
                capture.lines.Add(writer.ToString());
        }
    }
}

/// <summary>Upload settings for tests: fast retries, no live progress bar, the table into a string.</summary>
public static class TestOptions
{
    public static (UploadOptions Options, StringWriter Console) Create(TimeSpan? requestTimeout = null, int maxAttempts = 5, LogCapture? log = null)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return (new UploadOptions
        {
            MaxAttempts = maxAttempts,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            ShowProgress = false,
            Random = new Random(7),
            Console = console,
            Logger = log?.Logger ?? Serilog.Core.Logger.None,
        }, writer);
    }
}

[CollectionDefinition(Name)]
public sealed class BuiltEvalcheckCollection : ICollectionFixture<BuiltEvalcheck>
{
    public const string Name = "Built evalcheck for uploads";
}

/// <summary>The real evalcheck sdist and wheel, built once with the real frontend from a copy of the plugin in a temp folder.</summary>
public sealed class BuiltEvalcheck : IDisposable
{
    private readonly UploadTemp temp = new();
    private readonly Lazy<Task<IReadOnlyList<string>>> files;

    public BuiltEvalcheck() => files = new(BuildAsync);

    /// <summary>The version in the plugin's pyproject.toml, so bumping the plugin changes nothing here.</summary>
    public string Version { get; } = PyProject.Load(Path.Combine(RepositoryRoot(), "pyproject.toml")).Version
        ?? throw new InvalidOperationException("The plugin's pyproject.toml has no static version.");

    public Task<IReadOnlyList<string>> FilesAsync() => files.Value;

    /// <summary>A fresh copy of the built files in their own folder (tests that must not share a path).</summary>
    public async Task<IReadOnlyList<string>> CopyAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var copies = new List<string>();
        foreach (var file in await FilesAsync())
        {
            var copy = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            copies.Add(copy);
        }

        return copies;
    }

    private async Task<IReadOnlyList<string>> BuildAsync()
    {
        var root = RepositoryRoot();
        var project = temp.Combine("project");
        foreach (var file in new[] { "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE" })
        {
            Directory.CreateDirectory(project);
            File.Copy(Path.Combine(root, file), Path.Combine(project, file));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(root, "src", "evalcheck"), "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__")))
        {
            var destination = Path.Combine(project, Path.GetRelativePath(root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        // Not isolated: Debian's hatchling builds it, as twine's peers here expect, whether or not PyPI answers.
        var built = await PackageBuilder.BuildAsync(AbsolutePath.Create(project), AbsolutePath.Create(temp.Combine("dist")), "/usr/bin/python3", BuildIsolation.NotIsolated);
        built.Select(p => p.Name).Should().BeEquivalentTo($"evalcheck-{Version}.tar.gz", $"evalcheck-{Version}-py3-none-any.whl");
        return built.Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wheelhouse.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Wheelhouse.sln not found above the test assembly.");
    }

    public void Dispose() => temp.Dispose();
}
