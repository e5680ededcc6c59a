using System.Buffers;
using System.Security.Cryptography;

namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// The digests an upload declares, as lower-case hex: sha256 (what indexes compare) and blake2b with a 32-byte
/// digest and no key (<c>hashlib.blake2b(data, digest_size=32)</c>). No md5: twine 6.2 stopped sending it, and an
/// index checks every digest it is given. Computed in one streaming pass: memory does not depend on the file's size.
/// </summary>
public sealed record FileDigests(long Size, string Sha256, string Blake2b256)
{
    private const int BufferSize = 1 << 20;

    public static async Task<FileDigests> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        return await ComputeAsync(file, cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end in 1 MiB blocks. BLAKE2b (managed code, the slowest of the three)
    /// runs on its own thread beside sha256, and the next block is read meanwhile: the pass takes about as
    /// long as BLAKE2b alone. Three pooled buffers, whatever the file's size.
    /// </summary>
    public static async Task<FileDigests> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blake2 = new Blake2b256();
        var buffers = new[] { ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize) };
        long size = 0;
        Task hashing = Task.CompletedTask;
        try
        {
            for (var block = 0; ; block++)
            {
                var buffer = buffers[block % buffers.Length];
                var read = await ReadBlockAsync(stream, buffer, cancellationToken);
                await hashing; // the block before this one is hashed; its buffer may be reused two reads from now
                if (read == 0)
                    break;
                size += read;
                hashing = Task.WhenAll(
                    Task.Run(() => blake2.Append(buffer.AsSpan(0, read)), cancellationToken),
                    Task.Run(() => sha256.AppendData(buffer, 0, read), cancellationToken));
            }

            return new FileDigests(size, Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(blake2.Finish()));
        }
        finally
        {
            await hashing.ContinueWith(_ => { }, TaskScheduler.Default); // never return a buffer still being hashed
            foreach (var buffer in buffers)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Fills the buffer unless the stream ends first (so every block but the last is whole).</summary>
    private static async Task<int> ReadBlockAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < BufferSize && (read = await stream.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken)) > 0)
            filled += read;
        return filled;
    }
}
