using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBuf.Heaps;

/// <summary>
/// The Linaro restricted heap (RFC, 2024: restricted_heap_linaro.c): a dma-heap over a
/// <c>linaro,restricted-heap</c> reserved-memory carveout the secure world firewalls at boot.
/// 1. At boot the kernel puts a gen_pool over the region and registers <c>/dev/dma_heap/&lt;region&gt;</c>.
/// 2. ALLOC takes one contiguous range; the kernel never maps or touches it (no mmap, no vmap).
/// 3. A device attaches only if the firewall admits its bus master to the whole buffer.
/// 4. User space registers the buffer with the TEE (TEE_IOC_SHM_REGISTER_FD); the TEE passes it by
///    physical address and the secure world accepts it as protected memory.
/// 5. Release gives the range back to the pool.
/// </summary>
public sealed class LinaroRestrictedHeap : IDmaHeapOps
{
    /// <summary>The reserved-memory compatible.</summary>
    public const string Compatible = "linaro,restricted-heap";

    private readonly KernelContext _kernel;
    private readonly GenPool _pool = new(HwConstants.PageShift);
    private readonly RestrictedBufferOps _ops;

    private LinaroRestrictedHeap(KernelContext kernel, ReservedMemoryRegion region)
    {
        _kernel = kernel;
        Region = region;
        _pool.AddChunk(region.Range.Start.Value, region.Range.Length);
        _ops = new RestrictedBufferOps(kernel, this);
    }

    public ReservedMemoryRegion Region { get; }

    /// <summary>Bytes free.</summary>
    public ulong Available => _pool.Avail;

    /// <summary>Bytes managed.</summary>
    public ulong Capacity => _pool.Size;

    /// <summary>Registers the heap named after <paramref name="region"/>.</summary>
    public static DmaHeap Register(KernelContext kernel, ReservedMemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(region);
        var heap = new LinaroRestrictedHeap(kernel, region);
        var result = kernel.DmaHeaps.Add(region.Name, heap, heap, out var dmaHeap);
        return result == 0 ? dmaHeap! : throw new InvalidOperationException($"the restricted heap '{region.Name}' could not register: {Errno.Describe(result)}");
    }

    public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer)
    {
        buffer = null;
        if (!_pool.TryAlloc(length, out var addr))
        {
            return -Errno.ENOMEM;
        }

        buffer = DmaBuf.Export(_kernel, _ops, length, (int)fdFlags, new RestrictedBuffer(this, new PhysRange(new PhysAddr(addr), length)), heap.Name);
        return 0;
    }

    internal void Free(PhysRange range) => _pool.Free(range.Start.Value, range.Length);

    /// <summary>The dma-buf ops: firewall-checked attach, map through the DMA API, release; no CPU access.</summary>
    private sealed class RestrictedBufferOps(KernelContext kernel, LinaroRestrictedHeap heap) : DmaBufOps
    {
        public override int Attach(DmaBuf buffer, DmaBufAttachment attachment)
        {
            var range = ((RestrictedBuffer)buffer.ExporterPrivate!).Range;
            var read = attachment.Direction != DmaDataDirection.FromDevice;
            var write = attachment.Direction != DmaDataDirection.ToDevice;
            var firewall = kernel.Soc.Firewall;
            if (attachment.Device.Master is not { } device
                || (read && !firewall.Allows(device.Master.Id, SecurityState.NonSecure, range, AccessDirection.Read))
                || (write && !firewall.Allows(device.Master.Id, SecurityState.NonSecure, range, AccessDirection.Write)))
            {
                return -Errno.EACCES;
            }

            attachment.ExporterPrivate = new SgTable([range]);
            return 0;
        }

        public override void Detach(DmaBuf buffer, DmaBufAttachment attachment) => attachment.ExporterPrivate = null;

        public override int MapDmaBuf(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table)
        {
            var sg = (SgTable)attachment.ExporterPrivate!;
            var result = kernel.Iommu.MapSg(attachment.Device, sg, direction);
            table = result == 0 ? sg : null;
            return result;
        }

        public override void UnmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction) =>
            kernel.Iommu.UnmapSg(attachment.Device, table);

        public override void Release(DmaBuf buffer) => heap.Free(((RestrictedBuffer)buffer.ExporterPrivate!).Range);
    }
}

/// <summary>A buffer of the Linaro restricted heap: one contiguous range of its carveout.</summary>
public sealed record RestrictedBuffer(LinaroRestrictedHeap Heap, PhysRange Range);
