using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wheelhouse.PyPI;

/// <summary>
/// BLAKE2b with a 32-byte digest and no key (RFC 7693), written for speed: the upload digest PyPI checks
/// (<c>blake2_256_digest</c>), computed by the uploader for every file it sends and by the local index for every
/// file it receives. Several times faster than a general-purpose implementation, which bounded both.
/// </summary>
internal sealed class Blake2b256
{
    private const int BlockSize = 128;

    private const ulong IV0 = 0x6a09e667f3bcc908UL, IV1 = 0xbb67ae8584caa73bUL, IV2 = 0x3c6ef372fe94f82bUL, IV3 = 0xa54ff53a5f1d36f1UL;
    private const ulong IV4 = 0x510e527fade682d1UL, IV5 = 0x9b05688c2b3e6c1fUL, IV6 = 0x1f83d9abfb41bd6bUL, IV7 = 0x5be0cd19137e2179UL;

    private readonly ulong[] h = new ulong[8];
    private readonly byte[] pending = new byte[BlockSize];
    private int pendingLength;
    private ulong counterLow;
    private ulong counterHigh;
    private bool finished;

    public Blake2b256()
    {
        h[0] = IV0 ^ 0x01010000UL ^ 32UL; // parameter block: depth 1, fanout 1, no key, 32-byte digest
        h[1] = IV1;
        h[2] = IV2;
        h[3] = IV3;
        h[4] = IV4;
        h[5] = IV5;
        h[6] = IV6;
        h[7] = IV7;
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new Blake2b256();
        hash.Append(data);
        return hash.Finish();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (data.IsEmpty)
            return;

        // The last block is compressed by Finish with the final flag, so a full block waits until more data comes.
        if (pendingLength > 0)
        {
            var take = Math.Min(BlockSize - pendingLength, data.Length);
            data[..take].CopyTo(pending.AsSpan(pendingLength));
            pendingLength += take;
            data = data[take..];
            if (data.IsEmpty)
                return;
            Compress(pending, false);
            pendingLength = 0;
        }

        while (data.Length > BlockSize)
        {
            Compress(data[..BlockSize], false);
            data = data[BlockSize..];
        }

        data.CopyTo(pending);
        pendingLength = data.Length;
    }

    public byte[] Finish()
    {
        ObjectDisposedException.ThrowIf(finished, this);
        finished = true;
        pending.AsSpan(pendingLength).Clear();
        Compress(pending, true, pendingLength);
        var digest = new byte[32];
        for (var i = 0; i < 4; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(digest.AsSpan(i * 8), h[i]);
        return digest;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compress(ReadOnlySpan<byte> block, bool final, int length = BlockSize)
    {
        counterLow += (ulong)length;
        if (counterLow < (ulong)length)
            counterHigh++;

        var m0 = BinaryPrimitives.ReadUInt64LittleEndian(block);
        var m1 = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
        var m2 = BinaryPrimitives.ReadUInt64LittleEndian(block[16..]);
        var m3 = BinaryPrimitives.ReadUInt64LittleEndian(block[24..]);
        var m4 = BinaryPrimitives.ReadUInt64LittleEndian(block[32..]);
        var m5 = BinaryPrimitives.ReadUInt64LittleEndian(block[40..]);
        var m6 = BinaryPrimitives.ReadUInt64LittleEndian(block[48..]);
        var m7 = BinaryPrimitives.ReadUInt64LittleEndian(block[56..]);
        var m8 = BinaryPrimitives.ReadUInt64LittleEndian(block[64..]);
        var m9 = BinaryPrimitives.ReadUInt64LittleEndian(block[72..]);
        var m10 = BinaryPrimitives.ReadUInt64LittleEndian(block[80..]);
        var m11 = BinaryPrimitives.ReadUInt64LittleEndian(block[88..]);
        var m12 = BinaryPrimitives.ReadUInt64LittleEndian(block[96..]);
        var m13 = BinaryPrimitives.ReadUInt64LittleEndian(block[104..]);
        var m14 = BinaryPrimitives.ReadUInt64LittleEndian(block[112..]);
        var m15 = BinaryPrimitives.ReadUInt64LittleEndian(block[120..]);

        ulong v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        ulong v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        var v12 = IV4 ^ counterLow;
        var v13 = IV5 ^ counterHigh;
        var v14 = final ? ~IV6 : IV6;
        var v15 = IV7;

        // Twelve rounds of the G function over columns then diagonals, message words in RFC 7693's SIGMA order
        // (rounds 11 and 12 reuse the orders of rounds 1 and 2), written out so every value stays in a register.
        // round 1
        v0 += v4 + m0; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m1; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m2; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m3; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m4; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m5; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m6; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m7; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m8; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m9; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m10; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m11; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m12; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m13; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m14; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m15; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 2
        v0 += v4 + m14; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m10; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m4; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m8; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m9; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m15; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m13; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m6; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m1; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m12; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m0; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m2; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m11; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m7; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m5; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m3; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 3
        v0 += v4 + m11; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m8; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m12; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m0; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m5; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m2; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m15; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m13; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m10; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m14; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m3; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m6; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m7; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m1; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m9; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m4; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 4
        v0 += v4 + m7; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m9; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m3; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m1; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m13; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m12; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m11; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m14; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m2; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m6; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m5; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m10; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m4; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m0; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m15; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m8; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 5
        v0 += v4 + m9; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m0; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m5; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m7; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m2; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m4; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m10; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m15; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m14; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m1; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m11; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m12; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m6; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m8; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m3; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m13; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 6
        v0 += v4 + m2; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m12; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m6; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m10; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m0; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m11; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m8; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m3; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m4; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m13; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m7; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m5; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m15; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m14; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m1; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m9; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 7
        v0 += v4 + m12; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m5; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m1; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m15; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m14; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m13; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m4; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m10; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m0; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m7; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m6; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m3; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m9; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m2; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m8; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m11; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 8
        v0 += v4 + m13; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m11; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m7; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m14; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m12; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m1; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m3; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m9; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m5; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m0; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m15; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m4; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m8; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m6; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m2; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m10; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 9
        v0 += v4 + m6; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m15; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m14; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m9; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m11; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m3; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m0; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m8; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m12; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m2; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m13; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m7; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m1; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m4; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m10; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m5; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 10
        v0 += v4 + m10; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m2; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m8; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m4; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m7; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m6; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m1; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m5; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m15; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m11; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m9; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m14; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m3; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m12; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m13; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m0; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 11
        v0 += v4 + m0; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m1; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m2; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m3; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m4; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m5; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m6; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m7; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m8; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m9; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m10; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m11; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m12; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m13; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m14; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m15; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);
        // round 12
        v0 += v4 + m14; v12 = BitOperations.RotateRight(v12 ^ v0, 32); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 24);
        v0 += v4 + m10; v12 = BitOperations.RotateRight(v12 ^ v0, 16); v8 += v12; v4 = BitOperations.RotateRight(v4 ^ v8, 63);
        v1 += v5 + m4; v13 = BitOperations.RotateRight(v13 ^ v1, 32); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 24);
        v1 += v5 + m8; v13 = BitOperations.RotateRight(v13 ^ v1, 16); v9 += v13; v5 = BitOperations.RotateRight(v5 ^ v9, 63);
        v2 += v6 + m9; v14 = BitOperations.RotateRight(v14 ^ v2, 32); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 24);
        v2 += v6 + m15; v14 = BitOperations.RotateRight(v14 ^ v2, 16); v10 += v14; v6 = BitOperations.RotateRight(v6 ^ v10, 63);
        v3 += v7 + m13; v15 = BitOperations.RotateRight(v15 ^ v3, 32); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 24);
        v3 += v7 + m6; v15 = BitOperations.RotateRight(v15 ^ v3, 16); v11 += v15; v7 = BitOperations.RotateRight(v7 ^ v11, 63);
        v0 += v5 + m1; v15 = BitOperations.RotateRight(v15 ^ v0, 32); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 24);
        v0 += v5 + m12; v15 = BitOperations.RotateRight(v15 ^ v0, 16); v10 += v15; v5 = BitOperations.RotateRight(v5 ^ v10, 63);
        v1 += v6 + m0; v12 = BitOperations.RotateRight(v12 ^ v1, 32); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 24);
        v1 += v6 + m2; v12 = BitOperations.RotateRight(v12 ^ v1, 16); v11 += v12; v6 = BitOperations.RotateRight(v6 ^ v11, 63);
        v2 += v7 + m11; v13 = BitOperations.RotateRight(v13 ^ v2, 32); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 24);
        v2 += v7 + m7; v13 = BitOperations.RotateRight(v13 ^ v2, 16); v8 += v13; v7 = BitOperations.RotateRight(v7 ^ v8, 63);
        v3 += v4 + m5; v14 = BitOperations.RotateRight(v14 ^ v3, 32); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 24);
        v3 += v4 + m3; v14 = BitOperations.RotateRight(v14 ^ v3, 16); v9 += v14; v4 = BitOperations.RotateRight(v4 ^ v9, 63);


        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }
}
