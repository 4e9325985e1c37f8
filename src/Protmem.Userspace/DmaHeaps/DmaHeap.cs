using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Userspace.DmaHeaps;

/// <summary>An open /dev/dma_heap node (an fd): allocates dma-bufs.</summary>
public sealed class DmaHeap : IDisposable
{
    private readonly DmaHeapLibrary _library;
    private bool _disposed;

    internal DmaHeap(DmaHeapLibrary library, string path, int fd)
    {
        _library = library;
        Path = path;
        Fd = fd;
    }

    /// <summary>The device node, e.g. /dev/dma_heap/system.</summary>
    public string Path { get; }

    /// <summary>The heap's fd in this process.</summary>
    public int Fd { get; }

    /// <summary>
    /// DMA_HEAP_IOCTL_ALLOC of <paramref name="length"/> bytes (the kernel rounds up to pages);
    /// the returned buffer owns the new fd and knows its size (lseek SEEK_END).
    /// </summary>
    public DmaBuffer Allocate(ulong length, int fdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC, ulong heapFlags = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var data = new DmaHeapAllocationData { Len = length, FdFlags = unchecked((uint)fdFlags), HeapFlags = heapFlags };
        ErrnoException.Check(
            _library.Scratch.Ioctl(Fd, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ref data),
            $"ioctl({Path}, DMA_HEAP_IOCTL_ALLOC, len={length})");
        var fd = (int)data.Fd;
        var size = _library.Syscalls.Lseek(fd, 0, Seek.SEEK_END);
        if (size < 0)
        {
            _library.Syscalls.Close(fd);
            ErrnoException.Check(size, "lseek(dma-buf, 0, SEEK_END)");
        }

        return new DmaBuffer(_library, fd, (ulong)size);
    }

    /// <summary>Closes the heap fd; buffers already allocated stay valid.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _library.Syscalls.Close(Fd);
    }
}
