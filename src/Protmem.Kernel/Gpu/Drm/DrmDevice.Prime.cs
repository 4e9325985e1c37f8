using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_prime.c: sharing GEM objects as dma-bufs.
/// HANDLE_TO_FD exports (an imported object gives back its original dma-buf; an object already exported
/// gives the same dma-buf); FD_TO_HANDLE imports (a dma-buf this file already has gives the same handle;
/// one this device exported gives its own object back; any other is attached to the device's DMA device
/// and mapped there, so its pages get device addresses through that device's IOMMU).
/// </summary>
public sealed partial class DrmDevice
{
    /// <summary>
    /// drm_gem_prime_import_dev: attaches <paramref name="buffer"/> to <paramref name="attachDevice"/>, takes a
    /// reference on it, maps the attachment (DMA_BIDIRECTIONAL) and makes an object over the mapping.
    /// </summary>
    public int GemPrimeImportDev(DmaBuf buffer, PlatformDevice attachDevice, out DrmGemObject? obj)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(attachDevice);
        obj = null;
        var result = buffer.Attach(attachDevice, DmaDataDirection.Bidirectional, out var attachment);
        if (result < 0)
        {
            return result;
        }

        buffer.Get();
        result = buffer.MapAttachment(attachment!, DmaDataDirection.Bidirectional, out var table);
        if (result < 0)
        {
            buffer.Detach(attachment!);
            buffer.Put();
            return result;
        }

        obj = Driver.GemPrimeImportSgTable(this, attachment!, table!);
        return 0;
    }

    /// <summary>drm_prime_handle_to_fd_ioctl: flags outside DRM_CLOEXEC | DRM_RDWR → -EINVAL; unknown handle → -ENOENT.</summary>
    private int IoctlPrimeHandleToFd(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPrimeHandle.Read(data);
        if ((args.Flags & ~(DrmIoctl.DRM_CLOEXEC | DrmIoctl.DRM_RDWR)) != 0)
        {
            return -Errno.EINVAL;
        }

        if (!file.TryLookup(args.Handle, out var obj))
        {
            return -Errno.ENOENT;
        }

        DmaBuf buffer;
        if (obj.ImportAttach is { } attachment)
        {
            buffer = attachment.Buffer.Get();
        }
        else if (obj.ExportedBuffer is { } exported)
        {
            buffer = exported.Get();
        }
        else
        {
            // drm_gem_prime_export: the dma-buf holds a reference on the object (paired in DrmGemPrimeOps.Release).
            var mode = (args.Flags & DrmIoctl.DRM_RDWR) != 0 ? Fcntl.O_RDWR : Fcntl.O_RDONLY;
            buffer = DmaBuf.Export(Kernel, _primeOps, obj.Size, mode, obj.Get(), Driver.Name);
            obj.ExportedBuffer = buffer;
        }

        var fd = buffer.InstallFd(caller, (args.Flags & DrmIoctl.DRM_CLOEXEC) != 0 ? Fcntl.O_CLOEXEC : 0);
        if (fd < 0)
        {
            buffer.Put();
            return fd;
        }

        file.AddPrime(buffer, args.Handle);
        args.Fd = fd;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_prime_fd_to_handle_ioctl: a bad fd → -EBADF; a file that is not a dma-buf → -EINVAL; the import's errno.</summary>
    private int IoctlPrimeFdToHandle(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPrimeHandle.Read(data);
        if (!caller.Files.TryGet(args.Fd, out var openFile))
        {
            return -Errno.EBADF;
        }

        if (openFile.PrivateData is not DmaBuf buffer || !ReferenceEquals(openFile.Operations, Kernel.DmaBufFileOperations))
        {
            return -Errno.EINVAL;
        }

        if (file.TryLookupPrime(buffer, out var existing))
        {
            args.Handle = existing;
            args.Write(data);
            return 0;
        }

        DrmGemObject? obj;
        if (ReferenceEquals(buffer.Ops, _primeOps))
        {
            // drm_gem_prime_import_dev: a dma-buf this device exported is its own object.
            obj = DrmGemPrimeOps.Object(buffer).Get();
        }
        else
        {
            var result = Driver.GemPrimeImport(this, buffer, out obj);
            if (result < 0)
            {
                return result;
            }
        }

        var created = file.HandleCreate(obj!, out var handle);
        obj!.Put();
        if (created < 0)
        {
            return created;
        }

        file.AddPrime(buffer, handle);
        args.Handle = handle;
        args.Write(data);
        return 0;
    }
}
