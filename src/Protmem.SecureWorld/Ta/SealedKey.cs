using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// A key sealed with AES-GCM under a wrapping key the secure world derives (the licence format of
/// <see cref="SecureVideoTaAbi"/>, also the key-provisioning blob):
/// <c>"PMLC" | u16 version 1 | u16 key length (16 or 32) | 12-byte nonce | sealed key | 16-byte tag</c>.
/// </summary>
internal static class SealedKey
{
    /// <summary>Opens <paramref name="blob"/> under <paramref name="wrappingKey"/>: SUCCESS and the key, BAD_FORMAT, or MAC_INVALID.</summary>
    public static uint TryOpen(ReadOnlySpan<byte> blob, byte[] wrappingKey, out byte[]? key)
    {
        key = null;
        if (blob.Length < SecureVideoTaAbi.LicenseSize(16))
        {
            return TeeResult.BAD_FORMAT;
        }

        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(blob[6..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(blob) != SecureVideoTaAbi.LicenseMagic
            || BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]) != SecureVideoTaAbi.LicenseVersion
            || keyLength is not (16 or 32) || blob.Length != SecureVideoTaAbi.LicenseSize(keyLength))
        {
            return TeeResult.BAD_FORMAT;
        }

        var opened = new byte[keyLength];
        try
        {
            using var gcm = new AesGcm(wrappingKey, SecureVideoTaAbi.TagSize);
            gcm.Decrypt(
                blob.Slice(8, SecureVideoTaAbi.NonceSize),
                blob.Slice(SecureVideoTaAbi.LicenseHeaderSize, keyLength),
                blob.Slice(SecureVideoTaAbi.LicenseHeaderSize + keyLength, SecureVideoTaAbi.TagSize),
                opened,
                blob[..SecureVideoTaAbi.LicenseHeaderSize]);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(opened);
            return SecureVideoTaAbi.TEE_ERROR_MAC_INVALID;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }

        key = opened;
        return TeeResult.SUCCESS;
    }

    /// <summary>HMAC-SHA256 of the hardware unique key over <paramref name="label"/>, as OP-TEE's huk_subkey_derive derives subkeys.</summary>
    /// <remarks>Model: the hardware unique key is OP-TEE's default for a board without fuses (16 zero bytes).</remarks>
    public static byte[] Derive(string label) => HMACSHA256.HashData(new byte[16], System.Text.Encoding.ASCII.GetBytes(label));
}
