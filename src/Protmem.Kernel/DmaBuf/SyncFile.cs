using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBuf;

/// <summary>
/// A sync file (<c>struct sync_file</c>): a fence behind an fd, so user space can pass it between
/// drivers (DMA_BUF_IOCTL_EXPORT_SYNC_FILE / IMPORT_SYNC_FILE). Its file holds the fence.
/// </summary>
public sealed class SyncFile : IFileOperations
{
    /// <summary>The ioctl type of sync_file's own ioctls ('>').</summary>
    public const uint SyncIocMagic = '>';

    private SyncFile(DmaFence fence) => Fence = fence;

    /// <summary>The fence.</summary>
    public DmaFence Fence { get; }

    /// <summary>sync_file_create: a new file (one reference) carrying <paramref name="fence"/>.</summary>
    public static OpenFile Create(KernelContext kernel, DmaFence fence)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(fence);
        var sync = new SyncFile(fence);
        return kernel.CreateFile(sync, sync, Fcntl.O_RDONLY);
    }

    /// <summary>sync_file's ioctls (SYNC_IOC_MERGE, SYNC_IOC_FILE_INFO, SYNC_IOC_SET_DEADLINE) are not modelled; others are -ENOTTY.</summary>
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        if (Uapi.Ioctl._IOC_TYPE(request) == SyncIocMagic && Uapi.Ioctl._IOC_NR(request) is 3 or 4 or 5)
        {
            throw new NotSupportedException($"sync_file ioctl 0x{request:x8} (SYNC_IOC_MERGE / FILE_INFO / SET_DEADLINE) is not modelled");
        }

        return -Errno.ENOTTY;
    }

    /// <summary>sync_file_poll: readable once the fence has signalled.</summary>
    public int Poll(UserProcess caller, OpenFile file) => Fence.IsSignaled ? Uapi.Poll.POLLIN : 0;

    public void Release(OpenFile file)
    {
    }
}
