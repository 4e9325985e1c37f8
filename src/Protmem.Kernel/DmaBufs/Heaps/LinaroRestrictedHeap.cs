using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Kernel.Tee;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>
/// The Linaro restricted heap (RFC, 2024: restricted_heap_linaro.c): a dma-heap over a
/// <c>linaro,restricted-heap</c> reserved-memory carveout the secure world firewalls at boot.
/// 1. At boot the kernel puts a gen_pool over the region and registers <c>/dev/dma_heap/&lt;region&gt;</c>.
/// 2. ALLOC takes one contiguous range; the kernel never maps or touches it (no mmap, no vmap).
/// 3. Any device attaches and maps it (<see cref="ProtectedBufferOps"/>); one the firewall refuses faults on access.
/// 4. User space registers the buffer with the TEE (TEE_IOC_SHM_REGISTER_FD); the TEE passes it by
///    physical address and the secure world accepts it as protected memory.
/// 5. Release gives the range back to the pool.
/// </summary>
public sealed class LinaroRestrictedHeap : IDmaHeapOps, ITeeShmExporter
{
    /// <summary>The reserved-memory compatible.</summary>
    public const string Compatible = "linaro,restricted-heap";

    private readonly KernelContext _kernel;
    private readonly GenPool _pool = new(HwConstants.PageShift);
    private readonly ProtectedBufferOps _ops;

    private LinaroRestrictedHeap(KernelContext kernel, ReservedMemoryRegion region)
    {
        _kernel = kernel;
        Region = region;
        _pool.AddChunk(region.Range.Start.Value, region.Range.Length);
        _ops = new ProtectedBufferOps(kernel);
    }

    public ReservedMemoryRegion Region { get; }

    /// <summary>Bytes free.</summary>
    public ulong Available => _pool.Avail;

    /// <summary>Bytes managed.</summary>
    public ulong Capacity => _pool.Size;

    /// <summary>RESERVEDMEM_OF_DECLARE's init: the carveout must be page aligned and non-empty (the kernel never maps it).</summary>
    internal static int ReservedMemSetup(KernelContext kernel, ReservedMemoryRegion region) =>
        region.Range.IsPageAligned && !region.Range.IsEmpty ? 0 : -Errno.EINVAL;

    /// <summary>module_init: a heap over every carveout the reserved-memory handler claimed.</summary>
    internal static int ModuleInit(KernelContext kernel)
    {
        foreach (var region in kernel.ReservedMem.ClaimedBy(Compatible))
        {
            Register(kernel, region);
        }

        return 0;
    }

    /// <summary>Registers the heap named after <paramref name="region"/>.</summary>
    public static DmaHeap Register(KernelContext kernel, ReservedMemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(region);
        var heap = new LinaroRestrictedHeap(kernel, region);
        kernel.RegisterTeeShmExporter(heap);
        var result = kernel.DmaHeaps.Add(region.Name, heap, heap, out var dmaHeap);
        return result == 0 ? dmaHeap! : throw new KernelOopsException($"the restricted heap '{region.Name}' could not register: {Errno.Describe(result)}");
    }

    public bool Owns(DmaBuf buffer) => _ops.Owns(buffer);

    /// <summary>
    /// The RFC's path: on that design the TEE takes the buffer by its physical range, and the secure world
    /// decides whether the range is protected; any other design's TEE refuses it (-EINVAL).
    /// </summary>
    public int UpdateShm(TeeDevice tee, DmaBuf buffer, TeeShm shm)
    {
        ArgumentNullException.ThrowIfNull(tee);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(shm);
        if (tee.Design != ProtectedMemoryDesign.RestrictedHeap)
        {
            return -Errno.EINVAL;
        }

        shm.Pages = [((RestrictedBuffer)buffer.ExporterPrivate!).Range];
        return 0;
    }

    public bool TeeTakes(TeeDevice tee, DmaHeap heap)
    {
        ArgumentNullException.ThrowIfNull(tee);
        ArgumentNullException.ThrowIfNull(heap);
        return ReferenceEquals(heap.Ops, this) && tee.Design == ProtectedMemoryDesign.RestrictedHeap;
    }

    /// <summary>Model: the RFC's heap has no use case; its carveout served the secure video path, use case 1.</summary>
    public DmaHeapProperties Properties => DmaHeapProperties.ProtectedMemory(1, contiguous: true);

    /// <summary>The secure world firewalls the carveout at boot for the masters its TEE node names (<see cref="Tee.TeeConfig.StaticProtmemDevices"/>).</summary>
    public bool CanImport(PlatformDevice device) => device.Master is not null && _kernel.Config.Tee is { } tee && tee.StaticProtmemDevices.Contains(device.Name);

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
}
