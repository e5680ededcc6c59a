using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wheelhouse.Bootstrap.Tests;

/// <summary>
/// Serves a dotnet-install.sh over HTTP on 127.0.0.1, where build.sh and build.ps1 download it from when
/// WHEELHOUSE_DOTNET_INSTALL_URL points here: the bootstrap's download-and-run path without the network.
/// </summary>
internal sealed class InstallScriptServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly byte[] script;
    private readonly Task serving;

    public InstallScriptServer(string scriptText)
    {
        script = Encoding.UTF8.GetBytes(scriptText);
        listener = Start(out var port);
        Url = $"http://127.0.0.1:{port}/v1/dotnet-install.sh";
        serving = Task.Run(ServeAsync);
    }

    /// <summary>Where to download the script from.</summary>
    public string Url { get; }

    /// <summary>"METHOD path" of every request answered so far.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>
    /// A script shaped like https://dot.net/v1/dotnet-install.sh (the same options, its messages on stdout and its errors
    /// on stderr) on a machine without network: it cannot download the SDK archive and exits 1. It appends its
    /// arguments, one run per line, to <paramref name="argumentLog"/>.
    /// </summary>
    public static string OfflineInstallScript(string argumentLog) => $$"""
        #!/usr/bin/env bash
        # Stand-in for dotnet-install.sh without network: parses its options, then fails to download as it does.
        set -u
        printf '%s\n' "$*" >>'{{argumentLog}}'
        channel=LTS version=Latest install_dir="${HOME:-}/.dotnet"
        while [ $# -ne 0 ]; do
          case "$1" in
            -c | --channel | -Channel) shift; channel=$1 ;;
            -v | --version | -Version) shift; version=$1 ;;
            -i | --install-dir | -InstallDir) shift; install_dir=$1 ;;
            --no-path | -NoPath) ;;
            *) echo "dotnet_install: Error: Unknown argument \`$1\`" >&2; exit 1 ;;
          esac
          shift
        done
        if [ "$version" = Latest ]; then
          echo "dotnet_install: Error: Could not resolve version information." >&2
          echo "dotnet_install: Error: Failed to resolve the exact version number for channel $channel." >&2
          exit 1
        fi
        link="https://builds.dotnet.microsoft.com/dotnet/Sdk/$version/dotnet-sdk-$version-linux-x64.tar.gz"
        echo "dotnet-install: Attempting to download using primary link $link"
        echo "dotnet-install: The resource at primary link '$link' is not available."
        echo "dotnet_install: Error: Could not find \`.NET Core SDK\` with version = $version" >&2
        echo "dotnet_install: Error: Refer to: https://aka.ms/dotnet-os-lifecycle for information on .NET Core support" >&2
        exit 1
        """;

    private static HttpListener Start(out int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var candidate = new HttpListener();
            candidate.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                candidate.Start();
                return candidate;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                candidate.Close(); // another process took the port between the probe and the start
            }
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}");
            using var response = context.Response;
            if (context.Request.Url.AbsolutePath == new Uri(Url).AbsolutePath)
            {
                response.ContentType = "text/x-sh";
                response.ContentLength64 = script.Length;
                await response.OutputStream.WriteAsync(script);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    public void Dispose()
    {
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(30));
    }
}
