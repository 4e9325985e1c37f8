using System.Security.Cryptography;
using Protmem.Hardware.Crypto;

namespace Protmem.Hardware.Tests.Crypto;

/// <summary>The engine's AES-CTR against .NET's AES: one call or many, and the 128-bit counter's carries.</summary>
public sealed class AesCtrTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 5))];

    private static byte[] Reference(byte[] iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = Key;
        var counter = new UInt128(BitConverter.ToUInt64([.. iv.Take(8).Reverse()]), BitConverter.ToUInt64([.. iv.Skip(8).Reverse()]));
        var stream = new byte[(data.Length + 15) / 16 * 16];
        for (var b = 0; b < stream.Length / 16; b++)
        {
            var block = counter + (UInt128)(ulong)b;
            var bytes = new byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, block);
            aes.EncryptEcb(bytes, PaddingMode.None).CopyTo(stream, b * 16);
        }

        return [.. data.Select((x, i) => (byte)(x ^ stream[i]))];
    }

    [Fact]
    public void Transform_InUnevenPieces_EqualsOneCallAndTheReference()
    {
        var iv = Enumerable.Range(0, 16).Select(i => (byte)(0xF0 + i)).ToArray();
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        var pieces = new byte[data.Length];
        using (var ctr = new AesCtr(Key, iv))
        {
            var at = 0;
            foreach (var size in new[] { 1, 15, 16, 17, 4096, 33, 5822 })
            {
                ctr.Transform(data.AsSpan(at, size), pieces.AsSpan(at, size));
                at += size;
            }
        }

        Assert.Equal(Reference(iv, data), pieces);
    }

    [Fact]
    public void Transform_CounterAtTheTopOfItsLowWord_CarriesIntoTheHighWord()
    {
        var iv = new byte[16];
        iv.AsSpan(8).Fill(0xFF);
        var data = new byte[64];
        var output = new byte[64];
        using (var ctr = new AesCtr(Key, iv))
        {
            ctr.Transform(data, output);
        }

        Assert.Equal(Reference(iv, data), output);
    }

    [Fact]
    public void Constructor_BadKeyOrIvLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AesCtr(new byte[15], new byte[16]));
        Assert.Throws<ArgumentException>(() => new AesCtr(new byte[16], new byte[8]));
    }
}
