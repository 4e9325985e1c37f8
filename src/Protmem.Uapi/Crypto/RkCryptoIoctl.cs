namespace Protmem.Uapi.Crypto;

/// <summary>
/// /dev/rk-crypto, the crypto engine's misc device, and its ioctls (docs/crypto-engine.md).
/// Model: Linux reaches such engines through the crypto API (AF_ALG sockets from user space), which Protmem
/// does not model; this small device and its three ioctls are the model's own, with layouts pinned by tests.
/// </summary>
public static class RkCryptoIoctl
{
    /// <summary>The device node.</summary>
    [AbiSource(AbiSource.Model)]
    public const string DevicePath = "/dev/rk-crypto";

    /// <summary>The ioctl type byte ('c').</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_IOC_MAGIC = 'c';

    /// <summary>_IOWR('c', 0x00, struct rk_crypto_import_key) = 0xC0106300.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_IOC_IMPORT_KEY = Ioctl.IOC_INOUT | ((uint)RkCryptoImportKey.Size << Ioctl._IOC_SIZESHIFT) | (RK_CRYPTO_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | 0x00;

    /// <summary>_IOW('c', 0x01, struct rk_crypto_run) = 0x40386301.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_IOC_RUN = Ioctl.IOC_IN | ((uint)RkCryptoRun.Size << Ioctl._IOC_SIZESHIFT) | (RK_CRYPTO_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | 0x01;

    /// <summary>_IOW('c', 0x02, struct rk_crypto_destroy_key) = 0x40086302.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_IOC_DESTROY_KEY = Ioctl.IOC_IN | ((uint)RkCryptoDestroyKey.Size << Ioctl._IOC_SIZESHIFT) | (RK_CRYPTO_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | 0x02;

    /// <summary>rk_crypto_run.mode: AES-CTR (encrypt and decrypt alike).</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_MODE_AES_CTR = 0;

    /// <summary>rk_crypto_run.mode: AES-CBC encryption, no padding.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_MODE_AES_CBC_ENCRYPT = 1;

    /// <summary>rk_crypto_run.mode: AES-CBC decryption, no padding.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_MODE_AES_CBC_DECRYPT = 2;

    /// <summary>rk_crypto_run.flags: src is a dma-buf fd, not a user address.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_RUN_SRC_DMABUF = 1u << 0;

    /// <summary>rk_crypto_run.flags: dst is a dma-buf fd, not a user address.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint RK_CRYPTO_RUN_DST_DMABUF = 1u << 1;

    /// <summary>The largest rk_crypto_run.length (16 MiB).</summary>
    [AbiSource(AbiSource.Model)]
    public const ulong RK_CRYPTO_MAX_LENGTH = 16UL << 20;

    /// <summary>Keys one open file may hold.</summary>
    [AbiSource(AbiSource.Model)]
    public const int RK_CRYPTO_MAX_KEYS = 64;
}
