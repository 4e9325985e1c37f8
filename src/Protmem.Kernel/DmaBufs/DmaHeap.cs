using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A dma-buf heap (drivers/dma-buf/dma-heap.c): a named allocator at <c>/dev/dma_heap/&lt;name&gt;</c>
/// whose one ioctl, DMA_HEAP_IOCTL_ALLOC, validates in Linux's order and hands the allocation to the
/// backend (<see cref="IDmaHeapOps"/>).
/// 1. A backend registers with <see cref="DmaHeapRegistry.Add"/> (dma_heap_add): the node appears.
/// 2. open(2) of the node gives a heap fd.
/// 3. ALLOC: nr != 0 → EINVAL; copy _IOC_SIZE bytes in (EFAULT), zero-extended; fd != 0, fd_flags
///    outside O_CLOEXEC|O_ACCMODE, heap_flags != 0, PAGE_ALIGN(len) == 0 → EINVAL; the backend
///    allocates; an fd is reserved; the struct is copied out (EFAULT frees the buffer and the fd);
///    only then is the fd published.
/// </summary>
public sealed class DmaHeap : IDeviceNode, IFileOperations
{
    /// <summary>dma_heap_ioctl copies larger arguments into a heap buffer; the model's stack buffer covers this much.</summary>
    private const int StackArgumentSize = 128;

    private readonly KernelContext _kernel;

    internal DmaHeap(KernelContext kernel, string name, IDmaHeapOps ops, object? privateData)
    {
        _kernel = kernel;
        Name = name;
        Ops = ops;
        PrivateData = privateData;
    }

    public string Name { get; }

    public IDmaHeapOps Ops { get; }

    /// <summary>The backend's data (dma_heap_get_drvdata).</summary>
    public object? PrivateData { get; }

    /// <summary>The device node path.</summary>
    public string DevicePath => DmaHeapIoctl.DevicePrefix + Name;

    /// <summary>Successful allocations.</summary>
    public long Allocations { get; private set; }

    int IDeviceNode.Open(UserProcess caller, int flags, out OpenFile? file)
    {
        file = _kernel.CreateFile(this, this, flags);
        return 0;
    }

    /// <summary>dma_heap_ioctl.</summary>
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        if (Uapi.Ioctl._IOC_NR(request) != 0)
        {
            return -Errno.EINVAL;
        }

        var size = (int)Uapi.Ioctl._IOC_SIZE(request);
        var inSize = (request & Uapi.Ioctl.IOC_IN) != 0 ? size : 0;
        var outSize = (request & Uapi.Ioctl.IOC_OUT) != 0 ? size : 0;
        var kernelSize = Math.Max(Math.Max(inSize, outSize), DmaHeapAllocationData.Size);
        Span<byte> data = kernelSize <= StackArgumentSize ? stackalloc byte[StackArgumentSize] : new byte[kernelSize];
        data = data[..kernelSize];
        data.Clear();
        if (caller.CopyFromUser(arg, data[..inSize]) < 0)
        {
            return -Errno.EFAULT;
        }

        var allocation = DmaHeapAllocationData.Read(data);
        var result = Allocate(caller, ref allocation, out var buffer, out var fd);
        if (result < 0)
        {
            return result;
        }

        allocation.Write(data);
        if (caller.CopyToUser(arg, data[..outSize]) < 0)
        {
            // The fd was never published: give it back and drop the buffer (no fd leaks).
            caller.Files.Unreserve(fd);
            buffer!.Put();
            return -Errno.EFAULT;
        }

        caller.Files.Install(fd, buffer!.File);
        return 0;
    }

    public void Release(OpenFile file)
    {
    }

    public override string ToString() => DevicePath;

    /// <summary>dma_heap_ioctl_allocate, up to the fd reservation (paired with Install or Unreserve by the caller).</summary>
    private int Allocate(UserProcess caller, ref DmaHeapAllocationData allocation, out DmaBuf? buffer, out int fd)
    {
        buffer = null;
        fd = -1;
        if (allocation.Fd != 0
            || (allocation.FdFlags & ~(uint)DmaHeapIoctl.DMA_HEAP_VALID_FD_FLAGS) != 0
            || (allocation.HeapFlags & ~(ulong)DmaHeapIoctl.DMA_HEAP_VALID_HEAP_FLAGS) != 0)
        {
            return -Errno.EINVAL;
        }

        var length = unchecked(allocation.Len + HwConstants.PageMask) & ~HwConstants.PageMask;
        if (length == 0)
        {
            return -Errno.EINVAL;
        }

        var result = Ops.Allocate(this, length, allocation.FdFlags, allocation.HeapFlags, out buffer);
        if (result < 0)
        {
            return result;
        }

        if (buffer is null || buffer.Size != length)
        {
            throw new KernelOopsException($"heap '{Name}' allocated {buffer?.Size ?? 0} bytes for a request of {length}");
        }

        fd = caller.Files.ReserveFd((int)allocation.FdFlags);
        if (fd < 0)
        {
            buffer.Put();
            buffer = null;
            return fd;
        }

        Allocations++;
        allocation.Fd = (uint)fd;
        return 0;
    }
}
