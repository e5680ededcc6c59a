using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Wheelhouse.PyPI;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.PyPI.Upload;

// The upload benchmark's harness; bench/upload/upload-200mb.sh runs it. Modes:
//   make DIR MEGABYTES            writes a wheel of about MEGABYTES (one stored entry of random bytes) and a tiny
//                                 warm-up wheel into DIR; prints both paths
//   serve STORAGE                 runs the local index until standard input closes; prints "READY <upload URL>"
//   sink                          a server that reads and discards uploads (the simple API answers 404), until
//                                 standard input closes; prints "READY <upload URL>": the uploader's own speed
//   upload WHEEL WARM (--index-url URL | --in-process STORAGE)
//                                 uploads WARM (JIT, connections), then measures the upload of WHEEL: the peak
//                                 resident memory of this process over its baseline, and the throughput
const string Token = "pypi-bench-token";
const long BoundBytes = 64L << 20;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

switch (args.FirstOrDefault())
{
    case "make" when args.Length == 3:
        Console.WriteLine(MakeWheel(args[1], "bench_upload", long.Parse(args[2]) << 20));
        Console.WriteLine(MakeWheel(args[1], "warm_up", 64 << 10));
        return 0;
    case "serve" when args.Length == 2:
        await using (var server = await StartIndexAsync(args[1]))
        {
            Console.WriteLine($"READY {server.Index.UploadUrl}");
            await Console.In.ReadToEndAsync();
        }

        return 0;
    case "sink" when args.Length == 1:
        await using (var sink = await StartSinkAsync())
        {
            Console.WriteLine($"READY {sink.Urls.First()}/legacy/");
            await Console.In.ReadToEndAsync();
        }

        return 0;
    case "upload" when args.Length == 5 && args[3] is "--index-url" or "--in-process":
        return await MeasureAsync(args[1], args[2], args[3], args[4]);
    default:
        Console.Error.WriteLine("usage: UploadBench make DIR MB | serve STORAGE | upload WHEEL WARM (--index-url URL | --in-process STORAGE)");
        return 2;
}

static Task<LocalIndexServer> StartIndexAsync(string storage) =>
    LocalIndexServer.StartAsync(new LocalIndexOptions { StorageDirectory = storage, ApiTokens = [Token], MaxFileSize = 4L << 30 });

static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartSinkAsync()
{
    var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    Microsoft.AspNetCore.Hosting.WebHostBuilderKestrelExtensions.ConfigureKestrel(builder.WebHost, o =>
    {
        o.Listen(System.Net.IPAddress.Loopback, 0);
        o.Limits.MaxRequestBodySize = null;
    });
    var app = builder.Build();
    Microsoft.AspNetCore.Builder.RunExtensions.Run(app, async context =>
    {
        if (context.Request.Method != "POST")
        {
            context.Response.StatusCode = 404;
            return;
        }

        var buffer = new byte[1 << 16];
        while (await context.Request.Body.ReadAsync(buffer) > 0)
        {
        }
    });
    await app.StartAsync();
    return app;
}

static async Task<int> MeasureAsync(string wheel, string warm, string mode, string where)
{
    await using var server = mode == "--in-process" ? await StartIndexAsync(where) : null;
    var index = server?.Index ?? PackageIndex.FromUploadUrl(where);
    var options = new UploadOptions
    {
        ShowProgress = false,
        Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }),
    };
    var uploader = new Uploader();
    var credentials = UploadCredentials.ForToken(Token);
    var size = new FileInfo(wheel).Length;

    await uploader.UploadAsync(index, credentials, [warm], options, CancellationToken.None);
    // The digest pass alone, timed the second time (the first brings the file into the page cache, which is not
    // this process's memory, and gets the hashing code past the JIT's first tier).
    await FileDigests.ComputeAsync(wheel);
    var digestClock = Stopwatch.StartNew();
    await FileDigests.ComputeAsync(wheel);
    digestClock.Stop();

    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var peakReset = ResetPeak();
    var baseline = Status("VmRSS");
    var sampledPeak = baseline;
    using var stop = new CancellationTokenSource();
    var sampler = new Thread(() =>
    {
        while (!stop.IsCancellationRequested)
        {
            sampledPeak = Math.Max(sampledPeak, Status("VmRSS"));
            Thread.Sleep(5);
        }
    }) { IsBackground = true };
    sampler.Start();

    var clock = Stopwatch.StartNew();
    var report = await uploader.UploadAsync(index, credentials, [wheel], options, CancellationToken.None);
    clock.Stop();
    stop.Cancel();
    sampler.Join();
    var peak = Math.Max(peakReset ? Status("VmHWM") : 0, sampledPeak);
    var growth = peak - baseline;

    var file = report.Files.Single();
    var mib = size / 1048576.0;
    var sending = clock.Elapsed - digestClock.Elapsed;
    Console.WriteLine($"mode        {(server != null ? "index in this process (as in ./build.sh Rehearse)" : "server in another process (the uploader alone)")}");
    Console.WriteLine($"file        {Path.GetFileName(wheel)}, {mib:0.0} MiB, {file.Outcome}, {file.Attempts} attempt(s)");
    Console.WriteLine($"memory      baseline {baseline / 1048576.0:0.0} MiB, peak {peak / 1048576.0:0.0} MiB, growth {growth / 1048576.0:0.0} MiB (bound {BoundBytes >> 20} MiB){(peakReset ? "" : "  [peak sampled every 5 ms: /proc/self/clear_refs not writable]")}");
    Console.WriteLine($"throughput  {mib / clock.Elapsed.TotalSeconds:0.0} MiB/s end to end ({clock.Elapsed.TotalSeconds:0.00} s: check, digests, upload, table)");
    Console.WriteLine($"            digest pass alone {digestClock.Elapsed.TotalSeconds:0.00} s ({mib / digestClock.Elapsed.TotalSeconds:0.0} MiB/s)"
                      + (sending > TimeSpan.FromMilliseconds(50) ? $"; the rest {sending.TotalSeconds:0.00} s (~{mib / sending.TotalSeconds:0.0} MiB/s sending and storing)" : ""));
    if (file.Outcome != UploadOutcome.Uploaded)
    {
        Console.WriteLine("FAIL: the file was not uploaded");
        return 1;
    }

    if (growth >= BoundBytes)
    {
        Console.WriteLine($"FAIL: memory grew by {growth / 1048576.0:0.0} MiB, the bound is {BoundBytes >> 20} MiB");
        return 1;
    }

    return 0;
}

// Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one.
static bool ResetPeak()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return true;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return false;
    }
}

// A /proc/self/status value in bytes (the file gives kB).
static long Status(string key)
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith(key + ":", StringComparison.Ordinal))
            return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0]) * 1024;
    }

    throw new InvalidOperationException($"{key} not in /proc/self/status (Linux only)");
}

static string MakeWheel(string folder, string name, long bytes)
{
    Directory.CreateDirectory(folder);
    var path = Path.Combine(folder, $"{name}-1.0.0-py3-none-any.whl");
    using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
    using (var stream = zip.CreateEntry($"{name}/data.bin", CompressionLevel.NoCompression).Open())
    {
        var block = new byte[1 << 20];
        var random = new Random(42);
        for (long written = 0; written < bytes; written += block.Length)
        {
            random.NextBytes(block);
            stream.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
        }
    }

    void Add(string entry, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    Add($"{name}/__init__.py", "");
    Add($"{name}-1.0.0.dist-info/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0.0\nSummary: Upload benchmark payload\n\nA wheel that is mostly random bytes.\n");
    Add($"{name}-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    Add($"{name}-1.0.0.dist-info/RECORD", "");
    return path;
}
