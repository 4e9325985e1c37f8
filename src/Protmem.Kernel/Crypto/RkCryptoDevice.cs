using Protmem.Hardware.Crypto;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;
using Protmem.Uapi.Crypto;

namespace Protmem.Kernel.Crypto;

/// <summary>
/// The crypto engine's driver and its misc device, /dev/rk-crypto (docs/crypto-engine.md).
/// 1. Probe finds the engine behind the node's master and registers the device node.
/// 2. open gives each file its own key table (<see cref="RkCryptoContext"/>).
/// 3. IMPORT_KEY takes a dma-buf fd of the crypto-key heap (<see cref="DmaBufs.DmaBuf.Protection"/> says use case
///    <see cref="KeyUseCase"/>, else -EINVAL), attaches and maps it for the engine and answers a handle; the
///    kernel never reads the key.
/// 4. RUN names a key by handle, a mode, an IV and the source and destination (user buffers or dma-buf fds,
///    never protected ones); the driver hands the engine device addresses and the engine does the work; a
///    refused access fails the job with -EIO.
/// 5. DESTROY_KEY drops a handle (unmap, detach, put), paired with IMPORT_KEY.
/// 6. release (the last close) destroys every key the file still holds.
/// Model: Linux reaches such engines through the crypto API and AF_ALG; this device is the model's own
/// (<see cref="RkCryptoIoctl"/>).
/// </summary>
public sealed class RkCryptoDevice : IDeviceNode, IFileOperations, IDeviceInvariants
{
    /// <summary>The engine's compatible string.</summary>
    public const string Compatible = "rockchip,rk3588-crypto";

    /// <summary>
    /// The TEE use case of key buffers (protected,crypto-key).
    /// Model: Linux's tee_dma_heap_id stops at 3; use case 4 is the model's.
    /// </summary>
    public const uint KeyUseCase = 4;

    private readonly KernelContext _kernel;
    private readonly List<RkCryptoContext> _contexts = [];

    private RkCryptoDevice(KernelContext kernel, PlatformDevice device, CryptoEngine engine)
    {
        _kernel = kernel;
        Device = device;
        Engine = engine;
    }

    /// <summary>The platform device the driver bound (the engine's node).</summary>
    public PlatformDevice Device { get; }

    /// <summary>The engine's registers.</summary>
    public CryptoEngine Engine { get; }

    /// <summary>Open files.</summary>
    public int OpenFiles => _contexts.Count;

    /// <summary>Keys imported and not yet destroyed, over every open file.</summary>
    public int KeyCount => _contexts.Sum(c => c.Keys.Count);

    /// <summary>Jobs the engine ran for this driver, and how many failed on a refused access.</summary>
    public (long Run, long Failed) Jobs { get; private set; }

    internal static int Probe(KernelContext kernel, PlatformDevice device, out RkCryptoDevice? crypto)
    {
        crypto = null;
        if (device.Master is not { } master || !kernel.Hardware.CryptoEngines.TryGetValue(master.Name, out var engine))
        {
            return -Errno.ENODEV;
        }

        var candidate = new RkCryptoDevice(kernel, device, engine);
        if (!kernel.DeviceNodes.TryRegister(RkCryptoIoctl.DevicePath, candidate, device))
        {
            return -Errno.EBUSY;
        }

        crypto = candidate;
        return 0;
    }

    internal void Unregister() => _kernel.DeviceNodes.Unregister(RkCryptoIoctl.DevicePath);

    int IDeviceNode.Open(UserProcess caller, int flags, out OpenFile? file)
    {
        var context = new RkCryptoContext();
        _contexts.Add(context);
        file = _kernel.CreateFile(this, context, flags);
        return 0;
    }

    /// <summary>release: every key the file holds is destroyed.</summary>
    public void Release(OpenFile file)
    {
        var context = (RkCryptoContext)file.PrivateData!;
        context.ReleaseAll();
        _contexts.Remove(context);
    }

    /// <summary>rk_crypto_ioctl: the three ioctls of <see cref="RkCryptoIoctl"/>; any other request → -ENOTTY.</summary>
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        var context = (RkCryptoContext)file.PrivateData!;
        return request switch
        {
            RkCryptoIoctl.RK_CRYPTO_IOC_IMPORT_KEY => ImportKey(caller, context, arg),
            RkCryptoIoctl.RK_CRYPTO_IOC_RUN => Run(caller, context, arg),
            RkCryptoIoctl.RK_CRYPTO_IOC_DESTROY_KEY => DestroyKey(caller, context, arg),
            _ => -Errno.ENOTTY,
        };
    }

    /// <summary>Checks the driver's state; throws naming the broken invariant.</summary>
    public void AssertInvariants()
    {
        foreach (var key in _contexts.SelectMany(c => c.Keys.Values))
        {
            if (key.Buffer.IsReleased || !key.Attachment.IsAttached || key.Attachment.Device != Device)
            {
                throw new KernelOopsException("invariant broken: an imported key holds its dma-buf, attached to the crypto engine");
            }

            if (key.Buffer.Protection?.UseCase != KeyUseCase)
            {
                throw new KernelOopsException("invariant broken: every imported key lives in crypto-key memory");
            }
        }
    }

    private static int CopyIn<T>(UserProcess caller, ulong arg, out T value)
        where T : struct, IUapiStruct<T>
    {
        Span<byte> bytes = stackalloc byte[T.Layout.Size];
        value = default;
        if (caller.CopyFromUser(arg, bytes) < 0)
        {
            return -Errno.EFAULT;
        }

        value = T.Read(bytes);
        return 0;
    }

    /// <summary>RK_CRYPTO_IOC_IMPORT_KEY: flags ≠ 0 or a key length other than 16/32 → -EINVAL; a bad fd → -EBADF; not a crypto-key dma-buf, or too small → -EINVAL; too many keys → -ENOSPC.</summary>
    private int ImportKey(UserProcess caller, RkCryptoContext context, ulong arg)
    {
        var copied = CopyIn(caller, arg, out RkCryptoImportKey args);
        if (copied < 0)
        {
            return copied;
        }

        if (args.Flags != 0 || args.KeyLen is not (16 or 32))
        {
            return -Errno.EINVAL;
        }

        if (!caller.Files.TryGet(args.Fd, out var file))
        {
            return -Errno.EBADF;
        }

        if (file.PrivateData is not DmaBufs.DmaBuf buffer || !ReferenceEquals(file.Operations, _kernel.DmaBufFileOperations)
            || buffer.Protection?.UseCase != KeyUseCase || buffer.Size < args.KeyLen)
        {
            return -Errno.EINVAL;
        }

        if (context.Keys.Count >= RkCryptoIoctl.RK_CRYPTO_MAX_KEYS)
        {
            return -Errno.ENOSPC;
        }

        var attached = buffer.Attach(Device, DmaDataDirection.ToDevice, out var attachment);
        if (attached < 0)
        {
            return attached;
        }

        var mapped = buffer.MapAttachment(attachment!, DmaDataDirection.ToDevice, out var table);
        if (mapped < 0 || table!.Entries[0].Length < args.KeyLen)
        {
            if (mapped >= 0)
            {
                buffer.UnmapAttachment(attachment!, table!, DmaDataDirection.ToDevice);
            }

            buffer.Detach(attachment!);
            return mapped < 0 ? mapped : -Errno.EINVAL;
        }

        buffer.Get();
        var key = new RkCryptoKey(buffer, attachment!, table, args.KeyLen);
        args.Handle = context.Add(key);
        Span<byte> bytes = stackalloc byte[RkCryptoImportKey.Size];
        args.Write(bytes);
        if (caller.CopyToUser(arg, bytes) < 0)
        {
            context.Remove(args.Handle, out _);
            key.Release();
            return -Errno.EFAULT;
        }

        return 0;
    }

    /// <summary>
    /// RK_CRYPTO_IOC_RUN: unknown flags or reserved ≠ 0, an unknown mode, a length of 0, over the maximum or
    /// (CBC) not whole blocks → -EINVAL; an unknown handle → -ENOENT; a source or destination refused by
    /// <see cref="RkCryptoJobBuffer"/> → its errno; a job the engine could not finish → -EIO.
    /// </summary>
    private int Run(UserProcess caller, RkCryptoContext context, ulong arg)
    {
        var copied = CopyIn(caller, arg, out RkCryptoRun args);
        if (copied < 0)
        {
            return copied;
        }

        const uint knownFlags = RkCryptoIoctl.RK_CRYPTO_RUN_SRC_DMABUF | RkCryptoIoctl.RK_CRYPTO_RUN_DST_DMABUF;
        if ((args.Flags & ~knownFlags) != 0 || args.Reserved != 0 || args.Length == 0 || args.Length > RkCryptoIoctl.RK_CRYPTO_MAX_LENGTH)
        {
            return -Errno.EINVAL;
        }

        CryptoMode mode;
        switch (args.Mode)
        {
            case RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR:
                mode = CryptoMode.AesCtr;
                break;
            case RkCryptoIoctl.RK_CRYPTO_MODE_AES_CBC_ENCRYPT when args.Length % 16 == 0:
                mode = CryptoMode.AesCbcEncrypt;
                break;
            case RkCryptoIoctl.RK_CRYPTO_MODE_AES_CBC_DECRYPT when args.Length % 16 == 0:
                mode = CryptoMode.AesCbcDecrypt;
                break;
            default:
                return -Errno.EINVAL;
        }

        if (!context.TryGet(args.Handle, out var key))
        {
            return -Errno.ENOENT;
        }

        var srcDmaBuf = (args.Flags & RkCryptoIoctl.RK_CRYPTO_RUN_SRC_DMABUF) != 0;
        var dstDmaBuf = (args.Flags & RkCryptoIoctl.RK_CRYPTO_RUN_DST_DMABUF) != 0;
        var result = srcDmaBuf
            ? RkCryptoJobBuffer.FromDmaBuf(_kernel, caller, Device, args.Src, args.Length, DmaDataDirection.ToDevice, out var source)
            : RkCryptoJobBuffer.FromUser(_kernel, caller, args.Src, args.Length, isSource: true, out source);
        if (result < 0)
        {
            return result;
        }

        try
        {
            result = dstDmaBuf
                ? RkCryptoJobBuffer.FromDmaBuf(_kernel, caller, Device, args.Dst, args.Length, DmaDataDirection.FromDevice, out var destination)
                : RkCryptoJobBuffer.FromUser(_kernel, caller, args.Dst, args.Length, isSource: false, out destination);
            if (result < 0)
            {
                return result;
            }

            try
            {
                var job = new CryptoJob(key.Address, (int)key.Length, mode, args.IvBytes(), source!.Segments, destination!.Segments, args.Length);
                var done = Engine.Run(job);
                Jobs = (Jobs.Run + 1, Jobs.Failed + (done.IsDone ? 0 : 1));
                if (!done.IsDone)
                {
                    return -Errno.EIO;
                }

                return dstDmaBuf ? 0 : destination.CopyToUser(caller, args.Dst, args.Length);
            }
            finally
            {
                destination!.Release();
            }
        }
        finally
        {
            source!.Release();
        }
    }

    /// <summary>RK_CRYPTO_IOC_DESTROY_KEY: reserved ≠ 0 → -EINVAL; an unknown handle → -ENOENT.</summary>
    private static int DestroyKey(UserProcess caller, RkCryptoContext context, ulong arg)
    {
        var copied = CopyIn(caller, arg, out RkCryptoDestroyKey args);
        if (copied < 0)
        {
            return copied;
        }

        if (args.Reserved != 0)
        {
            return -Errno.EINVAL;
        }

        if (!context.Remove(args.Handle, out var key))
        {
            return -Errno.ENOENT;
        }

        key.Release();
        return 0;
    }
}
