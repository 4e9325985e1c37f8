using System.Numerics;
using System.Security.Cryptography;

namespace Protmem.Hardware.Crypto;

/// <summary>
/// AES in counter mode (NIST SP 800-38A §6.5): the keystream is AES of the 128-bit counter block, which
/// starts at the IV and is incremented as one big-endian 128-bit integer per block. Encrypting and
/// decrypting are the same operation. The stream may be fed in pieces of any length; it keeps the unused
/// part of the last keystream block. Paired with <see cref="Dispose"/>, which wipes the key schedule.
/// </summary>
public sealed class AesCtr : IDisposable
{
    /// <summary>The AES block and IV size.</summary>
    public const int BlockSize = 16;

    private const int BatchBlocks = 256;

    private readonly Aes _aes;
    private readonly byte[] _counter = new byte[BlockSize];
    private readonly byte[] _counters = new byte[BatchBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[BatchBlocks * BlockSize];
    private int _available;
    private int _used;

    /// <summary>A stream under <paramref name="key"/> (16, 24 or 32 bytes) starting at counter block <paramref name="iv"/> (16 bytes).</summary>
    public AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"an AES key is 16, 24 or 32 bytes, not {key.Length}", nameof(key));
        }

        if (iv.Length != BlockSize)
        {
            throw new ArgumentException($"a CTR IV is {BlockSize} bytes, not {iv.Length}", nameof(iv));
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        iv.CopyTo(_counter);
    }

    /// <summary>XORs the next <paramref name="input"/>.Length keystream bytes into <paramref name="output"/> (same length; may be the same span).</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("the output is shorter than the input", nameof(output));
        }

        var done = 0;
        while (done < input.Length)
        {
            if (_used == _available)
            {
                Refill(input.Length - done);
            }

            var count = Math.Min(_available - _used, input.Length - done);
            Xor(input.Slice(done, count), _keystream.AsSpan(_used, count), output.Slice(done, count));

            _used += count;
            done += count;
        }
    }

    /// <summary>The counter block <paramref name="iv"/> + <paramref name="blocks"/> (mod 2^128), big-endian.</summary>
    public static void Advance(Span<byte> iv, ulong blocks)
    {
        var carry = blocks;
        for (var i = BlockSize - 1; i >= 0 && carry != 0; i--)
        {
            var sum = iv[i] + (carry & 0xff);
            iv[i] = (byte)sum;
            carry = (carry >> 8) + (sum >> 8);
        }
    }

    /// <summary><paramref name="output"/> = <paramref name="input"/> XOR <paramref name="keystream"/>, a vector at a time.</summary>
    private static void Xor(ReadOnlySpan<byte> input, ReadOnlySpan<byte> keystream, Span<byte> output)
    {
        var i = 0;
        for (; i <= input.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            (new Vector<byte>(input[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(output[i..]);
        }

        for (; i < input.Length; i++)
        {
            output[i] = (byte)(input[i] ^ keystream[i]);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_keystream);
        _aes.Dispose();
    }

    private void Refill(int wanted)
    {
        var blocks = Math.Clamp((wanted + BlockSize - 1) / BlockSize, 1, BatchBlocks);
        for (var b = 0; b < blocks; b++)
        {
            _counter.CopyTo(_counters, b * BlockSize);
            Advance(_counter, 1);
        }

        _available = _aes.EncryptEcb(_counters.AsSpan(0, blocks * BlockSize), _keystream, PaddingMode.None);
        _used = 0;
    }
}
