using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Protmem.Userspace.Media.Content;

/// <summary>
/// Seals a key for one device as a licence server (or key server) does (docs/secure-world-abi.md): AES-GCM under
/// the device's wrapping key, laid out as <c>"PMLC" | u16 version 1 | u16 key length | 12-byte nonce | sealed
/// key | 16-byte tag</c>, little-endian, the first 20 bytes authenticated as associated data.
/// </summary>
public static class SealedKeyWriter
{
    /// <summary>"PMLC" as a little-endian u32.</summary>
    public const uint Magic = 'P' | ('M' << 8) | ('L' << 16) | ('C' << 24);

    /// <summary>The blob sealing <paramref name="key"/> (16 or 32 bytes) under <paramref name="wrappingKey"/> with <paramref name="nonce"/> (12 bytes, never reused with that key).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> nonce)
    {
        if (key.Length is not (16 or 32))
        {
            throw new ArgumentException($"a sealed key is 16 or 32 bytes, not {key.Length}", nameof(key));
        }

        if (nonce.Length != 12)
        {
            throw new ArgumentException($"the nonce is 12 bytes, not {nonce.Length}", nameof(nonce));
        }

        var blob = new byte[20 + key.Length + 16];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(6), (ushort)key.Length);
        nonce.CopyTo(blob.AsSpan(8));
        using var gcm = new AesGcm(wrappingKey, 16);
        gcm.Encrypt(blob.AsSpan(8, 12), key, blob.AsSpan(20, key.Length), blob.AsSpan(20 + key.Length, 16), blob.AsSpan(0, 20));
        return blob;
    }
}
