using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>
/// A package index on 127.0.0.1 with PEP 503's simple API for one project: <c>/simple/NAME/</c> is an HTML page with an
/// anchor per file (<c>#sha256=</c> fragment), and <c>/files/FILE</c> serves the file. A file can be listed without being
/// served (to show older versions), and published only after the page was asked for a number of times, which is how an
/// index looks while a CDN still serves the page from before an upload.
/// </summary>
public sealed class SimpleIndexServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly object gate = new();
    private readonly string project;
    private readonly List<(string Name, string Sha256)> listed = [];
    private readonly Dictionary<string, byte[]> served = new(StringComparer.Ordinal);
    private readonly List<(int AfterRequests, string Path)> pending = [];
    private readonly List<string> requests = [];
    private int pageRequests;

    public SimpleIndexServer(string project)
    {
        this.project = project;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>The index URL to give pip.</summary>
    public string SimpleUrl => BaseUrl + "simple/";

    public int PageRequests
    {
        get { lock (gate) return pageRequests; }
    }

    public IReadOnlyList<string> Requests
    {
        get { lock (gate) return requests.ToList(); }
    }

    /// <summary>An anchor for a file that is not served (pip lists its version but never downloads it when it asks for another).</summary>
    public void ListOnly(string fileName)
    {
        lock (gate)
            listed.Add((fileName, new string('0', 64)));
    }

    public void Publish(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Path.GetFileName(path);
        lock (gate)
        {
            served[name] = bytes;
            listed.Add((name, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
    }

    /// <summary>Publishes the file once the project page has been requested <paramref name="requests"/> times: request number requests + 1 sees it.</summary>
    public void PublishAfterPageRequests(int requests, string path)
    {
        lock (gate)
            pending.Add((requests, path));
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
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client went away
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath ?? "/";
        byte[]? body = null;
        var contentType = "text/html";
        lock (gate)
        {
            requests.Add(path);
            if (path == $"/simple/{project}/")
            {
                pageRequests++;
                foreach (var due in pending.Where(p => pageRequests > p.AfterRequests).ToList())
                {
                    pending.Remove(due);
                    var bytes = File.ReadAllBytes(due.Path);
                    served[Path.GetFileName(due.Path)] = bytes;
                    listed.Add((Path.GetFileName(due.Path), Convert.ToHexStringLower(SHA256.HashData(bytes))));
                }

                var anchors = listed.Select(f => $"    <a href=\"../../files/{f.Name}#sha256={f.Sha256}\" data-requires-python=\"&gt;=3.10\">{f.Name}</a><br/>\n");
                body = Encoding.UTF8.GetBytes($"<!DOCTYPE html>\n<html>\n  <head><title>Links for {project}</title></head>\n  <body>\n    <h1>Links for {project}</h1>\n{string.Concat(anchors)}  </body>\n</html>\n");
            }
            else if (path == "/simple/")
            {
                body = Encoding.UTF8.GetBytes($"<!DOCTYPE html>\n<html><body><a href=\"{project}/\">{project}</a></body></html>\n");
            }
            else if (path.StartsWith("/files/", StringComparison.Ordinal) && served.TryGetValue(path["/files/".Length..], out var file))
            {
                body = file;
                contentType = "application/octet-stream";
            }
        }

        var response = context.Response;
        if (body is null)
        {
            response.StatusCode = 404;
            body = Encoding.UTF8.GetBytes("not found");
            contentType = "text/plain";
        }

        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        // Close alone: after Stop, Close removes the prefixes again and binds the port to do it, which fails when
        // another process has taken the port meanwhile ("Address already in use").
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
