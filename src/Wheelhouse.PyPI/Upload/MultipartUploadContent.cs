using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// A <c>multipart/form-data</c> upload body: the form fields, then the file as the <c>content</c> part
/// (<c>application/octet-stream</c>, with its file name), laid out as twine's encoder lays it out. The length is
/// known up front, so the request goes out with a Content-Length, and the file is copied from disk in small
/// blocks while it is sent: memory does not grow with the file. One instance per request.
/// </summary>
internal sealed class MultipartUploadContent : HttpContent
{
    internal const int BlockSize = 128 << 10;

    private readonly byte[] head;
    private readonly byte[] tail;
    private readonly string filePath;
    private readonly long fileSize;

    public MultipartUploadContent(IEnumerable<KeyValuePair<string, string>> fields, string filePath, string fileName, long fileSize)
    {
        this.filePath = filePath;
        this.fileSize = fileSize;
        Boundary = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var text = new StringBuilder();
        foreach (var (name, value) in fields)
            text.Append("--").Append(Boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"").Append(Quote(name)).Append("\"\r\n\r\n")
                .Append(value).Append("\r\n");
        text.Append("--").Append(Boundary).Append("\r\n")
            .Append("Content-Disposition: form-data; name=\"content\"; filename=\"").Append(Quote(fileName)).Append("\"\r\n")
            .Append("Content-Type: application/octet-stream\r\n\r\n");
        head = Encoding.UTF8.GetBytes(text.ToString());
        tail = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");

        Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        Headers.ContentLength = Length;
    }

    public string Boundary { get; }

    /// <summary>Called with the number of bytes of the body written so far.</summary>
    public Action<long>? Progress { get; set; }

    public long Length => head.Length + fileSize + tail.Length;

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(head, cancellationToken);
        long sent = head.Length;
        Progress?.Invoke(sent);

        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            await using var file = new FileStream(filePath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            long copied = 0;
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, BlockSize), cancellationToken)) > 0)
            {
                copied += read;
                if (copied > fileSize)
                    break;
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                sent += read;
                Progress?.Invoke(sent);
            }

            // The digests and the Content-Length were computed from the file as it was; a file that changed since
            // would be stored under digests it does not have (or cut off by the server).
            if (copied != fileSize)
                throw new DistributionChangedException($"{Path.GetFileName(filePath)} changed while it was being uploaded ({fileSize:N0} bytes when hashed, {(copied > fileSize ? "more" : $"{copied:N0}")} now). Do not rebuild dist/ during an upload.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await stream.WriteAsync(tail, cancellationToken);
        Progress?.Invoke(sent + tail.Length);
    }

    /// <summary>A parameter of Content-Disposition as HTML5 forms write it: '"' and line breaks percent-encoded, the rest as UTF-8.</summary>
    internal static string Quote(string value) =>
        value.Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A");
}

/// <summary>The file on disk is not the file that was hashed: retrying cannot help.</summary>
internal sealed class DistributionChangedException(string message) : Exception(message);
