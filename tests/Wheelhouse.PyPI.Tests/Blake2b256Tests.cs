using System.Text;
using Konscious.Security.Cryptography;

namespace Wheelhouse.PyPI.Tests;

/// <summary>Our own BLAKE2b-256 (uploader and index) against RFC 7693's values and an independent implementation (Konscious).</summary>
public sealed class Blake2b256Tests
{
    [Theory]
    [InlineData("", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")]
    [InlineData("abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")]
    public void Known_digests(string text, string digest) =>
        Convert.ToHexStringLower(Blake2b256.Hash(Encoding.ASCII.GetBytes(text))).Should().Be(digest);

    [Theory]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(100_000)]
    [InlineData(1_048_577)]
    public void Matches_an_independent_implementation_however_the_input_is_split(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        using var reference = new HMACBlake2B(256);
        var expected = Convert.ToHexStringLower(reference.ComputeHash(data));
        var random = new Random(7);

        foreach (var maxPiece in new[] { 1, 64, 128, 1000, length })
        {
            var hash = new Blake2b256();
            var rest = data.AsSpan();
            while (!rest.IsEmpty)
            {
                var take = Math.Min(rest.Length, random.Next(1, maxPiece + 1));
                hash.Append(rest[..take]);
                rest = rest[take..];
            }

            Convert.ToHexStringLower(hash.Finish()).Should().Be(expected, $"pieces up to {maxPiece} bytes");
        }
    }
}
