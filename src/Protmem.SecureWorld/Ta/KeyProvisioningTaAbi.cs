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
    /// The crypto-key use case: protected memory only the crypto engine's master may read.
    /// Model: Linux's tee_dma_heap_id stops at 3 (TEE_IOC_UC_SECURE_VIDEO_RECORD); 4 is this model's.
    /// </summary>
    public const uint CryptoKeyUseCase = 4;
}
