using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>A local index on a fresh temp folder, removed when disposed.</summary>
internal sealed class TestIndex : IAsyncDisposable
{
    public const string Token = "pypi-local-test-token";

    private readonly bool keepDirectory;

    private TestIndex(LocalIndexServer server, string directory, bool keepDirectory)
    {
        Server = server;
        Directory = directory;
        this.keepDirectory = keepDirectory;
    }

    public LocalIndexServer Server { get; }
    public string Directory { get; }
    public Uri Upload => Server.Index.UploadUrl;

    public static async Task<TestIndex> StartAsync(Func<LocalIndexOptions, LocalIndexOptions>? configure = null, string? directory = null, bool keepDirectory = false)
    {
        directory ??= TempDirectory.Create("local-index");
        var options = new LocalIndexOptions { StorageDirectory = directory, ApiTokens = [Token] };
        var server = await LocalIndexServer.StartAsync(configure?.Invoke(options) ?? options);
        return new TestIndex(server, directory, keepDirectory);
    }

    public HttpClient Client(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (!keepDirectory)
            TempDirectory.Delete(Directory);
    }
}

/// <summary>Waiting on something a test observes, instead of guessing how long it takes.</summary>
internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/>; fails if <paramref name="running"/> ends first or a minute passes (a hang, not load).</summary>
    public static async Task UntilAsync(Func<bool> condition, Task running, string what)
    {
        var limit = Stopwatch.StartNew();
        while (!condition())
        {
            if (running.IsCompleted)
                throw new InvalidOperationException($"The operation ended ({running.Status}) before {what}.", running.Exception);
            if (limit.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException($"Waited a minute for {what}.");
            await Task.Delay(10);
        }
    }
}

internal static class TempDirectory
{
    public static string Create(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wheelhouse-{purpose}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
                System.IO.Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Builds upload requests the way twine does: multipart fields, then the file as <c>content</c>.</summary>
internal static class UploadRequest
{
    public static string Basic(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>The fields twine sends for a file, from its bytes; <paramref name="change"/> edits them before sending.</summary>
    public static HttpRequestMessage For(Uri uploadUrl, TestDist dist, Action<List<KeyValuePair<string, string>>>? change = null,
        string? password = TestIndex.Token, string user = "__token__")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new(":action", "file_upload"),
            new("protocol_version", "1"),
            new("metadata_version", "2.1"),
            new("name", dist.Name),
            new("version", dist.Version),
            new("filetype", dist.FileType),
            new("pyversion", dist.FileType == "sdist" ? "source" : "py3"),
            new("summary", "A test distribution"),
            new("requires_python", ">=3.10"),
            new("md5_digest", dist.Md5),
            new("sha256_digest", dist.Sha256),
            new("blake2_256_digest", dist.Blake2b256),
        };
        change?.Invoke(fields);
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        var file = new ByteArrayContent(dist.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "content", dist.FileName);
        var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = content };
        if (password != null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(user, password));
        return request;
    }

    public static void Set(this List<KeyValuePair<string, string>> fields, string name, string? value)
    {
        fields.RemoveAll(f => f.Key == name);
        if (value != null)
            fields.Add(new(name, value));
    }
}

/// <summary>A small wheel or sdist made in memory, with its digests.</summary>
internal sealed record TestDist(string Name, string Version, string FileName, string FileType, byte[] Bytes)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));
    public string Md5 => Convert.ToHexStringLower(MD5.HashData(Bytes));

    public string Blake2b256
    {
        get
        {
            using var blake = new HMACBlake2B(256);
            return Convert.ToHexStringLower(blake.ComputeHash(Bytes));
        }
    }

    public static TestDist Wheel(string name, string version, string salt = "", string? fileName = null)
    {
        var stem = $"{name.Replace('-', '_')}-{version}";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, $"{name.Replace('-', '_')}/__init__.py", $"# {salt}\n");
            Add(zip, $"{stem}.dist-info/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nRequires-Python: >=3.10\n\n");
            Add(zip, $"{stem}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            Add(zip, $"{stem}.dist-info/RECORD", "");
        }

        return new TestDist(name, version, fileName ?? $"{stem}-py3-none-any.whl", "bdist_wheel", buffer.ToArray());
    }

    public static TestDist Sdist(string name, string version, string salt = "", string? fileName = null)
    {
        var stem = $"{name.Replace('-', '_').ToLowerInvariant()}-{version}";
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            AddTar(tar, $"{stem}/PKG-INFO", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n");
            AddTar(tar, $"{stem}/pyproject.toml", $"# {salt}\n");
        }

        return new TestDist(name, version, fileName ?? $"{stem}.tar.gz", "sdist", buffer.ToArray());
    }

    private static void Add(ZipArchive zip, string path, string text)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static void AddTar(TarWriter tar, string path, string text) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
}

/// <summary>Runs Debian's twine and pip with a clean environment (no PIP_* or TWINE_* from this machine; secrets only in the environment).</summary>
internal static class PythonTools
{
    public const string Python = "/usr/bin/python3";

    public static bool Available => File.Exists(Python) && File.Exists("/usr/bin/twine");

    public static Task<(int ExitCode, string Output)> TwineUploadAsync(Uri repositoryUrl, string password, IEnumerable<string> files, string user = "__token__") =>
        RunAsync(Python, ["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", repositoryUrl.ToString(), .. files],
            new Dictionary<string, string> { ["TWINE_USERNAME"] = user, ["TWINE_PASSWORD"] = password });

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("TWINE_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        start.Environment["PIP_NO_INPUT"] = "1";
        start.Environment["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in time.\n{await stdout}{await stderr}");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}

/// <summary>The repository's own plugin, built once (sdist and wheel) into a temp folder from a copy of its sources.</summary>
public sealed class PluginDistributions : IAsyncLifetime
{
    private string? workDirectory;

    public string Wheel { get; private set; } = "";
    public string Sdist { get; private set; } = "";
    /// <summary>The version in the copied pyproject.toml (the wheel's file name says it too), so bumping the plugin changes nothing here.</summary>
    public string Version { get; private set; } = "";
    public string WorkDirectory => workDirectory!;

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        workDirectory = TempDirectory.Create("plugin-dist");
        var project = Path.Combine(workDirectory, "project");
        Directory.CreateDirectory(project);
        foreach (var file in new[] { "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE" })
            File.Copy(Path.Combine(root, file), Path.Combine(project, file));
        CopyDirectory(Path.Combine(root, "src", "evalcheck"), Path.Combine(project, "src", "evalcheck"));
        Version = PyProject.Load(Path.Combine(project, "pyproject.toml")).Version
            ?? throw new InvalidOperationException("The plugin's pyproject.toml has no static version.");
        var dist = Path.Combine(workDirectory, "dist");
        // Not isolated: the installed backend builds it, so whether PyPI answers changes nothing.
        var built = await PackageBuilder.BuildAsync(AbsolutePath.Create(project), AbsolutePath.Create(dist), null, BuildIsolation.NotIsolated);
        Wheel = built.Single(f => f.Name == $"evalcheck-{Version}-py3-none-any.whl");
        Sdist = built.Single(f => f.Name == $"evalcheck-{Version}.tar.gz");
    }

    public Task DisposeAsync()
    {
        if (workDirectory != null)
            TempDirectory.Delete(workDirectory);
        return Task.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "pyproject.toml")) && Directory.Exists(Path.Combine(directory.FullName, "src", "evalcheck")))
                return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (pyproject.toml and src/evalcheck) was not found above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            if (!file.EndsWith(".pyc", StringComparison.Ordinal))
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("__pycache__" or ".pytest_cache") && !name.EndsWith(".egg-info", StringComparison.Ordinal))
                CopyDirectory(directory, Path.Combine(to, name));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PluginDistributionsCollection : ICollectionFixture<PluginDistributions>
{
    public const string Name = "Local index with the plugin's distributions";
}
