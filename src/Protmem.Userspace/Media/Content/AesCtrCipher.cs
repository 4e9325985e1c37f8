using System.Security.Cryptography;

namespace Protmem.Userspace.Media.Content;

/// <summary>
/// AES-CTR (NIST SP 800-38A): the keystream is AES of a 128-bit big-endian counter starting at the IV, one
/// block at a time; encryption and decryption are the same XOR. A program's own crypto, on .NET's AES.
/// </summary>
public static class AesCtrCipher
{
    /// <summary>Encrypts (or decrypts) <paramref name="data"/> under <paramref name="key"/> from counter block <paramref name="iv"/>.</summary>
    public static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        if (iv.Length != 16)
        {
            throw new ArgumentException($"a CTR IV is 16 bytes, not {iv.Length}", nameof(iv));
        }

        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var blocks = (data.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        var counter = iv.ToArray();
        for (var b = 0; b < blocks; b++)
        {
            counter.CopyTo(counters, b * 16);
            for (var i = 15; i >= 0 && ++counter[i] == 0; i--)
            {
            }
        }

        var stream = aes.EncryptEcb(counters, PaddingMode.None);
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ stream[i]);
        }

        return output;
    }
}
