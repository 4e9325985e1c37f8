using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;
using Protmem.Userspace.HeapSelection;

namespace Protmem.Userspace.DmaHeaps;

/// <summary>
/// A libdmaheap-like allocator over <see cref="ISyscalls"/>: the C#-idiomatic face of
/// /dev/dma_heap. Lifecycle of a buffer:
/// <list type="number">
/// <item><see cref="OpenHeap"/>: open("/dev/dma_heap/&lt;name&gt;").</item>
/// <item><see cref="DmaHeap.Allocate"/>: DMA_HEAP_IOCTL_ALLOC gives a dma-buf fd, owned by a <see cref="DmaBuffer"/>.</item>
/// <item><see cref="DmaBuffer.Map"/>, <see cref="DmaBuffer.SyncStart"/> … <see cref="DmaBuffer.SyncEnd"/> around CPU access.</item>
/// <item><see cref="DmaBufMapping.Dispose"/>: munmap (paired with Map).</item>
/// <item><see cref="DmaBuffer.Dispose"/>: close the dma-buf fd (paired with Allocate); <see cref="DmaHeap.Dispose"/>: close the heap fd.</item>
/// </list>
/// Every failing call throws <see cref="ErrnoException"/>; Try methods return the errno instead
/// where a failure is an expected answer (mmap of a protected buffer).
/// </summary>
public sealed class DmaHeapLibrary : IDisposable
{
    private UserBuffer? _scratch;
    private bool _disposed;

    public DmaHeapLibrary(ISyscalls sys)
    {
        ArgumentNullException.ThrowIfNull(sys);
        Syscalls = sys;
    }

    /// <summary>The process this library runs in.</summary>
    public ISyscalls Syscalls { get; }

    /// <summary>The device node of a heap: <paramref name="nameOrPath"/> itself if absolute, else under /dev/dma_heap/.</summary>
    public static string HeapPath(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        return nameOrPath.StartsWith('/') ? nameOrPath : DmaHeapIoctl.DevicePrefix + nameOrPath;
    }

    /// <summary>Opens a heap by name ("system", "protected,secure-video") or device path.</summary>
    public DmaHeap OpenHeap(string nameOrPath, int flags = Fcntl.O_RDWR)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var path = HeapPath(nameOrPath);
        var fd = ErrnoException.Check(Syscalls.Open(path, flags), $"open({path})");
        return new DmaHeap(this, path, fd);
    }

    /// <summary>
    /// A buffer of <paramref name="length"/> bytes from a heap the solver chose: DMA_HEAP_IOCTL_ALLOC on a
    /// dma-heap node (opened with <paramref name="heapFlags"/>, closed again), or on the seed design
    /// TEE_IOC_RSTMEM_ALLOC with the heap's use case on the TEE node (a context opened for the call; the
    /// buffer keeps it).
    /// </summary>
    public DmaBuffer Allocate(HeapInfo heap, ulong length, int heapFlags = Fcntl.O_RDWR)
    {
        ArgumentNullException.ThrowIfNull(heap);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (heap.IsDmaHeap)
        {
            using var dmaHeap = OpenHeap(heap.Node, heapFlags);
            return dmaHeap.Allocate(length);
        }

        if (heap.Allocation != HeapInfo.TeeRstmemAlloc)
        {
            throw new NotSupportedException($"{heap.Name}: allocation by {heap.Allocation} is not known to this library");
        }

        var useCase = ProtectedHeapNames.UseCaseNamed(heap.UseCase)
            ?? throw new NotSupportedException($"{heap.Name}: use case '{heap.UseCase}' has no TEE_IOC_UC_* number");
        var tee = ErrnoException.Check(Syscalls.Open(heap.Node, Fcntl.O_RDWR), $"open({heap.Node})");
        var data = new TeeIoctlRstmemAllocData { ShmSize = length, UseCase = useCase };
        var fd = Scratch.Ioctl(tee, TeeIoctl.TEE_IOC_RSTMEM_ALLOC, ref data);
        Syscalls.Close(tee);
        ErrnoException.Check(fd, $"ioctl({heap.Node}, TEE_IOC_RSTMEM_ALLOC, size={length}, use_case={useCase})");
        return new DmaBuffer(this, fd, data.ShmSize);
    }

    /// <summary>A page of this process's memory where ioctl arguments are staged; mapped on first use.</summary>
    internal UserBuffer Scratch
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _scratch ??= UserBuffer.Map(Syscalls, Mman.PAGE_SIZE);
        }
    }

    /// <summary>Unmaps the staging page; heaps and buffers are disposed by their owners (closing fds still works, ioctls no longer do).</summary>
    public void Dispose()
    {
        _disposed = true;
        _scratch?.Dispose();
        _scratch = null;
    }
}
