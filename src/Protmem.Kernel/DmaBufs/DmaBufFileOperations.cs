using System.Buffers.Binary;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// The file operations of a dma-buf fd (drivers/dma-buf/dma-buf.c's dma_buf_fops): the ioctls
/// (SYNC, SET_NAME, EXPORT/IMPORT_SYNC_FILE), llseek to learn the size, mmap, release.
/// </summary>
internal sealed class DmaBufFileOperations(KernelContext kernel) : IFileOperations
{
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        var buffer = (DmaBuf)file.PrivateData!;
        return request switch
        {
            DmaBufIoctl.DMA_BUF_IOCTL_SYNC => Sync(caller, buffer, arg),
            DmaBufIoctl.DMA_BUF_SET_NAME_A or DmaBufIoctl.DMA_BUF_SET_NAME_B => SetName(caller, buffer, arg),
            DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE => ExportSyncFile(caller, buffer, arg),
            DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE => ImportSyncFile(caller, buffer, arg),
            _ => -Errno.ENOTTY,
        };
    }

    public int Mmap(UserProcess caller, OpenFile file, UserMapping mapping) => ((DmaBuf)file.PrivateData!).Mmap(mapping);

    /// <summary>dma_buf_poll: readable once the writers' fences signalled, writable once every fence did.</summary>
    public int Poll(UserProcess caller, OpenFile file)
    {
        var resv = ((DmaBuf)file.PrivateData!).Resv;
        var events = 0;
        if (resv.TestSignaled(DmaResv.UsageRw(write: false)))
        {
            events |= Uapi.Poll.POLLIN;
        }

        if (resv.TestSignaled(DmaResv.UsageRw(write: true)))
        {
            events |= Uapi.Poll.POLLOUT;
        }

        return events;
    }

    /// <summary>dma_buf_llseek: only offset 0 from SEEK_END (the size) or SEEK_SET (0).</summary>
    public long Lseek(OpenFile file, long offset, int whence)
    {
        if (offset != 0)
        {
            return -Errno.EINVAL;
        }

        return whence switch
        {
            Seek.SEEK_END => (long)((DmaBuf)file.PrivateData!).Size,
            Seek.SEEK_SET => 0,
            _ => -Errno.EINVAL,
        };
    }

    public void Release(OpenFile file) => ((DmaBuf)file.PrivateData!).Release();

    private static int Sync(UserProcess caller, DmaBuf buffer, ulong arg)
    {
        Span<byte> raw = stackalloc byte[DmaBufSync.Size];
        if (caller.CopyFromUser(arg, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var flags = BinaryPrimitives.ReadUInt64LittleEndian(raw);
        if ((flags & ~DmaBufIoctl.DMA_BUF_SYNC_VALID_FLAGS_MASK) != 0 || (flags & DmaBufIoctl.DMA_BUF_SYNC_RW) == 0)
        {
            return -Errno.EINVAL;
        }

        var direction = (flags & DmaBufIoctl.DMA_BUF_SYNC_RW) switch
        {
            DmaBufIoctl.DMA_BUF_SYNC_READ => DmaDataDirection.FromDevice,
            DmaBufIoctl.DMA_BUF_SYNC_WRITE => DmaDataDirection.ToDevice,
            _ => DmaDataDirection.Bidirectional,
        };
        return (flags & DmaBufIoctl.DMA_BUF_SYNC_END) != 0 ? buffer.EndCpuAccess(direction) : buffer.BeginCpuAccess(direction);
    }

    /// <summary>strndup_user(arg, DMA_BUF_NAME_LEN): a fault before the NUL is EFAULT, no NUL in 32 bytes is EINVAL.</summary>
    private static int SetName(UserProcess caller, DmaBuf buffer, ulong arg)
    {
        Span<byte> name = stackalloc byte[DmaBufIoctl.DMA_BUF_NAME_LEN];
        for (var i = 0; i < name.Length; i++)
        {
            if (arg + (ulong)i < arg || caller.CopyFromUser(arg + (ulong)i, name.Slice(i, 1)) < 0)
            {
                return -Errno.EFAULT;
            }

            if (name[i] == 0)
            {
                buffer.SetName(System.Text.Encoding.UTF8.GetString(name[..i]));
                return 0;
            }
        }

        return -Errno.EINVAL;
    }

    private int ExportSyncFile(UserProcess caller, DmaBuf buffer, ulong arg)
    {
        Span<byte> raw = stackalloc byte[DmaBufExportSyncFile.Size];
        if (caller.CopyFromUser(arg, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var request = DmaBufExportSyncFile.Read(raw);
        if ((request.Flags & ~(uint)DmaBufIoctl.DMA_BUF_SYNC_RW) != 0 || (request.Flags & (uint)DmaBufIoctl.DMA_BUF_SYNC_RW) == 0)
        {
            return -Errno.EINVAL;
        }

        var fd = caller.Files.ReserveFd(Fcntl.O_CLOEXEC);
        if (fd < 0)
        {
            return fd;
        }

        var write = (request.Flags & (uint)DmaBufIoctl.DMA_BUF_SYNC_WRITE) != 0;
        var fences = buffer.Resv.GetFences(DmaResv.UsageRw(write));
        var fence = fences.Count switch
        {
            0 => DmaFence.Stub(),
            1 => fences[0],
            _ => new DmaFenceArray(fences, kernel.FenceContextAlloc(), 1),
        };
        var syncFile = SyncFile.Create(kernel, fence);
        request.Fd = fd;
        request.Write(raw);
        if (caller.CopyToUser(arg, raw) < 0)
        {
            caller.Files.Unreserve(fd);
            syncFile.Put();
            return -Errno.EFAULT;
        }

        caller.Files.Install(fd, syncFile);
        return 0;
    }

    private static int ImportSyncFile(UserProcess caller, DmaBuf buffer, ulong arg)
    {
        Span<byte> raw = stackalloc byte[DmaBufImportSyncFile.Size];
        if (caller.CopyFromUser(arg, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var request = DmaBufImportSyncFile.Read(raw);
        if ((request.Flags & ~(uint)DmaBufIoctl.DMA_BUF_SYNC_RW) != 0 || (request.Flags & (uint)DmaBufIoctl.DMA_BUF_SYNC_RW) == 0)
        {
            return -Errno.EINVAL;
        }

        if (!caller.Files.TryGet<SyncFile>(request.Fd, out _, out var syncFile))
        {
            return -Errno.EINVAL;
        }

        var usage = (request.Flags & (uint)DmaBufIoctl.DMA_BUF_SYNC_WRITE) != 0 ? DmaResvUsage.Write : DmaResvUsage.Read;
        buffer.Resv.AddFence(syncFile.Fence, usage);
        return 0;
    }
}
