using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Userspace.Tests;

/// <summary>
/// Scripted answers of a few dma-heap nodes on a <see cref="FakeProcess"/>, enough to drive the
/// library and the selftest's reporting: allocation with the uapi.md checks, lseek for the size,
/// mmap of a dma-buf (refused with EINVAL on a protected heap unless told otherwise), SYNC and
/// SET_NAME. It is a script of answers, not a model of the kernel.
/// </summary>
internal sealed class ScriptedHeaps
{
    private readonly FakeProcess _process;
    private readonly Dictionary<int, string> _heapFds = [];
    private readonly Dictionary<int, (ulong Size, bool Protected)> _bufs = [];
    private readonly HashSet<int> _syncFiles = [];

    public ScriptedHeaps(FakeProcess process, params string[] heaps)
    {
        _process = process;
        process.OnOpen = (path, _) =>
        {
            var name = path.StartsWith(DmaHeapIoctl.DevicePrefix, StringComparison.Ordinal) ? path[DmaHeapIoctl.DevicePrefix.Length..] : null;
            if (name is null || !heaps.Contains(name))
            {
                return -Errno.ENOENT;
            }

            var fd = process.NewFd();
            _heapFds[fd] = name;
            return fd;
        };
        process.OnIoctl = Answer;
        process.OnLseek = (fd, offset, whence) =>
            _bufs.TryGetValue(fd, out var buf) && whence == Seek.SEEK_END && offset == 0 ? (long)buf.Size : -Errno.EINVAL;
        process.OnMmapFd = (fd, length, _) =>
        {
            if (!_bufs.TryGetValue(fd, out var buf))
            {
                return -Errno.EBADF;
            }

            return (buf.Protected && !ProtectedHeapsMap) || length > buf.Size ? -Errno.EINVAL : (long)process.MapAnonymous(length);
        };
    }

    /// <summary>Makes protected heaps answer mmap as if they were not protected (a broken platform).</summary>
    public bool ProtectedHeapsMap { get; set; }

    public List<string> Names { get; } = [];

    private int Answer(int fd, uint request, ulong arg)
    {
        if (_heapFds.TryGetValue(fd, out var heap))
        {
            return Allocate(heap, request, arg);
        }

        if (!_bufs.ContainsKey(fd))
        {
            return _process.OpenFds.Contains(fd) || fd == 0 ? -Errno.ENOTTY : -Errno.EBADF;
        }

        switch (request)
        {
            case DmaBufIoctl.DMA_BUF_IOCTL_SYNC:
                var flags = _process.Load<DmaBufSync>(arg).Flags;
                return (flags & ~DmaBufIoctl.DMA_BUF_SYNC_VALID_FLAGS_MASK) != 0 || (flags & DmaBufIoctl.DMA_BUF_SYNC_RW) == 0 ? -Errno.EINVAL : 0;
            case DmaBufIoctl.DMA_BUF_SET_NAME:
                var name = new byte[DmaBufIoctl.DMA_BUF_NAME_LEN];
                if (_process.ReadMemory(arg, name) != 0)
                {
                    return -Errno.EFAULT;
                }

                var nul = Array.IndexOf(name, (byte)0);
                if (nul < 0)
                {
                    return -Errno.EINVAL;
                }

                Names.Add(Encoding.UTF8.GetString(name, 0, nul));
                return 0;
            case DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE:
                var export = _process.Load<DmaBufExportSyncFile>(arg);
                if (export.Flags == 0 || (export.Flags & ~DmaBufIoctl.DMA_BUF_SYNC_RW) != 0)
                {
                    return -Errno.EINVAL;
                }

                var syncFd = _process.NewFd();
                _syncFiles.Add(syncFd);
                _process.Store(arg, export with { Fd = syncFd });
                return 0;
            case DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE:
                var import = _process.Load<DmaBufImportSyncFile>(arg);
                return import.Flags == 0 || (import.Flags & ~DmaBufIoctl.DMA_BUF_SYNC_RW) != 0 || !_syncFiles.Contains(import.Fd) ? -Errno.EINVAL : 0;
            default:
                return -Errno.ENOTTY;
        }
    }

    private int Allocate(string heap, uint request, ulong arg)
    {
        if (Uapi.Ioctl._IOC_NR(request) != 0)
        {
            return -Errno.EINVAL;
        }

        var bytes = new byte[Math.Max(Uapi.Ioctl._IOC_SIZE(request), (uint)DmaHeapAllocationData.Size)];
        if (_process.ReadMemory(arg, bytes.AsSpan(0, (int)Uapi.Ioctl._IOC_SIZE(request))) != 0)
        {
            return -Errno.EFAULT;
        }

        var data = DmaHeapAllocationData.Read(bytes);
        var len = (data.Len + 4095) & ~4095ul;
        if (data.Fd != 0 || (data.FdFlags & ~(uint)DmaHeapIoctl.DMA_HEAP_VALID_FD_FLAGS) != 0 || data.HeapFlags != 0 || len == 0)
        {
            return -Errno.EINVAL;
        }

        var fd = _process.NewFd();
        _bufs[fd] = (len, Selftests.DmabufHeapsSelftest.IsProtectedHeapName(heap));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)fd);
        return _process.WriteMemory(arg + 8, bytes.AsSpan(8, 4));
    }
}
