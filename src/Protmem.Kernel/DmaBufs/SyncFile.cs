using System.Globalization;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A sync file (drivers/dma-buf/sync_file.c, <c>struct sync_file</c>): a fence behind an fd, so user
/// space can pass it between drivers.
/// 1. Created with a fence (DMA_BUF_IOCTL_EXPORT_SYNC_FILE, or SYNC_IOC_MERGE); its file holds the fence.
/// 2. SYNC_IOC_FILE_INFO reports its name, status and, on a second call with room, each fence inside it.
/// 3. SYNC_IOC_SET_DEADLINE passes a deadline hint to the fence; DMA_BUF_IOCTL_IMPORT_SYNC_FILE adds the
///    fence to a buffer's reservation object.
/// 4. Release, paired with creation, when the last fd and reference are gone.
/// Other ioctls are ENOTTY, as sync_file_ioctl's default.
/// </summary>
public sealed class SyncFile : IFileOperations
{
    /// <summary>The ioctl type of sync_file's own ioctls ('>').</summary>
    public const uint SyncIocMagic = SyncFileIoctl.SYNC_IOC_MAGIC;

    private readonly KernelContext _kernel;

    private SyncFile(KernelContext kernel, DmaFence fence, string userName)
    {
        _kernel = kernel;
        Fence = fence;
        UserName = userName;
    }

    /// <summary>The fence.</summary>
    public DmaFence Fence { get; }

    /// <summary>The name given at SYNC_IOC_MERGE (user_name); empty for an exported file.</summary>
    public string UserName { get; }

    /// <summary>sync_file_get_name: the user name, else "driver-timeline&lt;context&gt;-&lt;seqno&gt;" of the fence.</summary>
    public string Name => UserName.Length > 0
        ? UserName
        : string.Create(CultureInfo.InvariantCulture, $"{Fence.DriverName}-{Fence.TimelineName}{Fence.Context}-{Fence.Seqno}");

    /// <summary>sync_file_create: a new file (one reference) carrying <paramref name="fence"/>.</summary>
    public static OpenFile Create(KernelContext kernel, DmaFence fence) => Create(kernel, fence, string.Empty);

    /// <summary>sync_file_ioctl.</summary>
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg) => request switch
    {
        SyncFileIoctl.SYNC_IOC_MERGE => Merge(caller, arg),
        SyncFileIoctl.SYNC_IOC_FILE_INFO => FileInfo(caller, arg),
        SyncFileIoctl.SYNC_IOC_SET_DEADLINE => SetDeadline(caller, arg),
        _ => -Errno.ENOTTY,
    };

    /// <summary>sync_file_poll: readable once the fence has signalled.</summary>
    public int Poll(UserProcess caller, OpenFile file) => Fence.IsSignaled ? Uapi.Poll.POLLIN : 0;

    public void Release(OpenFile file)
    {
    }

    public override string ToString() => $"sync_file '{Name}'";

    private static OpenFile Create(KernelContext kernel, DmaFence fence, string userName)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(fence);
        var sync = new SyncFile(kernel, fence, userName);
        return kernel.CreateFile(sync, sync, Fcntl.O_RDONLY);
    }

    /// <summary>
    /// sync_file_ioctl_merge: an fd is reserved first (EMFILE), then the argument is read (EFAULT);
    /// flags or pad set is EINVAL; fd2 that is no sync_file is ENOENT; the merged file's fd is written back
    /// (EFAULT undoes it) and installed.
    /// </summary>
    private int Merge(UserProcess caller, ulong arg)
    {
        var fd = caller.Files.ReserveFd(Fcntl.O_CLOEXEC);
        if (fd < 0)
        {
            return fd;
        }

        Span<byte> raw = stackalloc byte[SyncMergeData.Size];
        var result = caller.CopyFromUser(arg, raw) < 0 ? -Errno.EFAULT : 0;
        var data = result == 0 ? SyncMergeData.Read(raw) : default;
        if (result == 0 && (data.Flags != 0 || data.Pad != 0))
        {
            result = -Errno.EINVAL;
        }

        SyncFile second = null!;
        if (result == 0 && !caller.Files.TryGet(data.Fd2, out _, out second))
        {
            result = -Errno.ENOENT;
        }

        if (result < 0)
        {
            caller.Files.Unreserve(fd);
            return result;
        }

        var merged = Create(_kernel, DmaFenceUnwrap.Merge(_kernel, Fence, second.Fence), data.Name ?? string.Empty);
        data.Fence = fd;
        data.Write(raw);
        if (caller.CopyToUser(arg, raw) < 0)
        {
            caller.Files.Unreserve(fd);
            merged.Put();
            return -Errno.EFAULT;
        }

        caller.Files.Install(fd, merged);
        return 0;
    }

    /// <summary>
    /// sync_file_ioctl_fence_info: flags or pad set is EINVAL. With num_fences 0 only the count, name and
    /// status come back; otherwise num_fences below the count is EINVAL, and the fence infos are written to
    /// sync_fence_info (EFAULT) before the header.
    /// </summary>
    private int FileInfo(UserProcess caller, ulong arg)
    {
        Span<byte> raw = stackalloc byte[SyncFileInfo.Size];
        if (caller.CopyFromUser(arg, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var info = SyncFileInfo.Read(raw);
        if (info.Flags != 0 || info.Pad != 0)
        {
            return -Errno.EINVAL;
        }

        var leaves = DmaFenceUnwrap.Leaves(Fence).ToList();
        if (info.NumFences == 0)
        {
            info.Status = Fence.Status;
        }
        else
        {
            if (info.NumFences < (uint)leaves.Count)
            {
                return -Errno.EINVAL;
            }

            info.Status = 1;
            var infos = new byte[leaves.Count * SyncFenceInfo.Size];
            for (var i = 0; i < leaves.Count; i++)
            {
                var leaf = leaves[i];
                new SyncFenceInfo
                {
                    ObjName = leaf.TimelineName,
                    DriverName = leaf.DriverName,
                    Status = leaf.Status,
                    TimestampNs = leaf.IsSignaled ? leaf.Timestamp ?? 0 : 0,
                }.Write(infos.AsSpan(i * SyncFenceInfo.Size));
                info.Status = info.Status <= 0 ? info.Status : leaf.Status;
            }

            if (caller.CopyToUser(info.SyncFenceInfoPtr, infos) < 0)
            {
                return -Errno.EFAULT;
            }
        }

        info.Name = Name;
        info.NumFences = (uint)leaves.Count;
        info.Write(raw);
        return caller.CopyToUser(arg, raw) < 0 ? -Errno.EFAULT : 0;
    }

    /// <summary>sync_file_ioctl_set_deadline: pad set is EINVAL; the deadline is a hint to the fence.</summary>
    private int SetDeadline(UserProcess caller, ulong arg)
    {
        Span<byte> raw = stackalloc byte[SyncSetDeadline.Size];
        if (caller.CopyFromUser(arg, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var deadline = SyncSetDeadline.Read(raw);
        if (deadline.Pad != 0)
        {
            return -Errno.EINVAL;
        }

        Fence.SetDeadline(deadline.DeadlineNs);
        return 0;
    }
}
