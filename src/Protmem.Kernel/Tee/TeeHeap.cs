using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A protected dma-heap (drivers/tee/tee_heap.c): <c>/dev/dma_heap/protected,&lt;use case&gt;</c> over a
/// TEE protected-memory pool.
/// 1. The TEE backend registers it at probe for each use case the secure world reports.
/// 2. DMA_HEAP_IOCTL_ALLOC takes one contiguous range from the pool and exports it as a dma-buf.
/// 3. The dma-buf has no CPU access: mmap and vmap are EINVAL. Any device attaches and maps it
///    (<see cref="ProtectedBufferOps"/>); a device the firewall refuses faults when it accesses the buffer.
/// 4. The dma-buf's release gives the range back to the pool (which may reclaim a lent region).
/// </summary>
public sealed class TeeHeap : IDmaHeapOps
{
    private TeeHeap(TeeDevice device, TeeProtmemPool pool)
    {
        Device = device;
        Pool = pool;
    }

    public TeeDevice Device { get; }

    public TeeProtmemPool Pool { get; }

    /// <summary>The heap's dma-heap (set at registration).</summary>
    public DmaHeap Heap { get; private set; } = null!;

    /// <summary>heap_id_2_name: the heap name of a use case, or null for an unknown one.</summary>
    public static string? NameOf(uint useCase) => useCase switch
    {
        1 => "protected,secure-video",
        2 => "protected,trusted-ui",
        3 => "protected,secure-video-record",

        // Model: Linux's tee_dma_heap_id stops at 3; use case 4 holds keys only the crypto engine may read.
        4 => "protected,crypto-key",
        _ => null,
    };

    /// <summary>dma_heap_add of the use case's heap: 0 and the heap, or the framework's -errno.</summary>
    internal static int Register(KernelContext kernel, TeeDevice device, TeeProtmemPool pool, out TeeHeap? heap)
    {
        heap = null;
        var candidate = new TeeHeap(device, pool);
        var result = kernel.DmaHeaps.Add(NameOf(pool.UseCase)!, candidate, device, out var dmaHeap);
        if (result < 0)
        {
            return result;
        }

        candidate.Heap = dmaHeap!;
        heap = candidate;
        return 0;
    }

    /// <summary>One contiguous range of the use case's pool, never CPU-mapped.</summary>
    public DmaHeapProperties Properties => DmaHeapProperties.ProtectedMemory(Pool.UseCase, contiguous: true);

    /// <summary>The devices the pool's memory admits (<see cref="TeeProtmemPool.Admits"/>).</summary>
    public bool CanImport(PlatformDevice device) => Pool.Admits(device);

    /// <summary>tee_dma_heap_alloc.</summary>
    public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer) =>
        AllocateBuffer(Device.Kernel, Device, Pool, length, (int)fdFlags, heap.Name, out buffer);

    /// <summary>A protected dma-buf of <paramref name="length"/> bytes from <paramref name="pool"/>: 0 or the pool's -errno.</summary>
    internal static int AllocateBuffer(KernelContext kernel, TeeDevice device, TeeProtmemPool pool, ulong length, int fileFlags, string exporterName, out DmaBuf? buffer)
    {
        buffer = null;
        var result = pool.Alloc(length, out var range, out var offset);
        if (result < 0)
        {
            return result;
        }

        buffer = DmaBuf.Export(kernel, device.BufferOps, length, fileFlags, new TeeHeapBuffer(device, pool, range, offset), exporterName);
        return 0;
    }
}
