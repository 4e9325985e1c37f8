using System.Buffers.Binary;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// The secure-video TA's interface (docs/secure-world-abi.md, "The secure-video TA"): its UUID, its commands,
/// the licence format and the per-frame CTR IV. A licence is the content key sealed with AES-GCM under the
/// device's licence key, which only the secure world and the licence server know:
/// <c>"PMLC" | u16 version 1 | u16 key length (16 or 32) | 12-byte nonce | sealed key | 16-byte tag</c>,
/// little-endian, the first 20 bytes authenticated as associated data.
/// </summary>
public static class SecureVideoTaAbi
{
    /// <summary>The TA's UUID.</summary>
    public static TeeUuid Uuid { get; } = TeeUuid.Parse("5ec0f1de-7c2a-4d8e-9b0e-504d56310001");

    /// <summary>LOAD_LICENSE: [0] MEMREF_INPUT licence (non-secure), [1] VALUE_OUTPUT a = key slot.</summary>
    public const uint CMD_LOAD_LICENSE = 0;

    /// <summary>
    /// DECRYPT_FRAME: [0] MEMREF_INPUT ciphertext (non-secure), [1] VALUE_INPUT a = key slot, b = frame index,
    /// [2] MEMREF_OUTPUT destination (protected memory of the secure-video use case); AES-CTR with <see cref="FrameIv"/>.
    /// </summary>
    public const uint CMD_DECRYPT_FRAME = 1;

    /// <summary>UNLOAD_KEY: [0] VALUE_INPUT a = key slot; the slot is wiped.</summary>
    public const uint CMD_UNLOAD_KEY = 2;

    /// <summary>GlobalPlatform TEE_ERROR_MAC_INVALID: the licence's tag does not verify (not for this device, or altered).</summary>
    public const uint TEE_ERROR_MAC_INVALID = 0xFFFF_3071;

    /// <summary>Key slots per session.</summary>
    public const int MaxKeySlots = 4;

    /// <summary>"PMLC" as a little-endian u32.</summary>
    public const uint LicenseMagic = 'P' | ('M' << 8) | ('L' << 16) | ('C' << 24);

    public const ushort LicenseVersion = 1;

    /// <summary>Bytes before the sealed key: magic, version, key length, nonce.</summary>
    public const int LicenseHeaderSize = 20;

    public const int NonceSize = 12;

    public const int TagSize = 16;

    /// <summary>The use case whose protected memory a frame may be decrypted into (secure video playback).</summary>
    public const uint SecureVideoUseCase = 1;

    /// <summary>The bytes of a licence sealing a key of <paramref name="keyLength"/> bytes.</summary>
    public static int LicenseSize(int keyLength) => LicenseHeaderSize + keyLength + TagSize;

    /// <summary>
    /// The device's licence key (32 bytes): HMAC-SHA256 of the hardware unique key over the usage label, as
    /// OP-TEE's huk_subkey_derive derives subkeys. A licence server holds the same key for this device.
    /// </summary>
    /// <remarks>
    /// Model: the hardware unique key is OP-TEE's default for a board without fuses (tee_otp_get_hw_unique_key
    /// answers 16 zero bytes), so every modelled board has the same licence key; a test's packager uses it as
    /// a licence server would.
    /// </remarks>
    public static byte[] LicenseKey() => SealedKey.Derive("protmem secure-video licence key");

    /// <summary>The CTR counter block of frame <paramref name="frameIndex"/>: the index big-endian in bytes 0–7, a zero block counter in 8–15.</summary>
    public static byte[] FrameIv(uint frameIndex)
    {
        var iv = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(iv, frameIndex);
        return iv;
    }
}
