using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.DmaBuf;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A protected dma-heap (drivers/tee/tee_heap.c): <c>/dev/dma_heap/protected,&lt;use case&gt;</c> over a
/// TEE protected-memory pool.
/// 1. The TEE backend registers it at probe for each use case the secure world reports.
/// 2. DMA_HEAP_IOCTL_ALLOC takes one contiguous range from the pool and exports it as a dma-buf.
/// 3. The dma-buf has no CPU access: mmap and vmap are EINVAL. A device may attach only if the firewall
///    lets its bus master reach the whole buffer; anything else gets -EACCES, never a table of addresses
///    it cannot use.
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

    /// <summary>tee_dma_heap_alloc.</summary>
    public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf.DmaBuf? buffer) =>
        AllocateBuffer(Device.Kernel, Device, Pool, length, (int)fdFlags, heap.Name, out buffer);

    /// <summary>A protected dma-buf of <paramref name="length"/> bytes from <paramref name="pool"/>: 0 or the pool's -errno.</summary>
    internal static int AllocateBuffer(KernelContext kernel, TeeDevice device, TeeProtmemPool pool, ulong length, int fileFlags, string exporterName, out DmaBuf.DmaBuf? buffer)
    {
        buffer = null;
        var result = pool.Alloc(length, out var range, out var offset);
        if (result < 0)
        {
            return result;
        }

        buffer = DmaBuf.DmaBuf.Export(kernel, new TeeHeapBufferOps(kernel), length, fileFlags, new TeeHeapBuffer(device, pool, range, offset), exporterName);
        return 0;
    }
}

/// <summary>A protected buffer: its pool, its range and the range's offset inside the pool's memory.</summary>
public sealed class TeeHeapBuffer
{
    internal TeeHeapBuffer(TeeDevice device, TeeProtmemPool pool, PhysRange range, ulong offset)
    {
        Device = device;
        Pool = pool;
        Range = range;
        Offset = offset;
    }

    public TeeDevice Device { get; }

    public TeeProtmemPool Pool { get; }

    /// <summary>The physical range (one sg entry).</summary>
    public PhysRange Range { get; }

    /// <summary>Offset of <see cref="Range"/> inside the pool's memory (a dynamic pool: inside the lent region).</summary>
    public ulong Offset { get; }

    /// <summary>The shm TEE_IOC_RSTMEM_ALLOC created with this buffer (released with it), or null.</summary>
    internal TeeShm? OwnedShm { get; set; }
}

/// <summary>The protected buffer's dma-buf ops: attach (firewall-checked), map, unmap, release; no CPU access.</summary>
internal sealed class TeeHeapBufferOps(KernelContext kernel) : DmaBufOps
{
    public override int Attach(DmaBuf.DmaBuf buffer, DmaBufAttachment attachment)
    {
        var range = ((TeeHeapBuffer)buffer.ExporterPrivate!).Range;
        if (attachment.Device.Master is not { } master || !Reaches(master.Master.Id, range, attachment.Direction))
        {
            return -Errno.EACCES;
        }

        attachment.ExporterPrivate = new SgTable([range]);
        return 0;
    }

    public override void Detach(DmaBuf.DmaBuf buffer, DmaBufAttachment attachment) => attachment.ExporterPrivate = null;

    public override int MapDmaBuf(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table)
    {
        var sg = (SgTable)attachment.ExporterPrivate!;
        var result = kernel.Iommu.MapSg(attachment.Device, sg, direction);
        table = result == 0 ? sg : null;
        return result;
    }

    public override void UnmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction) =>
        kernel.Iommu.UnmapSg(attachment.Device, table);

    public override void Release(DmaBuf.DmaBuf buffer)
    {
        var protectedBuffer = (TeeHeapBuffer)buffer.ExporterPrivate!;
        protectedBuffer.Pool.Free(protectedBuffer.Range);
        protectedBuffer.OwnedShm?.Put();
    }

    private bool Reaches(int masterId, PhysRange range, DmaDataDirection direction)
    {
        var firewall = kernel.Soc.Firewall;
        var read = direction != DmaDataDirection.FromDevice;
        var write = direction != DmaDataDirection.ToDevice;
        return (!read || firewall.Allows(masterId, SecurityState.NonSecure, range, AccessDirection.Read))
            && (!write || firewall.Allows(masterId, SecurityState.NonSecure, range, AccessDirection.Write));
    }
}
