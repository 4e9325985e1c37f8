using Protmem.Uapi;
using Protmem.Uapi.Crypto;

namespace Protmem.Userspace.Crypto;

/// <summary>
/// A client of the crypto engine's device, /dev/rk-crypto, speaking only its uapi (docs/crypto-engine.md):
/// import a key buffer (a crypto-key dma-buf) as a handle, run AES jobs with it over user buffers or
/// dma-bufs, destroy the handle. The Try methods return the raw result (0 or -errno); <see cref="Open"/>
/// throws <see cref="ErrnoException"/>. Disposing closes the fd (the kernel destroys the keys left).
/// </summary>
public sealed class RkCryptoClient : IDisposable
{
    private const ulong ArgsSize = 4096;

    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;
    private bool _disposed;

    private RkCryptoClient(ISyscalls sys, int fd)
    {
        _sys = sys;
        Fd = fd;
        _args = UserBuffer.Map(sys, ArgsSize);
    }

    /// <summary>The device fd.</summary>
    public int Fd { get; }

    /// <summary>Opens /dev/rk-crypto.</summary>
    public static RkCryptoClient Open(ISyscalls sys)
    {
        ArgumentNullException.ThrowIfNull(sys);
        return new RkCryptoClient(sys, ErrnoException.Check(sys.Open(RkCryptoIoctl.DevicePath, Fcntl.O_RDWR), "open " + RkCryptoIoctl.DevicePath));
    }

    /// <summary>RK_CRYPTO_IOC_IMPORT_KEY of the key at the start of dma-buf <paramref name="dmaBufFd"/>: 0 and the handle, or -errno.</summary>
    public int TryImportKey(int dmaBufFd, uint keyLength, out uint handle, uint flags = 0)
    {
        var args = new RkCryptoImportKey { Fd = dmaBufFd, KeyLen = keyLength, Flags = flags };
        var result = _args.Ioctl(Fd, RkCryptoIoctl.RK_CRYPTO_IOC_IMPORT_KEY, ref args);
        handle = result == 0 ? args.Handle : 0;
        return result;
    }

    /// <summary>RK_CRYPTO_IOC_DESTROY_KEY: 0 or -errno.</summary>
    public int TryDestroyKey(uint handle, uint reserved = 0)
    {
        var args = new RkCryptoDestroyKey { Handle = handle, Reserved = reserved };
        return _args.Ioctl(Fd, RkCryptoIoctl.RK_CRYPTO_IOC_DESTROY_KEY, ref args);
    }

    /// <summary>RK_CRYPTO_IOC_RUN with <paramref name="args"/> as given: 0 or -errno.</summary>
    public int TryRun(RkCryptoRun args) => _args.Ioctl(Fd, RkCryptoIoctl.RK_CRYPTO_IOC_RUN, ref args);

    /// <summary>
    /// One job over user buffers: <paramref name="input"/> is staged in this process's memory, the output
    /// read back from it. 0 and the output, or -errno (output null).
    /// </summary>
    public int TryRun(uint handle, uint mode, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, out byte[]? output)
    {
        output = null;
        var length = (ulong)input.Length;
        var mapped = Math.Max(length, 1);
        using var source = UserBuffer.Map(_sys, mapped);
        using var destination = UserBuffer.Map(_sys, mapped);
        source.Write(0, input);
        var args = new RkCryptoRun { Handle = handle, Mode = mode, Src = source.Address, Dst = destination.Address, Length = length };
        args.SetIv(iv);
        var result = TryRun(args);
        if (result == 0)
        {
            output = new byte[input.Length];
            destination.Read(0, output);
        }

        return result;
    }

    /// <summary>One job from dma-buf <paramref name="sourceFd"/> to dma-buf <paramref name="destinationFd"/>: 0 or -errno.</summary>
    public int TryRunDmaBuf(uint handle, uint mode, ReadOnlySpan<byte> iv, int sourceFd, int destinationFd, ulong length)
    {
        var args = new RkCryptoRun
        {
            Handle = handle,
            Mode = mode,
            Src = (ulong)sourceFd,
            Dst = (ulong)destinationFd,
            Length = length,
            Flags = RkCryptoIoctl.RK_CRYPTO_RUN_SRC_DMABUF | RkCryptoIoctl.RK_CRYPTO_RUN_DST_DMABUF,
        };
        args.SetIv(iv);
        return TryRun(args);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _args.Dispose();
        _sys.Close(Fd);
    }
}
