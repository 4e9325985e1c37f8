namespace Protmem.SecureWorld.Ta;

/// <summary>
/// The key-provisioning TA's interface (docs/secure-world-abi.md, "The key-provisioning TA"): it writes a
/// fresh AES key into a buffer of the crypto-key use case, which only the crypto engine's master and the
/// secure world can reach, and answers only a key id.
/// </summary>
public static class KeyProvisioningTaAbi
{
    /// <summary>The TA's UUID.</summary>
    public static TeeUuid Uuid { get; } = TeeUuid.Parse("5ec0f1de-7c2a-4d8e-9b0e-4b4559000001");

    /// <summary>
    /// PROVISION_KEY: [0] MEMREF_OUTPUT the key buffer (protected memory of the crypto-key use case; the key
    /// goes at offset 0), [1] VALUE_INPUT a = key length (16 or 32), [2] VALUE_OUTPUT a = key id.
    /// </summary>
    public const uint CMD_PROVISION_KEY = 0;

    /// <summary>
    /// PROVISION_WRAPPED_KEY: [0] MEMREF_OUTPUT the key buffer (as PROVISION_KEY), [1] MEMREF_INPUT a provisioning
    /// blob (non-secure; the licence format of <see cref="SecureVideoTaAbi"/>, sealed under <see cref="ProvisioningKey"/>),
    /// [2] VALUE_OUTPUT a = key id. The key server's key lands in the buffer; the blob's tag must verify (else MAC_INVALID).
    /// </summary>
    public const uint CMD_PROVISION_WRAPPED_KEY = 1;

    /// <summary>
    /// The device's provisioning key (32 bytes): HMAC-SHA256 of the hardware unique key over
    /// "protmem key provisioning key". A key server holds the same key for this device.
    /// Model: the hardware unique key is OP-TEE's default for a board without fuses (16 zero bytes).
    /// </summary>
    public static byte[] ProvisioningKey() => SealedKey.Derive("protmem key provisioning key");

    /// <summary>
    /// The crypto-key use case: protected memory only the crypto engine's master may read.
    /// Model: Linux's tee_dma_heap_id stops at 3 (TEE_IOC_UC_SECURE_VIDEO_RECORD); 4 is this model's.
    /// </summary>
    public const uint CryptoKeyUseCase = 4;
}
